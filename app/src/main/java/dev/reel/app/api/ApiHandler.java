package dev.reel.app.api;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /api/*} routes: a method + regex table, JSON answers, errors as {@code {error: {code, message}}}.
 * Security (Host, token, LAN auth) is checked before by {@link SecurityFilter}. Routes run on virtual threads and may
 * block. Routes are added before the server starts; thread-safe afterwards.
 */
public final class ApiHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  /** Route code: returns the JSON body (200), a {@link Reply}, or null for 204. */
  @FunctionalInterface
  public interface Action {
    Object handle(ApiRequest request) throws Exception;
  }

  private record Route(String method, Pattern pattern, Action action) {}

  /** A route as registered: its method and the regex its whole decoded path must match. */
  public record RouteSpec(String method, String regex) {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds a route; {@code regex} matches the whole decoded path, groups become {@link ApiRequest#path(int)}. */
  public ApiHandler route(String method, String regex, Action action) {
    routes.add(new Route(method, Pattern.compile(regex), action));
    return this;
  }

  /** Every route, in the order they are tried. */
  public List<RouteSpec> routes() {
    return routes.stream().map(r -> new RouteSpec(r.method(), r.pattern().pattern())).toList();
  }

  public ApiHandler get(String regex, Action action) {
    return route("GET", regex, action);
  }

  public ApiHandler post(String regex, Action action) {
    return route("POST", regex, action);
  }

  public ApiHandler put(String regex, Action action) {
    return route("PUT", regex, action);
  }

  public ApiHandler delete(String regex, Action action) {
    return route("DELETE", regex, action);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getDecodedPath();
    String method = HttpMethod.HEAD.is(request.getMethod()) ? "GET" : request.getMethod();
    Set<String> allowed = new LinkedHashSet<>();
    Object result;
    int status = 200;
    List<org.eclipse.jetty.http.HttpCookie> cookies = List.of();
    try {
      Route found = null;
      Matcher matched = null;
      for (Route r : routes) {
        Matcher m = r.pattern().matcher(path);
        if (m.matches()) {
          if (r.method().equals(method)) {
            found = r;
            matched = m;
            break;
          }
          allowed.add(r.method());
        }
      }
      if (found == null) {
        if (!allowed.isEmpty()) {
          response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
          throw new ApiException(405, "method_not_allowed", request.getMethod() + " is not allowed on " + path
              + "; use " + String.join(", ", allowed));
        }
        throw ApiException.notFound("no API route " + path);
      }
      result = found.action().handle(new ApiRequest(request, matched));
      if (result instanceof Reply reply) {
        status = reply.status();
        cookies = reply.cookies();
        result = reply.body();
      } else if (result == null) {
        status = 204;
      }
    } catch (ApiException e) {
      status = e.status();
      result = error(e.code(), e.getMessage(), e.details());
    } catch (IllegalArgumentException e) {
      status = 400;
      result = error("bad_request", e.getMessage(), Map.of());
    } catch (Exception e) {
      LOG.warn("API {} {} failed", request.getMethod(), path, e);
      status = 500;
      result = error("internal", e.getClass().getSimpleName() + ": " + e.getMessage(), Map.of());
    }
    for (var c : cookies) {
      Response.addCookie(response, c);
    }
    send(request, response, callback, status, result);
    return true;
  }

  static Map<String, Object> error(String code, String message, Map<String, ?> details) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", code);
    e.put("message", message);
    if (!details.isEmpty()) {
      e.put("details", details);
    }
    return Map.of("error", e);
  }

  /** Writes a JSON answer (no body for 204 or HEAD); never cached by the browser. */
  static void send(Request request, Response response, Callback callback, int status, Object body) {
    Bodies.discardUnread(request, response);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (status == 204 || body == null) {
      response.write(true, null, callback);
      return;
    }
    byte[] bytes = Json.write(body);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
  }
}
