package dev.reel.engine.tracker;

import dev.reel.engine.bencode.BDecoder;
import dev.reel.engine.bencode.BDict;
import dev.reel.engine.bencode.BInt;
import dev.reel.engine.bencode.BList;
import dev.reel.engine.bencode.BString;
import dev.reel.engine.bencode.BValue;
import dev.reel.engine.bencode.BencodeException;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.net.CompactPeers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * An HTTP(S) tracker (BEP 3, compact peers BEP 23, {@code peers6} BEP 7). TLS certificates are always verified by the
 * JDK's default trust store; redirects are followed except from HTTPS to HTTP. Responses over {@link #MAX_RESPONSE}
 * are refused before they are fully read. Thread-safe; the tracker id a tracker hands out is remembered and sent back.
 */
final class HttpTrackerClient implements TrackerClient {
  /** Largest tracker response we read (libtorrent's limit). */
  public static final int MAX_RESPONSE = 1024 * 1024;

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** Interval used when a response lacks one (libtorrent's default). */
  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(30);

  private static final String USER_AGENT = "Reel/0.1";
  private static final BDecoder DECODER = new BDecoder(
      new BDecoder.Limits(BDecoder.Limits.DEFAULT_MAX_DEPTH, 200_000, MAX_RESPONSE));
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** Shared by all HTTP trackers: one selector thread and connection pool for the process. */
  private static final class Shared {
    static final HttpClient CLIENT = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(CONNECT_TIMEOUT)
        .build();
  }

  private final String announceUrl;
  private final HttpClient http;
  private final Duration timeout;
  private volatile String trackerId;

  HttpTrackerClient(URI announceUrl) {
    this(announceUrl, Shared.CLIENT, REQUEST_TIMEOUT);
  }

  HttpTrackerClient(URI announceUrl, HttpClient http, Duration timeout) {
    this.announceUrl = announceUrl.toString();
    this.http = http;
    this.timeout = timeout;
  }

  @Override
  public AnnounceResponse announce(AnnounceRequest r) throws TrackerException, InterruptedException {
    StringBuilder q = new StringBuilder();
    q.append("info_hash=").append(percentEncode(r.infoHash().bytes()));
    q.append("&peer_id=").append(percentEncode(r.peerId()));
    q.append("&port=").append(r.port());
    q.append("&uploaded=").append(r.uploaded());
    q.append("&downloaded=").append(r.downloaded());
    q.append("&left=").append(r.left());
    q.append("&compact=1");
    if (r.numWant() >= 0) {
      q.append("&numwant=").append(r.numWant());
    }
    q.append("&key=").append(HexFormat.of().toHexDigits(r.key()));
    if (r.event().httpName() != null) {
      q.append("&event=").append(r.event().httpName());
    }
    String id = trackerId;
    if (id != null) {
      q.append("&trackerid=").append(percentEncode(id.getBytes(StandardCharsets.UTF_8)));
    }
    AnnounceResponse resp = parseAnnounce(get(withQuery(announceUrl, q.toString())));
    resp.trackerId().ifPresent(t -> trackerId = t);
    return resp;
  }

  @Override
  public Map<InfoHash, ScrapeResult> scrape(List<InfoHash> hashes) throws TrackerException, InterruptedException {
    String scrapeUrl = scrapeUrl(announceUrl)
        .orElseThrow(() -> new TrackerException("tracker " + announceUrl + " does not support scrape: the last"
            + " element of its path does not start with \"announce\""));
    StringBuilder q = new StringBuilder();
    for (InfoHash h : hashes) {
      if (!q.isEmpty()) {
        q.append('&');
      }
      q.append("info_hash=").append(percentEncode(h.bytes()));
    }
    return parseScrape(get(withQuery(scrapeUrl, q.toString())));
  }

  @Override
  public void close() {
    // The HttpClient is shared; nothing to release per tracker.
  }

  private byte[] get(String url) throws TrackerException, InterruptedException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new TrackerException("invalid tracker URL " + url + ": " + e.getMessage(), e);
    }
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", USER_AGENT).GET().build();
    // The request timeout only covers the headers; the whole exchange, body included, is bounded here.
    CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(req, LimitedBody.handler(MAX_RESPONSE));
    HttpResponse<byte[]> resp;
    try {
      resp = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new TrackerException("tracker " + announceUrl + " timed out after " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException ce && ce.getCause() != null ? ce.getCause()
          : e.getCause();
      if (cause instanceof LimitedBody.TooLarge) {
        throw new TrackerException("response of tracker " + announceUrl + " exceeds the limit of " + MAX_RESPONSE
            + " bytes", cause);
      }
      if (cause instanceof HttpTimeoutException) {
        throw new TrackerException("tracker " + announceUrl + " timed out", cause);
      }
      throw new TrackerException("cannot reach tracker " + announceUrl + ": " + describe(cause), cause);
    }
    byte[] body = resp.body();
    if (resp.statusCode() != 200) {
      // Some trackers put a failure reason in a non-200 response; prefer it when present.
      Optional<String> reason = failureReason(body);
      throw new TrackerException("tracker " + announceUrl + " answered HTTP " + resp.statusCode()
          + reason.map(r -> ": " + r).orElse(""));
    }
    return body;
  }

  private static String describe(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static Optional<String> failureReason(byte[] body) {
    try {
      return DECODER.decodeAll(body) instanceof BDict d ? d.text("failure reason") : Optional.empty();
    } catch (BencodeException e) {
      return Optional.empty();
    }
  }

  // ---- parsing, package-private for tests ----

  static BDict decodeDict(byte[] body) throws TrackerException {
    BValue v;
    try {
      v = DECODER.decodeAll(body);
    } catch (BencodeException e) {
      throw new TrackerException("tracker response is not valid bencode: " + e.getMessage() + " (first bytes: "
          + preview(body) + ")", e);
    }
    if (!(v instanceof BDict d)) {
      throw new TrackerException("tracker response is not a bencoded dictionary");
    }
    Optional<String> failure = d.text("failure reason");
    if (failure.isPresent()) {
      throw new TrackerException("tracker failure: " + failure.get());
    }
    return d;
  }

  static AnnounceResponse parseAnnounce(byte[] body) throws TrackerException {
    BDict d = decodeDict(body);
    Duration interval = d.integer("interval").filter(s -> s >= 0).map(Duration::ofSeconds).orElse(DEFAULT_INTERVAL);
    Optional<Duration> minInterval = d.integer("min interval").filter(s -> s >= 0).map(Duration::ofSeconds);
    List<InetSocketAddress> peers = new ArrayList<>();
    BValue p = d.get("peers");
    if (p instanceof BString s) {
      peers.addAll(CompactPeers.decode4(s.bytes()));
    } else if (p instanceof BList l) {
      for (BValue item : l.items()) {
        if (item instanceof BDict pd) {
          dictPeer(pd).ifPresent(peers::add);
        }
      }
    }
    if (d.get("peers6") instanceof BString s6) {
      peers.addAll(CompactPeers.decode6(s6.bytes()));
    }
    return new AnnounceResponse(interval, minInterval, peers, count(d, "complete"), count(d, "incomplete"),
        d.text("warning message"), d.text("tracker id"));
  }

  static Map<InfoHash, ScrapeResult> parseScrape(byte[] body) throws TrackerException {
    BDict d = decodeDict(body);
    BDict files = d.dict("files").orElseThrow(() -> new TrackerException("scrape response has no \"files\""));
    Map<InfoHash, ScrapeResult> out = new LinkedHashMap<>();
    for (Map.Entry<String, BValue> e : files.entries().entrySet()) {
      byte[] key = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
      if (key.length != InfoHash.LENGTH || !(e.getValue() instanceof BDict f)) {
        continue;
      }
      out.put(InfoHash.of(key), new ScrapeResult(count(f, "complete").orElse(0), count(f, "downloaded").orElse(0),
          count(f, "incomplete").orElse(0)));
    }
    return out;
  }

  private static OptionalInt count(BDict d, String key) {
    return d.get(key) instanceof BInt i && i.value() >= 0
        ? OptionalInt.of((int) Math.min(Integer.MAX_VALUE, i.value()))
        : OptionalInt.empty();
  }

  /** A peer from the non-compact form {ip, port}; host names are skipped so no DNS lookup happens here. */
  private static Optional<InetSocketAddress> dictPeer(BDict pd) {
    Optional<String> ip = pd.text("ip");
    Optional<Long> port = pd.integer("port");
    if (ip.isEmpty() || port.isEmpty() || port.get() <= 0 || port.get() > 0xffff) {
      return Optional.empty();
    }
    String host = ip.get();
    if (!IPV4_LITERAL.matcher(host).matches() && !host.contains(":")) {
      return Optional.empty();
    }
    try {
      // A literal: getByName parses it without a lookup.
      return Optional.of(new InetSocketAddress(InetAddress.getByName(host), port.get().intValue()));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String preview(byte[] body) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < Math.min(body.length, 32); i++) {
      int c = body[i] & 0xff;
      b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return b.append(body.length > 32 ? "...\"" : "\"").toString();
  }

  // ---- URLs ----

  /** Appends a query string to a URL that may already have one (private trackers put a passkey there). */
  static String withQuery(String url, String query) {
    int hash = url.indexOf('#');
    String base = hash >= 0 ? url.substring(0, hash) : url;
    if (query.isEmpty()) {
      return base;
    }
    return base + (base.indexOf('?') >= 0 ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?") + query;
  }

  /**
   * The scrape URL by convention (BEP 48's predecessor, documented in the wiki and used by all clients): the last path
   * element must start with "announce", which is replaced by "scrape". Empty when the tracker cannot be scraped.
   */
  static Optional<String> scrapeUrl(String announceUrl) {
    int hash = announceUrl.indexOf('#');
    String url = hash >= 0 ? announceUrl.substring(0, hash) : announceUrl;
    int q = url.indexOf('?');
    String path = q >= 0 ? url.substring(0, q) : url;
    String query = q >= 0 ? url.substring(q) : "";
    int slash = path.lastIndexOf('/');
    int schemeEnd = path.indexOf("://");
    if (slash < 0 || (schemeEnd >= 0 && slash < schemeEnd + 3)) {
      return Optional.empty();
    }
    String last = path.substring(slash + 1);
    if (!last.startsWith("announce")) {
      return Optional.empty();
    }
    return Optional.of(path.substring(0, slash + 1) + "scrape" + last.substring("announce".length()) + query);
  }

  /** Percent-encodes raw bytes: RFC 3986 unreserved characters stay, everything else becomes %XX. */
  static String percentEncode(byte[] raw) {
    StringBuilder b = new StringBuilder(raw.length * 3);
    for (byte x : raw) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "HttpTracker[" + announceUrl + "]";
  }

}
