package dev.reel.engine.webseed;

import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.webseed.WebSeedException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches byte ranges of a torrent from one web seed (BEP 19) over HTTP/1.1: one {@code GET} with a single
 * {@code Range: bytes=a-b} per file segment the range covers ({@link PieceSpan}); padding files (BEP 47) are filled
 * with zeros locally and never requested. The caller checks the piece hashes: a lying server is only caught there.
 *
 * <p>Responses: 206 is accepted when its {@code Content-Range} is exactly the range asked for (and its total, when
 * given, is the file's length in the torrent). A 200 (the server ignored Range) is accepted when the request was for
 * the whole file, or when the file is at most {@link WebSeedConfig#maxWholeFileBytes()} (read whole, the asked part
 * kept); for a bigger file it fails with {@link Kind#RANGE_IGNORED} before the body is read, since every piece would
 * cost the whole file. Any other status fails ({@link WebSeedException.Kind}). A body is never read beyond the bytes
 * asked for. Redirects are followed except from HTTPS to HTTP ({@link HttpClient.Redirect#NORMAL}); TLS uses the
 * JDK's default trust store and host name checks.
 *
 * <p>Blocking: {@link #fetch} blocks the calling thread (meant to be virtual) until the range is in the buffer or the
 * request failed; each request fails after {@link WebSeedConfig#responseTimeout()} without a byte, and in any case
 * after {@link WebSeedConfig#deadlineNanos}. Interrupting the thread aborts the request.
 * Thread-safe: concurrent fetches run as separate HTTP exchanges (the {@link HttpClient} pools keep-alive
 * connections per host).
 */
public final class WebSeedClient {
  private static final Logger log = LoggerFactory.getLogger(WebSeedClient.class);
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes\\s+(\\d{1,19})-(\\d{1,19})/(\\d{1,19}|\\*)", Pattern.CASE_INSENSITIVE);
  /** Longest Retry-After honoured. */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  private final HttpClient http;
  private final WebSeedUrls urls;
  private final PieceSpan span;
  private final long[] fileLengths;
  private final WebSeedConfig config;
  /** Plain {@code http://} requests go through this first; anything it does not handle goes to {@link #http}. */
  private final PlainHttp plain;

  /** What a fetch moved and how long it took: the seed's throughput for the scheduler. */
  public record Fetched(long networkBytes, long nanos, int requests) {
    /** Bytes per second while fetching; 0 when nothing came over the network. */
    public double bytesPerSecond() {
      return networkBytes == 0 ? 0 : networkBytes * 1e9 / Math.max(1, nanos);
    }
  }

  /**
   * @param http shared client; see {@link #newHttpClient}. One that follows every redirect (HTTPS to HTTP too) is
   *     refused
   * @throws IllegalArgumentException if {@code baseUrl} is not usable ({@link WebSeedUrls#of})
   */
  public WebSeedClient(Metainfo meta, String baseUrl, HttpClient http, WebSeedConfig config) {
    this(WebSeedUrls.of(meta, baseUrl), meta.files(), meta.pieceLength(), http, config);
  }

  WebSeedClient(WebSeedUrls urls, List<FileEntry> files, int pieceLength, HttpClient http, WebSeedConfig config) {
    this.http = Objects.requireNonNull(http, "http");
    if (http.followRedirects() == HttpClient.Redirect.ALWAYS) {
      throw new IllegalArgumentException("an HttpClient following redirects from HTTPS to HTTP is not allowed");
    }
    this.urls = urls;
    this.span = new PieceSpan(files, pieceLength);
    this.fileLengths = files.stream().mapToLong(FileEntry::length).toArray();
    this.config = Objects.requireNonNull(config, "config");
    this.plain = new PlainHttp((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()),
        config.userAgent());
  }

  /** Closes the connections kept alive for plain HTTP requests (later fetches open new ones). */
  public void closeIdleConnections() {
    plain.close();
  }

  /**
   * An HTTP/1.1 client (keep-alive) for web seeds: redirects followed except HTTPS to HTTP, the connect timeout of
   * {@code config}, the JDK's default TLS checks. The caller owns it (close it when the engine stops) and may share
   * it between all web seeds.
   */
  public static HttpClient newHttpClient(WebSeedConfig config) {
    return builder(config).build();
  }

  /**
   * As {@link #newHttpClient(WebSeedConfig)}, verifying servers against {@code tls}'s trust anchors instead of the
   * JDK's default ones (e.g. a company's own CA). Host names are still checked.
   */
  public static HttpClient newHttpClient(WebSeedConfig config, SSLContext tls) {
    return builder(config).sslContext(Objects.requireNonNull(tls, "tls")).build();
  }

  private static HttpClient.Builder builder(WebSeedConfig config) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(config.connectTimeout());
  }

  /** The web seed's URL as given in the torrent or magnet. */
  public String baseUrl() {
    return urls.base();
  }

  public WebSeedUrls urls() {
    return urls;
  }

  public PieceSpan span() {
    return span;
  }

  /** Fetches {@code dst.remaining()} bytes from {@code offset} in {@code piece} (may run on into later pieces). */
  public Fetched fetch(int piece, int offset, ByteBuffer dst) throws WebSeedException, InterruptedException {
    return fetch(span.byteOffset(piece, offset), dst);
  }

  /**
   * Fetches {@code dst.remaining()} bytes of the torrent from byte {@code start} into {@code dst} (from its position;
   * on success the position is at the limit). On failure the buffer's content is unspecified and its position is
   * unchanged; no byte is written into it after this method returns.
   *
   * @throws WebSeedException if any request failed (the first failure ends the fetch)
   * @throws InterruptedException if the thread was interrupted; the request is aborted
   * @throws IndexOutOfBoundsException if the range is outside the torrent
   */
  public Fetched fetch(long start, ByteBuffer dst) throws WebSeedException, InterruptedException {
    long t0 = System.nanoTime();
    int length = dst.remaining();
    int base = dst.position();
    List<FileSegment> segments = span.segments(start, length);
    int filled = 0;
    long network = 0;
    for (FileSegment s : segments) {
      zero(dst, base + filled, s.bufferOffset() - filled);
      fetchSegment(s, dst.slice(base + s.bufferOffset(), s.length()));
      filled = s.bufferOffset() + s.length();
      network += s.length();
    }
    zero(dst, base + filled, length - filled);
    dst.position(base + length);
    return new Fetched(network, System.nanoTime() - t0, segments.size());
  }

  private void fetchSegment(FileSegment s, ByteBuffer target) throws WebSeedException, InterruptedException {
    URI uri = urls.fileUri(s.fileIndex());
    if (PlainHttp.handles(uri)) {
      uri = fetchPlain(uri, s, target);
      if (uri == null) {
        return;
      }
    }
    HttpRequest request = HttpRequest.newBuilder(uri)
        .GET()
        .version(HttpClient.Version.HTTP_1_1)
        .timeout(config.responseTimeout())
        .header("Range", "bytes=" + s.fileOffset() + "-" + s.lastByte())
        .header("Accept-Encoding", "identity")
        .header("User-Agent", config.userAgent())
        .build();
    RangeHandler handler = new RangeHandler(uri, s, fileLengths[s.fileIndex()], target, config.maxWholeFileBytes());
    long started = System.nanoTime();
    long deadline = started + config.deadlineNanos(s.length());
    long idle = config.responseTimeout().toNanos();
    CompletableFuture<HttpResponse<Void>> future = http.sendAsync(request, handler);
    try {
      while (true) {
        long now = System.nanoTime();
        // Fails when the whole deadline passed, or when no byte came for responseTimeout (a stalled body).
        long wakeAt = Math.min(deadline, handler.lastProgressNanos(started) + idle);
        if (now - wakeAt >= 0) {
          handler.cancel();
          future.cancel(true);
          String why = now - deadline >= 0
              ? "no complete response within " + TimeUnit.NANOSECONDS.toMillis(deadline - started) + " ms"
              : "no data for " + config.responseTimeout().toMillis() + " ms";
          throw new WebSeedException(Kind.TIMEOUT, uri + " " + rangeText(s) + ": " + why)
              .forFile(s.fileIndex(), span.firstPiece(s.fileIndex()), span.endPiece(s.fileIndex()));
        }
        try {
          future.get(wakeAt - now, TimeUnit.NANOSECONDS);
          break;
        } catch (TimeoutException e) {
          // check again: the body may have progressed meanwhile
        }
      }
    } catch (InterruptedException e) {
      handler.cancel();
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      handler.cancel();
      WebSeedException w = translate(uri, s, e.getCause())
          .forFile(s.fileIndex(), span.firstPiece(s.fileIndex()), span.endPiece(s.fileIndex()));
      log.debug("web seed request failed: {}", w.getMessage());
      throw w;
    }
    handler.finish();
  }

  /**
   * The segment over {@link PlainHttp}, read straight into {@code target} on this thread (following redirects to
   * {@code http://} URLs): null when done, else the URI to ask through {@link HttpClient} (a redirect to HTTPS, a
   * chunked body).
   */
  private URI fetchPlain(URI uri, FileSegment s, ByteBuffer target) throws WebSeedException, InterruptedException {
    long deadline = System.nanoTime() + config.deadlineNanos(s.length());
    List<String> headers = List.of("Range", "bytes=" + s.fileOffset() + "-" + s.lastByte(),
        "Accept-Encoding", "identity");
    RangeHandler handler;
    try {
      for (int redirects = 0; ; redirects++) {
        handler = new RangeHandler(uri, s, fileLengths[s.fileIndex()], target, config.maxWholeFileBytes());
        PlainHttp.Outcome o = plain.get(uri, headers, handler::target, config.responseTimeout().toNanos(), deadline);
        if (o.next() == null) {
          break;
        }
        if (!o.redirected() || !PlainHttp.handles(o.next())) {
          return o.next();
        }
        if (redirects >= PlainHttp.MAX_REDIRECTS) {
          throw new WebSeedException(Kind.REJECTED, uri + " " + rangeText(s) + ": too many redirects");
        }
        uri = o.next();
      }
    } catch (PlainHttp.Timeout e) {
      throw new WebSeedException(Kind.TIMEOUT, uri + " " + rangeText(s) + ": " + e.getMessage())
          .forFile(s.fileIndex(), span.firstPiece(s.fileIndex()), span.endPiece(s.fileIndex()));
    } catch (java.net.SocketTimeoutException e) {
      throw new WebSeedException(Kind.TIMEOUT, uri + " " + rangeText(s) + ": connect timed out", e)
          .forFile(s.fileIndex(), span.firstPiece(s.fileIndex()), span.endPiece(s.fileIndex()));
    } catch (WebSeedException e) {
      throw e.forFile(s.fileIndex(), span.firstPiece(s.fileIndex()), span.endPiece(s.fileIndex()));
    } catch (IOException e) {
      WebSeedException w = translate(uri, s, e)
          .forFile(s.fileIndex(), span.firstPiece(s.fileIndex()), span.endPiece(s.fileIndex()));
      log.debug("web seed request failed: {}", w.getMessage());
      throw w;
    }
    handler.finish();
    return null;
  }

  private static WebSeedException translate(URI uri, FileSegment s, Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof WebSeedException w) {
        return w;
      }
    }
    String where = uri + " " + rangeText(s) + ": ";
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof HttpConnectTimeoutException) {
        return new WebSeedException(Kind.TIMEOUT, where + "connect timed out", c);
      }
      if (c instanceof HttpTimeoutException) {
        return new WebSeedException(Kind.TIMEOUT, where + "no response in time", c);
      }
    }
    String msg = t == null ? "unknown error" : t.getClass().getSimpleName() + ": " + t.getMessage();
    return new WebSeedException(Kind.CONNECTION, where + msg, t instanceof IOException ? t : null);
  }

  private static String rangeText(FileSegment s) {
    return "bytes " + s.fileOffset() + "-" + s.lastByte();
  }

  private static void zero(ByteBuffer b, int at, int n) {
    for (int i = 0; i < n; i++) {
      b.put(at + i, (byte) 0);
    }
  }

  /**
   * Decides from the status and headers whether to take the body, and where to put it. Not thread-safe except
   * {@link #cancel()}.
   */
  private static final class RangeHandler implements HttpResponse.BodyHandler<Void> {
    private final URI uri;
    private final FileSegment segment;
    private final long fileLength;
    private final ByteBuffer target;
    private final int maxWholeFileBytes;
    private volatile BoundedBody body;
    /** Set when a 200 brought the whole file: the asked part is copied out of it in finish(). */
    private volatile ByteBuffer wholeFile;

    RangeHandler(URI uri, FileSegment segment, long fileLength, ByteBuffer target, int maxWholeFileBytes) {
      this.uri = uri;
      this.segment = segment;
      this.fileLength = fileLength;
      this.target = target;
      this.maxWholeFileBytes = maxWholeFileBytes;
    }

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
      BoundedBody b;
      try {
        b = accept(info.statusCode(), info.headers());
      } catch (WebSeedException e) {
        b = BoundedBody.refusing(e);
      }
      body = b;
      return b;
    }

    /** Where the body of a response with this status and headers goes ({@link PlainHttp.Check}). */
    ByteBuffer target(int status, HttpHeaders h) throws WebSeedException {
      return accept(status, h).target();
    }

    private BoundedBody accept(int status, HttpHeaders h) throws WebSeedException {
      String what = uri + " " + rangeText(segment);
      String encoding = h.firstValue("Content-Encoding").orElse("identity").strip();
      if (status / 100 == 2 && !encoding.equalsIgnoreCase("identity")) {
        throw bad(what + ": unexpected Content-Encoding " + encoding, status);
      }
      OptionalLong contentLength = h.firstValueAsLong("Content-Length");
      switch (status) {
        case 206 -> {
          checkContentRange(what, h.firstValue("Content-Range").orElse(null));
          if (contentLength.isPresent() && contentLength.getAsLong() != segment.length()) {
            throw bad(what + ": Content-Length " + contentLength.getAsLong() + " for " + segment.length()
                + " bytes asked", status);
          }
          return new BoundedBody(target, what);
        }
        case 200 -> {
          if (contentLength.isPresent() && contentLength.getAsLong() != fileLength) {
            throw wrongFile(what + ": the server's file has " + contentLength.getAsLong() + " bytes, the torrent's "
                + fileLength, status);
          }
          if (segment.fileOffset() == 0 && segment.length() == fileLength) {
            return new BoundedBody(target, what); // the whole file was asked for
          }
          if (fileLength > maxWholeFileBytes) {
            throw new WebSeedException(Kind.RANGE_IGNORED, what + ": the server ignored Range (200) for a file of "
                + fileLength + " bytes", status, null, null);
          }
          ByteBuffer whole = ByteBuffer.allocate((int) fileLength);
          wholeFile = whole;
          return new BoundedBody(whole, what + " (whole file)");
        }
        case 404, 410 -> throw new WebSeedException(Kind.NOT_FOUND, what + ": " + status + " not found", status,
            null, null);
        case 416 -> throw wrongFile(what + ": 416 range not satisfiable (the server's file is shorter than the "
            + "torrent's)", status);
        case 429, 503 -> throw new WebSeedException(Kind.BUSY, what + ": " + status + " busy", status,
            retryAfter(h), null);
        default -> {
          if (status >= 500) {
            throw new WebSeedException(Kind.SERVER_ERROR, what + ": server error " + status, status, null, null);
          }
          String hint = status / 100 == 3 ? " (redirect not followed, e.g. HTTPS to HTTP)" : "";
          throw new WebSeedException(Kind.REJECTED, what + ": status " + status + hint, status, null, null);
        }
      }
    }

    private void checkContentRange(String what, String value) throws WebSeedException {
      if (value == null) {
        throw bad(what + ": 206 without Content-Range", 206);
      }
      Matcher m = CONTENT_RANGE.matcher(value.strip());
      if (!m.matches()) {
        throw bad(what + ": malformed Content-Range '" + value + "'", 206);
      }
      long first;
      long last;
      try {
        first = Long.parseLong(m.group(1));
        last = Long.parseLong(m.group(2));
      } catch (NumberFormatException e) {
        throw bad(what + ": malformed Content-Range '" + value + "'", 206);
      }
      if (first != segment.fileOffset() || last != segment.lastByte()) {
        throw bad(what + ": the server sent Content-Range '" + value + "'", 206);
      }
      String total = m.group(3);
      if (!total.equals("*") && !total.equals(Long.toString(fileLength))) {
        throw wrongFile(what + ": the server's file has " + total + " bytes, the torrent's " + fileLength, 206);
      }
    }

    private static WebSeedException wrongFile(String message, int status) {
      return new WebSeedException(Kind.WRONG_FILE, message, status, null, null);
    }

    private static WebSeedException bad(String message, int status) {
      return new WebSeedException(Kind.BAD_RESPONSE, message, status, null, null);
    }

    private static Duration retryAfter(HttpHeaders h) {
      String v = h.firstValue("Retry-After").orElse("").strip();
      if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(Character::isDigit)) {
        return null; // the HTTP-date form is not used by the servers we meet; the back-off applies instead
      }
      Duration d = Duration.ofSeconds(Long.parseLong(v));
      return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }

    /** When the last body bytes arrived, or {@code started} before the body began. */
    long lastProgressNanos(long started) {
      BoundedBody b = body;
      return b == null ? started : b.lastProgressNanos();
    }

    void cancel() {
      BoundedBody b = body;
      if (b != null) {
        b.cancel();
      }
    }

    /** After a successful exchange: copies the asked part out of a whole-file body. */
    void finish() {
      ByteBuffer whole = wholeFile;
      if (whole != null) {
        target.put(whole.slice((int) segment.fileOffset(), segment.length()));
      }
    }

    @Override
    public String toString() {
      return "RangeHandler[" + uri + " " + rangeText(segment) + "]";
    }
  }
}
