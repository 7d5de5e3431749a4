package dev.reel.engine.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A web seed (BEP 19) for tests: an HTTP/1.1 server on 127.0.0.1 (ephemeral port) serving the files under a folder
 * at a path prefix, e.g. {@code /download/} as the Internet Archive does, with Range support as RFC 9110 describes:
 * a single {@code bytes=a-b}, {@code a-} or {@code -n} range gives 206 with {@code Content-Range}; a range starting
 * past the end gives 416 with {@code Content-Range: bytes *}{@code /len}; no, several or malformed ranges give 200 and
 * the whole file. HEAD works; keep-alive is the server's default.
 *
 * <p>Faults, switchable at any time: {@link #lie} (the first byte of every body is flipped), {@link #failNext}
 * (the next n requests get a status), {@link #hide} (404 for one file), {@link #stallMidBody} (half the body, then a
 * pause), {@link #ignoreRange}
 * (always 200 with the whole file), {@link #redirectTo} (302 to another base URL, same rest of path). Requests are
 * counted and logged ({@link #requests()}, {@link #log()}).
 *
 * <p>Thread-safe: requests are handled on virtual threads; fault switches and counters are safe from any thread.
 */
public final class WebSeedServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final int CHUNK = 64 * 1024;

  /** One request as the server saw it. */
  public record Request(String method, String path, String range, int status) {}

  private final Path root;
  private final String prefix;
  private final String scheme;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<Request> log = new ArrayList<>();
  private volatile boolean lie;
  private volatile boolean ignoreRange;
  private volatile Duration stall;
  private volatile String redirectBase;
  private final java.util.Set<String> hidden = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final AtomicInteger failCount = new AtomicInteger();
  private volatile int failStatus;

  private WebSeedServer(Path root, String prefix, SSLContext tls) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.prefix = prefix;
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls != null) {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      this.server = https;
      this.scheme = "https";
    } else {
      this.server = HttpServer.create(loopback, 0);
      this.scheme = "http";
    }
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Serves the files under {@code root} at {@code prefix}: {@code GET <prefix><relative path>} (percent-decoded,
   * UTF-8) reads {@code root/<relative path>}.
   *
   * @param prefix path prefix starting and ending with '/', e.g. {@code "/download/"} or {@code "/"}
   */
  public static WebSeedServer start(Path root, String prefix) {
    return start(root, prefix, null);
  }

  /** As {@link #start(Path, String)}, over HTTPS with {@code tls} (e.g. {@link SelfSignedTls#serverContext()}). */
  public static WebSeedServer startHttps(Path root, String prefix, SSLContext tls) {
    return start(root, prefix, java.util.Objects.requireNonNull(tls, "tls"));
  }

  private static WebSeedServer start(Path root, String prefix, SSLContext tls) {
    if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
      throw new IllegalArgumentException("prefix must start and end with '/': " + prefix);
    }
    try {
      return new WebSeedServer(root, prefix, tls);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the web seed server", e);
    }
  }

  /** {@code http(s)://127.0.0.1:<port><prefix>}: a url-list folder entry. */
  public String baseUrl() {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + prefix;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Requests received so far (all methods, all outcomes). */
  public int requests() {
    return requests.get();
  }

  /** A copy of the request log, oldest first; a request is in it as soon as its status line was sent. */
  public List<Request> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** When on, every response body has its first byte flipped (a seed serving bad data). */
  public WebSeedServer lie(boolean on) {
    this.lie = on;
    return this;
  }

  /** The next {@code n} requests are answered with {@code status} (e.g. 404, 500, 503) and a short text body. */
  public WebSeedServer failNext(int n, int status) {
    this.failStatus = status;
    this.failCount.set(n);
    return this;
  }

  /** When on, Range is ignored: every GET gets 200 and the whole file. */
  public WebSeedServer ignoreRange(boolean on) {
    this.ignoreRange = on;
    return this;
  }

  /** Sends headers and half of each body, then waits {@code pause} before the rest; null turns it off. */
  public WebSeedServer stallMidBody(Duration pause) {
    this.stall = pause;
    return this;
  }

  /** Answers 404 for the file at {@code relativePath} below the root (decoded, '/'-separated), as if it were gone. */
  public WebSeedServer hide(String relativePath) {
    hidden.add(relativePath);
    return this;
  }

  /** Answers every request with 302 to {@code otherBase + <rest of the path>}; null turns it off. */
  public WebSeedServer redirectTo(String otherBase) {
    this.redirectBase = otherBase;
    return this;
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String range = ex.getRequestHeaders().getFirst("Range");
    Answer answer = new Answer(ex, range);
    try {
      respond(ex, range, answer);
    } catch (IOException | RuntimeException e) {
      answer.log(-1); // the client went away (e.g. it cancelled a stalled or unwanted body)
    } finally {
      ex.close();
    }
  }

  /**
   * Sends a request's status line and logs it first, so a client that has its answer always finds the request in
   * {@link #log()}; the entry becomes status -1 if the response then fails.
   */
  private final class Answer {
    private final HttpExchange ex;
    private final String range;
    private int index = -1;

    Answer(HttpExchange ex, String range) {
      this.ex = ex;
      this.range = range;
    }

    void send(int status, long length) throws IOException {
      log(status);
      ex.sendResponseHeaders(status, length);
    }

    void log(int status) {
      Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), range, status);
      synchronized (log) {
        if (index < 0) {
          index = log.size();
          log.add(r);
        } else {
          log.set(index, r);
        }
      }
    }
  }

  private int respond(HttpExchange ex, String range, Answer answer) throws IOException {
    boolean head = ex.getRequestMethod().equals("HEAD");
    if (!head && !ex.getRequestMethod().equals("GET")) {
      return text(ex, answer, 405, "only GET and HEAD");
    }
    if (failCount.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return text(ex, answer, failStatus, "injected failure");
    }
    String rawPath = ex.getRequestURI().getRawPath();
    if (!rawPath.startsWith(prefix)) {
      return text(ex, answer, 404, "outside " + prefix);
    }
    String redirect = redirectBase;
    if (redirect != null) {
      ex.getResponseHeaders().set("Location", redirect + rawPath.substring(prefix.length()));
      answer.send(302, -1);
      return 302;
    }
    String relative = URI.create(rawPath).getPath().substring(prefix.length());
    Path file = root.resolve(relative).normalize();
    if (relative.isEmpty() || !file.startsWith(root) || !Files.isRegularFile(file) || hidden.contains(relative)) {
      return text(ex, answer, 404, "no such file");
    }
    long size = Files.size(file);
    long first = 0;
    long last = size - 1;
    int status = 200;
    Matcher m = range == null || ignoreRange ? null : RANGE.matcher(range.strip());
    if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
      if (m.group(1).isEmpty()) { // suffix: the last n bytes
        long n = Long.parseLong(m.group(2));
        first = Math.max(0, size - n);
      } else {
        first = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty()) {
          last = Math.min(last, Long.parseLong(m.group(2)));
        }
      }
      if (first >= size || first > last) {
        ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
        answer.send(416, -1);
        return 416;
      }
      status = 206;
      ex.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + size);
    }
    if (!ignoreRange) {
      ex.getResponseHeaders().set("Accept-Ranges", "bytes");
    }
    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
    long length = last - first + 1;
    if (head) {
      ex.getResponseHeaders().set("Content-Length", Long.toString(length));
      answer.send(status, -1);
      return status;
    }
    answer.send(status, length == 0 ? -1 : length);
    sendBody(ex.getResponseBody(), file, first, length);
    return status;
  }

  private void sendBody(OutputStream out, Path file, long first, long length) throws IOException {
    Duration pause = stall;
    long pauseAt = pause == null ? -1 : length / 2;
    boolean flip = lie;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(CHUNK);
      long sent = 0;
      while (sent < length) {
        int n = (int) Math.min(CHUNK, length - sent);
        if (pauseAt > sent && pauseAt < sent + n) {
          n = (int) (pauseAt - sent);
        }
        buf.clear().limit(n);
        while (buf.hasRemaining()) {
          if (ch.read(buf, first + sent + buf.position()) < 0) {
            throw new IOException(file + " shrank while being served");
          }
        }
        if (flip && sent == 0) {
          buf.put(0, (byte) ~buf.get(0));
        }
        out.write(buf.array(), 0, n);
        sent += n;
        if (sent == pauseAt) {
          out.flush();
          sleep(pause);
        }
      }
    }
    out.flush();
  }

  private static void sleep(Duration d) throws IOException {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stalling", e);
    }
  }

  private static int text(HttpExchange ex, Answer answer, int status, String body) throws IOException {
    byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if (status == 503) {
      ex.getResponseHeaders().set("Retry-After", "7");
    }
    if (ex.getRequestMethod().equals("HEAD")) {
      answer.send(status, -1);
    } else {
      answer.send(status, b.length);
      ex.getResponseBody().write(b);
    }
    return status;
  }

  /** Stops the server at once; stalled handlers are interrupted. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "WebSeedServer[" + baseUrl() + " -> " + root + "]";
  }
}
