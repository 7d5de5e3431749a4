package dev.reel.app.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the browser libraries of the web UI from their WebJars on the classpath (no CDN, no Node build step):
 * {@code /vendor/preact.js} and {@code /vendor/hooks.js}. Preact's hooks module imports the bare specifier
 * {@code "preact"}, which a browser resolves only through an import map, and an import map is an inline script that
 * the Content-Security-Policy forbids; so the import is rewritten to the relative {@code "./preact.js"} (both files
 * then share one Preact instance). Only the files named in {@link #FILES} are served. Thread-safe.
 */
public final class VendorFiles extends Handler.Abstract {
  /** The route. */
  public static final String PATH_SPEC = "/vendor/*";
  private static final String PREACT_POM = "META-INF/maven/org.webjars.npm/preact/pom.properties";
  /** URL file name → path inside the Preact WebJar's version folder. */
  static final Map<String, String> FILES = Map.of(
      "preact.js", "dist/preact.module.js",
      "hooks.js", "hooks/dist/hooks.module.js");

  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
  private final ClassLoader loader = VendorFiles.class.getClassLoader();

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    String path = request.getHttpURI().getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    String inWebJar = FILES.get(name);
    boolean get = HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
    if (!get || inWebJar == null || !path.equals("/vendor/" + name)) {
      byte[] body = (get ? "no such file\n" : "405 Method Not Allowed\n").getBytes(StandardCharsets.UTF_8);
      if (!get) response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      response.setStatus(get ? 404 : 405);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      response.write(true, ByteBuffer.wrap(body), callback);
      return true;
    }
    byte[] bytes;
    try {
      bytes = cache.computeIfAbsent(name, n -> load(inWebJar));
    } catch (UncheckedIOException | IllegalStateException e) {
      byte[] body = ("cannot load " + name + ": " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
      response.setStatus(500);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      response.write(true, ByteBuffer.wrap(body), callback);
      return true;
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/javascript; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=3600");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, HttpMethod.HEAD.is(method) ? null : ByteBuffer.wrap(bytes), callback);
    return true;
  }

  /** The WebJar's version, from its Maven properties. */
  static String preactVersion(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(PREACT_POM)) {
      if (in == null) throw new IllegalStateException("the Preact WebJar is not on the classpath");
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] load(String inWebJar) {
    String resource = "META-INF/resources/webjars/preact/" + preactVersion(loader) + "/" + inWebJar;
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing " + resource);
      String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return rewriteImports(js).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites the bare specifier {@code "preact"} (and {@code 'preact'}) in import clauses to {@code "./preact.js"}. */
  static String rewriteImports(String js) {
    return js.replaceAll("(from\\s*)([\"'])preact\\2", "$1\"./preact.js\"")
        .replaceAll("(import\\s*)([\"'])preact\\2", "$1\"./preact.js\"");
  }
}
