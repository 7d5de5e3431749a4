package dev.reel.engine.webseed;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal HTTP/1.1 client for the common case of a web seed (BEP 19): a plain {@code http://} GET with a Range
 * header, answered with a {@code Content-Length} body, read on the calling thread straight into the caller's buffer
 * (no per-chunk buffers, no hand-off between threads). Connections are kept alive and reused.
 *
 * <p>It handles only what it can answer exactly: a redirect is handed back (the caller follows it here when it leads to
 * {@code http://}, else through {@link java.net.http.HttpClient}); a response it cannot read (a chunked or unframed
 * body) is handed back for {@link java.net.http.HttpClient} to ask again. Status checks are the caller's ({@code
 * check}).
 *
 * <p>Blocking: every method blocks on the socket. Interrupting a virtual thread blocked here closes its socket and
 * ends the call with {@link InterruptedException}. Thread-safe: concurrent calls use separate connections.
 */
final class PlainHttp {
  /** Idle connections kept for reuse. */
  static final int MAX_IDLE = 2;
  /** Longest status line plus headers accepted. */
  static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int READ_BUFFER = 64 * 1024;

  /** Most redirects followed for one request (as {@link java.net.http.HttpClient}). */
  static final int MAX_REDIRECTS = 5;

  /**
   * What came of a request: {@code next} is null when the body is in the buffer that {@code check} chose; otherwise
   * nothing was written into any buffer and the request goes on at {@code next} (a redirect's target, or the same
   * URI when the response needs {@link java.net.http.HttpClient}: a chunked or unframed body).
   */
  record Outcome(URI next, boolean redirected) {
    static final Outcome DONE = new Outcome(null, false);
  }

  /** Chooses where a response's body goes, or fails the request, from its status and headers. */
  interface Check {
    /** The buffer to fill exactly (from its position to its limit) with the body. */
    ByteBuffer target(int status, HttpHeaders headers) throws WebSeedException;
  }

  /** Raised for a timeout while waiting for bytes; {@code idle} when no byte came for the idle timeout. */
  static final class Timeout extends IOException {
    final boolean idle;

    Timeout(String message, boolean idle) {
      super(message);
      this.idle = idle;
    }
  }

  private record Conn(String key, Socket socket, InputStream in, OutputStream out) {}

  private final ArrayDeque<Conn> idle = new ArrayDeque<>();
  private final int connectTimeoutMillis;
  private final String userAgent;

  PlainHttp(int connectTimeoutMillis, String userAgent) {
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.userAgent = userAgent;
  }

  /** Whether {@link #get} can be tried for this URI. */
  static boolean handles(URI uri) {
    return "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null;
  }

  /**
   * GETs {@code uri} with {@code headers}, then fills the buffer {@code check} returns with the body.
   *
   * @param idleNanos longest wait for any byte (headers or body)
   * @param deadline {@link System#nanoTime()} by which the whole response must be in
   * @throws Timeout when no byte came within {@code idleNanos} or the deadline passed
   * @throws IOException if the connection failed
   * @throws WebSeedException what {@code check} threw
   * @throws InterruptedException if the (virtual) thread was interrupted
   */
  Outcome get(URI uri, List<String> headers, Check check, long idleNanos, long deadline)
      throws IOException, WebSeedException, InterruptedException {
    String key = uri.getHost().toLowerCase(Locale.ROOT) + ":" + port(uri);
    byte[] request = request(uri, headers);
    for (int attempt = 0; ; attempt++) {
      Conn c = attempt == 0 ? takeIdle(key) : null;
      boolean reused = c != null;
      if (c == null) {
        c = open(uri, key);
      }
      boolean keep = false;
      try {
        c.out.write(request);
        c.out.flush();
        Response r = readHead(c, idleNanos, deadline);
        if (r == null) {
          // The server closed a kept-alive connection before answering: ask again on a fresh one.
          if (reused) {
            continue;
          }
          throw new EOFException("connection closed before the response");
        }
        if (isRedirect(r.status) && r.headers.firstValue("Location").isPresent()) {
          try {
            return new Outcome(uri.resolve(r.headers.firstValue("Location").get().strip()), true);
          } catch (IllegalArgumentException e) {
            throw new IOException("malformed Location '" + r.headers.firstValue("Location").get() + "'");
          }
        }
        if (r.status / 100 == 1 || r.length < 0 || r.chunked) {
          return new Outcome(uri, false);
        }
        ByteBuffer target = check.target(r.status, r.headers);
        if (r.length != target.remaining()) {
          throw new WebSeedException(WebSeedException.Kind.BAD_RESPONSE, uri + ": a body of " + r.length
              + " bytes for " + target.remaining() + " asked");
        }
        readBody(c, target, idleNanos, deadline);
        keep = !r.close;
        return Outcome.DONE;
      } catch (IOException e) {
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted during " + uri);
        }
        if (reused && attempt == 0 && !(e instanceof Timeout) && !(e instanceof SocketTimeoutException)) {
          continue; // a stale kept-alive connection: once more on a fresh one
        }
        throw e;
      } finally {
        if (keep) {
          giveIdle(c);
        } else {
          close(c);
        }
      }
    }
  }

  /** Closes the idle connections. */
  void close() {
    synchronized (idle) {
      for (Conn c : idle) {
        close(c);
      }
      idle.clear();
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static int port(URI uri) {
    return uri.getPort() < 0 ? 80 : uri.getPort();
  }

  private byte[] request(URI uri, List<String> headers) {
    StringBuilder b = new StringBuilder(256);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    b.append("GET ").append(path);
    if (uri.getRawQuery() != null) {
      b.append('?').append(uri.getRawQuery());
    }
    b.append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
    if (uri.getPort() >= 0) {
      b.append(':').append(uri.getPort());
    }
    b.append("\r\n");
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      b.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
    }
    b.append("User-Agent: ").append(userAgent).append("\r\n\r\n");
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private Conn takeIdle(String key) {
    synchronized (idle) {
      for (var it = idle.iterator(); it.hasNext(); ) {
        Conn c = it.next();
        if (c.key.equals(key)) {
          it.remove();
          return c;
        }
      }
      return null;
    }
  }

  private void giveIdle(Conn c) {
    synchronized (idle) {
      if (idle.size() < MAX_IDLE) {
        idle.addFirst(c);
        return;
      }
    }
    close(c);
  }

  private Conn open(URI uri, String key) throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(uri.getHost(), port(uri)), connectTimeoutMillis);
      return new Conn(key, s, new BufferedInputStream(s.getInputStream(), READ_BUFFER), s.getOutputStream());
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private static void close(Conn c) {
    try {
      c.socket.close();
    } catch (IOException e) {
      // Nothing to do.
    }
  }

  private record Response(int status, HttpHeaders headers, long length, boolean chunked, boolean close) {}

  /** The status line and headers, or null if the connection ended before the first byte. */
  private static Response readHead(Conn c, long idleNanos, long deadline) throws IOException {
    StringBuilder line = new StringBuilder(128);
    List<String> lines = new ArrayList<>();
    int total = 0;
    while (true) {
      line.setLength(0);
      while (true) {
        setTimeout(c, idleNanos, deadline);
        int ch;
        try {
          ch = c.in.read();
        } catch (SocketTimeoutException e) {
          throw timeout(idleNanos, deadline);
        }
        if (ch < 0) {
          if (lines.isEmpty() && line.isEmpty() && total == 0) {
            return null;
          }
          throw new EOFException("connection closed inside the response headers");
        }
        if (++total > MAX_HEADER_BYTES) {
          throw new IOException("response headers longer than " + MAX_HEADER_BYTES + " bytes");
        }
        if (ch == '\n') {
          break;
        }
        if (ch != '\r') {
          line.append((char) ch);
        }
      }
      if (line.isEmpty()) {
        break;
      }
      lines.add(line.toString());
    }
    String statusLine = lines.getFirst();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("malformed status line '" + statusLine + "'");
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("malformed status line '" + statusLine + "'");
    }
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String h : lines.subList(1, lines.size())) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed header line '" + h + "'");
      }
      map.computeIfAbsent(h.substring(0, colon).strip(), k -> new ArrayList<>()).add(h.substring(colon + 1).strip());
    }
    HttpHeaders headers = HttpHeaders.of(map, (k, v) -> true);
    long length = -1;
    List<String> cl = map.get("Content-Length");
    if (cl != null) {
      if (cl.size() != 1 || !cl.getFirst().matches("\\d{1,18}")) {
        throw new IOException("malformed Content-Length " + cl);
      }
      length = Long.parseLong(cl.getFirst());
    }
    boolean chunked = map.containsKey("Transfer-Encoding");
    String connection = headers.firstValue("Connection").orElse("").toLowerCase(Locale.ROOT);
    boolean close = connection.contains("close") || (statusLine.startsWith("HTTP/1.0") && !connection.contains("keep-alive"));
    return new Response(status, headers, length, chunked, close);
  }

  private static void readBody(Conn c, ByteBuffer target, long idleNanos, long deadline) throws IOException {
    byte[] scratch = target.hasArray() ? null : new byte[READ_BUFFER];
    int at = target.position();
    int end = target.limit();
    while (at < end) {
      setTimeout(c, idleNanos, deadline);
      int n;
      try {
        if (scratch == null) {
          n = c.in.read(target.array(), target.arrayOffset() + at, end - at);
        } else {
          n = c.in.read(scratch, 0, Math.min(scratch.length, end - at));
          if (n > 0) {
            target.put(at, scratch, 0, n);
          }
        }
      } catch (SocketTimeoutException e) {
        throw timeout(idleNanos, deadline);
      }
      if (n < 0) {
        throw new EOFException("the body ended " + (end - at) + " bytes short");
      }
      at += n;
    }
    target.position(end);
  }

  private static void setTimeout(Conn c, long idleNanos, long deadline) throws IOException {
    long left = Math.min(idleNanos, deadline - System.nanoTime());
    if (left <= 0) {
      throw new Timeout("no complete response in time", false);
    }
    c.socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
  }

  private static Timeout timeout(long idleNanos, long deadline) {
    return deadline - System.nanoTime() <= 0 ? new Timeout("no complete response in time", false)
        : new Timeout("no data for " + idleNanos / 1_000_000 + " ms", true);
  }
}
