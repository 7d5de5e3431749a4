package dev.reel.app.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the web UI from the classpath folder {@code /web/} at {@code /}: a path without a file extension that names
 * no file gets {@code index.html} (client-side routes). HTML answers carry the Content-Security-Policy, set the
 * {@code reel_csrf} cookie and carry the token in {@code <meta name="reel-token" content="...">} (filled in when the
 * page has that tag with an empty content, else inserted before {@code </head>}). Thread-safe.
 */
public final class StaticFiles extends Handler.Abstract {
  public static final String CSP = "default-src 'self'; img-src 'self' data: https: http:; media-src 'self' blob:; "
      + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
  private static final String ROOT = "web";
  private static final String META_EMPTY = "<meta name=\"reel-token\" content=\"\">";
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("json", "application/json; charset=utf-8"), Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("ico", "image/x-icon"),
      Map.entry("woff2", "font/woff2"), Map.entry("woff", "font/woff"), Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("map", "application/json; charset=utf-8"), Map.entry("webmanifest", "application/manifest+json"),
      Map.entry("vtt", "text/vtt; charset=utf-8"));

  private final Tokens tokens;
  private final ClassLoader loader;

  public StaticFiles(Tokens tokens) {
    this.tokens = tokens;
    this.loader = StaticFiles.class.getClassLoader();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws IOException {
    String method = request.getMethod();
    if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      ApiHandler.send(request, response, callback, 405,
          ApiHandler.error("method_not_allowed", method + " is not allowed here", Map.of()));
      return true;
    }
    String path = request.getHttpURI().getDecodedPath();
    if (path.isEmpty() || path.endsWith("/")) {
      path = path + "index.html";
    }
    byte[] bytes = null;
    String name = path.substring(path.lastIndexOf('/') + 1);
    boolean safe = !path.contains("..") && !path.contains("\\") && !path.contains("\0") && !name.isEmpty();
    if (safe) {
      bytes = read(ROOT + path);
    }
    if (bytes == null) {
      if (name.contains(".") || !safe) {
        ApiHandler.send(request, response, callback, 404, ApiHandler.error("not_found", "no file " + path, Map.of()));
        return true;
      }
      name = "index.html";
      bytes = read(ROOT + "/index.html");
      if (bytes == null) {
        ApiHandler.send(request, response, callback, 404, ApiHandler.error("not_found", "no web UI", Map.of()));
        return true;
      }
    }
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
    String type = TYPES.getOrDefault(ext, "application/octet-stream");
    if (ext.equals("html")) {
      bytes = withToken(bytes);
      response.getHeaders().put("Content-Security-Policy", CSP);
      response.getHeaders().put("X-Frame-Options", "DENY");
      Response.addCookie(response, tokens.csrfCookie());
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, HttpMethod.HEAD.is(method) ? null : ByteBuffer.wrap(bytes), callback);
    return true;
  }

  private byte[] withToken(byte[] html) {
    String text = new String(html, StandardCharsets.UTF_8);
    String meta = "<meta name=\"reel-token\" content=\"" + tokens.csrfToken() + "\">";
    if (text.contains(META_EMPTY)) {
      text = text.replace(META_EMPTY, meta);
    } else {
      int head = text.toLowerCase(Locale.ROOT).indexOf("</head>");
      text = head < 0 ? meta + text : text.substring(0, head) + meta + text.substring(head);
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] read(String resource) throws IOException {
    var url = loader.getResource(resource);
    if (url == null) {
      return null;
    }
    if (url.getProtocol().equals("file") && java.nio.file.Files.isDirectory(java.nio.file.Path.of(
        java.net.URI.create(url.toString())))) {
      return null;
    }
    try (InputStream in = url.openStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      return null; // a directory inside a jar, for instance
    }
  }
}
