package dev.reel.app.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Matcher;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * One API call as a route sees it: the path's captured groups, the query, the body (read on demand, bounded) and the
 * Jetty request. Used by one thread.
 */
public final class ApiRequest {
  private final Request request;
  private final Matcher path;
  private Fields query;
  private byte[] body;

  ApiRequest(Request request, Matcher path) {
    this.request = request;
    this.path = path;
  }

  public Request jetty() {
    return request;
  }

  public String method() {
    return request.getMethod();
  }

  /** The {@code n}th group of the route's pattern, percent-decoded by Jetty already. */
  public String path(int n) {
    return path.group(n);
  }

  private Fields query() {
    if (query == null) {
      query = Request.extractQueryParameters(request);
    }
    return query;
  }

  /** A query parameter, or null when absent or blank. */
  public String param(String name) {
    String v = query().getValue(name);
    return v == null || v.isBlank() ? null : v;
  }

  public String requiredParam(String name) {
    String v = param(name);
    if (v == null) {
      throw ApiException.badRequest("the query parameter \"" + name + "\" is required");
    }
    return v;
  }

  /** An integer query parameter within bounds, or {@code dflt} when absent. */
  public int intParam(String name, int dflt, int min, int max) {
    String v = param(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n < min || n > max) {
        throw ApiException.badRequest("\"" + name + "\" must be between " + min + " and " + max + ", not " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("\"" + name + "\" must be a whole number, not \"" + v + "\"");
    }
  }

  public Integer optIntParam(String name, int min, int max) {
    return param(name) == null ? null : intParam(name, 0, min, max);
  }

  public boolean boolParam(String name, boolean dflt) {
    String v = param(name);
    if (v == null) {
      return dflt;
    }
    return switch (v) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw ApiException.badRequest("\"" + name + "\" must be true or false, not \"" + v + "\"");
    };
  }

  /** The request's content type without parameters, lower-case, or "". */
  public String contentType() {
    String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (ct == null) {
      return "";
    }
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).strip().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The body, at most {@code limit} bytes (413 beyond, checked against Content-Length first and while reading).
   * Read once; later calls return the same bytes.
   */
  public byte[] body(int limit) {
    if (body != null) {
      return body;
    }
    long declared = request.getLength();
    try (InputStream in = Request.asInputStream(request)) {
      // Drain before the stream closes: closing it before the end fails the request's content (see Bodies).
      if (declared > limit) {
        if (declared <= Bodies.MAX_DRAIN_BYTES) {
          Bodies.drain(in, declared);
        }
        throw tooLarge(limit);
      }
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        Bodies.drain(in, Bodies.MAX_DRAIN_BYTES);
        throw tooLarge(limit);
      }
      body = bytes;
      return body;
    } catch (IOException e) {
      throw ApiException.badRequest("cannot read the request body: " + e.getMessage());
    }
  }

  /** The body as a JSON object (at most {@link Json#MAX_BODY}); 415 for a non-JSON content type. */
  public ObjectNode json() {
    String ct = contentType();
    if (!ct.isEmpty() && !ct.equals("application/json")) {
      throw new ApiException(415, "unsupported_media_type", "expected application/json, not " + ct);
    }
    return Json.object(body(Json.MAX_BODY));
  }

  private static ApiException tooLarge(int limit) {
    return new ApiException(413, "payload_too_large", "the body is larger than " + limit + " bytes");
  }

  /** The cookie values of this name (usually one). */
  public List<String> cookies(String name) {
    return Request.getCookies(request).stream().filter(c -> c.getName().equals(name)).map(c -> c.getValue()).toList();
  }
}
