package dev.reel.app.catalog;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server for provider tests: binds 127.0.0.1 on an ephemeral port, runs handlers on virtual threads and
 * records every request's raw path and query.
 */
public final class FixtureServer implements AutoCloseable {
  /** Answers one request. */
  @FunctionalInterface
  public interface Handler {
    Response handle(HttpExchange exchange) throws Exception;
  }

  public record Response(int status, byte[] body, String contentType) {
    public static Response json(byte[] body) {
      return new Response(200, body, "application/json; charset=utf-8");
    }

    public static Response notFound() {
      return new Response(404, "not found".getBytes(), "text/plain");
    }
  }

  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private FixtureServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
  }

  public static FixtureServer start() {
    try {
      FixtureServer s = new FixtureServer();
      s.server.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves requests under {@code prefix} with {@code handler}. */
  public FixtureServer route(String prefix, Handler handler) {
    server.createContext(prefix, exchange -> {
      String raw = exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
      requests.add(raw);
      Response r;
      try {
        r = handler.handle(exchange);
      } catch (Exception e) {
        r = new Response(500, e.toString().getBytes(), "text/plain");
      }
      try (exchange) {
        exchange.getResponseHeaders().set("Content-Type", r.contentType());
        exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
        if (r.body().length > 0) {
          exchange.getResponseBody().write(r.body());
        }
      } catch (IOException e) {
        // the client went away (e.g. it timed out): nothing to do
      }
    });
    return this;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** Raw path and query of every request so far, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** A classpath resource's bytes (e.g. "/fixtures/archive/x.json"). */
  public static byte[] resource(String path) {
    try (InputStream in = FixtureServer.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
