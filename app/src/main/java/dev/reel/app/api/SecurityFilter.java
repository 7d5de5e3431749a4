package dev.reel.app.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Runs after the {@code Host} check (421) and before every route (issue 5, security):
 * <ol>
 *   <li>every answer gets {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: no-referrer}; no CORS
 *       header is ever added;
 *   <li>in LAN mode, a request from another machine needs HTTP Basic auth with the password or a {@code reel_auth}
 *       login cookie (401 otherwise), except the UI's static files, {@code GET /api/token}, {@code GET /api/info} and
 *       {@code POST /api/login} (streams, playlists and subtitles are the user's data: they need it too); wrong
 *       passwords are throttled per address ({@link LoginThrottle}: 429);
 *   <li>every method other than GET and HEAD must carry {@code X-Reel-Token} equal to the {@code reel_csrf} cookie and
 *       to this run's token (403 otherwise).
 * </ol>
 * Thread-safe.
 */
public final class SecurityFilter extends Handler.Wrapper {
  private final Tokens tokens;

  public SecurityFilter(Tokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    String path = request.getHttpURI().getDecodedPath();
    String method = request.getMethod();
    boolean safe = HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
    boolean authenticated;
    try {
      authenticated = !tokens.lan() || isLoopback(request) || open(path, method) || authenticated(request);
    } catch (ApiException throttled) {
      if (throttled.details().get("retryAfterSeconds") instanceof Long seconds) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds);
      }
      closeIfBodyUnread(request, response);
      ApiHandler.send(request, response, callback, throttled.status(),
          ApiHandler.error(throttled.code(), throttled.getMessage(), throttled.details()));
      return true;
    }
    if (!authenticated) {
      boolean media = path.startsWith("/stream/") || path.startsWith("/playlist/") || path.startsWith("/subtitles/");
      if (media) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"Reel\", charset=\"UTF-8\"");
      }
      closeIfBodyUnread(request, response);
      ApiHandler.send(request, response, callback, 401,
          ApiHandler.error("unauthorized", "log in with the Reel password first", Map.of()));
      return true;
    }
    if (!safe && !tokenOk(request)) {
      closeIfBodyUnread(request, response);
      ApiHandler.send(request, response, callback, 403, ApiHandler.error("forbidden",
          "missing or wrong " + Tokens.CSRF_HEADER + " header (get the token from GET /api/token)", Map.of()));
      return true;
    }
    return super.handle(request, response, callback);
  }

  /**
   * A refused request's body is never read: when it has not all arrived yet, Jetty closes the connection after the
   * answer, racing the client's next request on it (the JDK's client reports that as "header parser received no
   * bytes" and does not retry a POST). So a refusal of a request with a body always closes, and says so.
   */
  private static void closeIfBodyUnread(Request request, Response response) {
    if (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
  }

  private boolean tokenOk(Request request) {
    String header = request.getHeaders().get(Tokens.CSRF_HEADER);
    if (!tokens.isCsrfToken(header)) {
      return false;
    }
    List<HttpCookie> cookies = Request.getCookies(request);
    return cookies.stream().anyMatch(c -> c.getName().equals(Tokens.CSRF_COOKIE) && header.equals(c.getValue()));
  }

  /**
   * Path prefixes that serve the user's data (the API, the torrents' bytes, their subtitles): never open without LAN
   * credentials. Every other GET path is the UI's static files ({@code /}, {@code /vendor/}).
   */
  static final List<String> PRIVATE_PREFIXES = List.of("/api/", "/stream/", "/playlist/", "/subtitles/");

  /** Routes reachable without LAN credentials: the UI's files and what its login form needs. */
  static boolean open(String path, String method) {
    boolean get = HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
    if (path.equals("/api/login") && HttpMethod.POST.is(method)) {
      return true;
    }
    if (!get) {
      return false;
    }
    if (path.equals("/api/token") || path.equals("/api/info")) {
      return true;
    }
    return PRIVATE_PREFIXES.stream().noneMatch(path::startsWith);
  }

  private boolean authenticated(Request request) {
    for (HttpCookie c : Request.getCookies(request)) {
      if (c.getName().equals(Tokens.AUTH_COOKIE) && tokens.isLogin(c.getValue())) {
        return true;
      }
    }
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String userPass = new String(Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
        int colon = userPass.indexOf(':');
        return colon >= 0 && tokens.checkPassword(userPass.substring(colon + 1), Request.getRemoteAddr(request));
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return false;
  }

  static boolean isLoopback(Request request) {
    try {
      return InetAddress.getByName(Request.getRemoteAddr(request)).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
