package dev.reel.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.reel.engine.bencode.BEncoder;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.net.CompactPeers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP tracker client against a scripted {@link HttpServer} on loopback. */
class HttpTrackerClientTest {
  private static final InfoHash HASH = InfoHash.fromHex("00ff2041e3a7b0c1d2e3f40516273849aabbccdd");
  private static final byte[] PEER_ID = "-RL0001-ab cd~ef%gh!".getBytes(StandardCharsets.ISO_8859_1);

  /** What the server answers: status, body, and whether to declare Content-Length. */
  private record Reply(int status, byte[] body, boolean chunked) {}

  private HttpServer server;
  private volatile Reply reply;
  private final List<URI> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.add(ex.getRequestURI());
    Reply r = reply;
    ex.sendResponseHeaders(r.status(), r.chunked() ? 0 : r.body().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(r.body());
    } catch (IOException clientWentAway) {
      // expected when the client refuses an oversized body
    }
    ex.close();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void answer(Object bencodable) {
    reply = new Reply(200, BEncoder.encode(bencodable), false);
  }

  private static AnnounceRequest request(AnnounceEvent event) {
    return new AnnounceRequest(HASH, PEER_ID, 6881, 10, 20, 30, event, 50, 0x0badf00d);
  }

  private TrackerClient client(String path) throws TrackerException {
    return Trackers.open(URI.create(base() + path));
  }

  @Test
  void announceSendsRawBytesPercentEncodedAndKeepsThePasskeyQuery() throws Exception {
    answer(Map.of("interval", 900, "peers", new byte[0]));
    try (TrackerClient c = client("/tr/announce?passkey=s3cret")) {
      c.announce(request(AnnounceEvent.STARTED));
    }
    String q = requests.getFirst().getRawQuery();
    assertThat(q).startsWith("passkey=s3cret&");
    assertThat(q).contains("info_hash=%00%FF%20A%E3%A7%B0%C1%D2%E3%F4%05%16%278I%AA%BB%CC%DD")
        .contains("peer_id=-RL0001-ab%20cd~ef%25gh%21")
        .contains("port=6881", "uploaded=10", "downloaded=20", "left=30", "compact=1", "numwant=50",
            "key=0badf00d", "event=started")
        .doesNotContain("trackerid");
  }

  @Test
  void regularAnnounceHasNoEventAndEchoesTheTrackerId() throws Exception {
    answer(Map.of("interval", 900, "tracker id", "t-42", "peers", new byte[0]));
    try (TrackerClient c = client("/announce")) {
      c.announce(request(AnnounceEvent.STARTED));
      c.announce(request(AnnounceEvent.NONE));
    }
    assertThat(requests.get(1).getRawQuery()).doesNotContain("event=").contains("trackerid=t-42");
  }

  @Test
  void parsesIntervalsCountsWarningAndCompactPeers() throws Exception {
    var p1 = new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 6881);
    var p2 = new InetSocketAddress(InetAddress.getByName("192.168.1.2"), 51413);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("interval", 1800);
    body.put("min interval", 60);
    body.put("complete", 7);
    body.put("incomplete", 3);
    body.put("warning message", "slow down");
    body.put("peers", CompactPeers.encode4(List.of(p1, p2)));
    answer(body);
    try (TrackerClient c = client("/announce")) {
      AnnounceResponse r = c.announce(request(AnnounceEvent.NONE));
      assertThat(r.interval()).isEqualTo(Duration.ofSeconds(1800));
      assertThat(r.minInterval()).contains(Duration.ofSeconds(60));
      assertThat(r.seeders()).hasValue(7);
      assertThat(r.leechers()).hasValue(3);
      assertThat(r.warning()).contains("slow down");
      assertThat(r.peers()).containsExactly(p1, p2);
    }
  }

  @Test
  void parsesDictionaryPeersSkippingHostNamesAndBadPorts() throws Exception {
    answer(Map.of("interval", 60, "peers", List.of(
        Map.of("ip", "10.1.2.3", "port", 7000, "peer id", new byte[20]),
        Map.of("ip", "2001:db8::5", "port", 7001),
        Map.of("ip", "tracker.example", "port", 7002),
        Map.of("ip", "10.1.2.4", "port", 0),
        Map.of("ip", "10.1.2.5", "port", 70000))));
    try (TrackerClient c = client("/announce")) {
      assertThat(c.announce(request(AnnounceEvent.NONE)).peers()).containsExactly(
          new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 7000),
          new InetSocketAddress(InetAddress.getByName("2001:db8::5"), 7001));
    }
  }

  @Test
  void parsesPeers6() throws Exception {
    var v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 6882);
    var v4 = new InetSocketAddress(InetAddress.getByName("10.0.0.9"), 6883);
    answer(Map.of("interval", 60, "peers", CompactPeers.encode4(List.of(v4)), "peers6",
        CompactPeers.encode6(List.of(v6))));
    try (TrackerClient c = client("/announce")) {
      assertThat(c.announce(request(AnnounceEvent.NONE)).peers()).containsExactly(v4, v6);
    }
  }

  @Test
  void failureReasonBecomesTheExceptionMessage() throws Exception {
    answer(Map.of("failure reason", "unregistered torrent"));
    try (TrackerClient c = client("/announce")) {
      assertThatThrownBy(() -> c.announce(request(AnnounceEvent.STARTED)))
          .isInstanceOf(TrackerException.class)
          .hasMessage("tracker failure: unregistered torrent");
    }
  }

  @Test
  void garbageBodyIsAClearError() throws Exception {
    reply = new Reply(200, "<html>Bad Gateway</html>".getBytes(StandardCharsets.US_ASCII), false);
    try (TrackerClient c = client("/announce")) {
      assertThatThrownBy(() -> c.announce(request(AnnounceEvent.STARTED)))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("not valid bencode")
          .hasMessageContaining("<html>");
    }
  }

  @Test
  void bencodedNonDictionaryIsAClearError() throws Exception {
    answer(List.of(1, 2));
    try (TrackerClient c = client("/announce")) {
      assertThatThrownBy(() -> c.announce(request(AnnounceEvent.STARTED)))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("not a bencoded dictionary");
    }
  }

  @Test
  void http500IsReported() throws Exception {
    reply = new Reply(500, "oops".getBytes(StandardCharsets.US_ASCII), false);
    try (TrackerClient c = client("/announce")) {
      assertThatThrownBy(() -> c.announce(request(AnnounceEvent.STARTED)))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("HTTP 500");
    }
  }

  @Test
  void non200WithFailureReasonShowsTheReason() throws Exception {
    reply = new Reply(403, BEncoder.encode(Map.of("failure reason", "passkey invalid")), false);
    try (TrackerClient c = client("/announce")) {
      assertThatThrownBy(() -> c.announce(request(AnnounceEvent.STARTED)))
          .hasMessageContaining("HTTP 403")
          .hasMessageContaining("passkey invalid");
    }
  }

  @ParameterizedTest(name = "chunked={0}")
  @CsvSource({"true", "false"})
  void responseOverOneMebibyteIsRejected(boolean chunked) throws Exception {
    byte[] big = new byte[HttpTrackerClient.MAX_RESPONSE + 100];
    Arrays.fill(big, (byte) 'x');
    byte[] prefix = ("d5:peers" + (big.length - 20) + ":").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, big, 0, prefix.length);
    reply = new Reply(200, big, chunked);
    try (TrackerClient c = client("/announce")) {
      assertThatThrownBy(() -> c.announce(request(AnnounceEvent.STARTED)))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("exceeds the limit of " + HttpTrackerClient.MAX_RESPONSE + " bytes");
    }
  }

  @Test
  void bodyThatStallsTimesOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.createContext("/stall", ex -> {
      ex.sendResponseHeaders(200, 0);
      ex.getResponseBody().write("d8:interval".getBytes(StandardCharsets.US_ASCII));
      ex.getResponseBody().flush();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
    });
    try (TrackerClient c = new HttpTrackerClient(URI.create(base() + "/stall/announce"),
        HttpClient.newHttpClient(), Duration.ofMillis(300))) {
      assertThatThrownBy(() -> c.announce(request(AnnounceEvent.STARTED)))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("timed out");
    } finally {
      release.countDown();
    }
  }

  @Test
  void unreachableTrackerIsAClearError() throws Exception {
    int port = server.getAddress().getPort();
    server.stop(0);
    try (TrackerClient c = Trackers.open(URI.create("http://127.0.0.1:" + port + "/announce"))) {
      assertThatThrownBy(() -> c.announce(request(AnnounceEvent.STARTED)))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("cannot reach tracker");
    }
  }

  @Test
  void scrapeUsesTheScrapeUrlAndParsesFiles() throws Exception {
    InfoHash other = InfoHash.fromHex("1111111111111111111111111111111111111111");
    // BEncoder encodes Map keys as UTF-8; build the raw dict by hand to keep binary keys intact.
    byte[] body = rawScrape(Map.of(HASH, new int[] {5, 50, 2}, other, new int[] {0, 1, 0}));
    reply = new Reply(200, body, false);
    try (TrackerClient c = client("/x/announce.php?passkey=k")) {
      Map<InfoHash, ScrapeResult> r = c.scrape(List.of(HASH, other));
      assertThat(r).containsEntry(HASH, new ScrapeResult(5, 50, 2)).containsEntry(other, new ScrapeResult(0, 1, 0));
    }
    URI u = requests.getFirst();
    assertThat(u.getRawPath()).isEqualTo("/x/scrape.php");
    assertThat(u.getRawQuery()).startsWith("passkey=k&info_hash=%00%FF").contains("&info_hash=" + "%11".repeat(20));
  }

  @Test
  void scrapeOfATrackerWithoutAnnouncePathIsUnsupported() throws Exception {
    try (TrackerClient c = client("/tracker")) {
      assertThatThrownBy(() -> c.scrape(List.of(HASH)))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("does not support scrape");
    }
    assertThat(requests).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "http://t.example/announce,               http://t.example/scrape",
      "http://t.example/x/announce,             http://t.example/x/scrape",
      "http://t.example/announce.php,           http://t.example/scrape.php",
      "http://t.example/announce?passkey=a,     http://t.example/scrape?passkey=a",
      "https://t.example:8443/p/announce/x,     -",
      "http://t.example/a,                      -",
      "http://t.example/x%064announce,          -",
      "http://t.example/,                       -",
      "http://announce.example,                 -",
  })
  void scrapeUrlConvention(String announce, String scrape) {
    assertThat(HttpTrackerClient.scrapeUrl(announce)).isEqualTo(Optional.ofNullable(scrape));
  }

  @ParameterizedTest
  @CsvSource({
      "http://t/announce,       a=1, http://t/announce?a=1",
      "http://t/announce?k=v,   a=1, http://t/announce?k=v&a=1",
      "http://t/announce?k=v&,  a=1, http://t/announce?k=v&a=1",
      "http://t/announce#frag,  a=1, http://t/announce?a=1",
  })
  void queryIsAppended(String url, String query, String expected) {
    assertThat(HttpTrackerClient.withQuery(url, query)).isEqualTo(expected);
  }

  @Test
  void percentEncodingKeepsOnlyUnreservedCharacters() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    String enc = HttpTrackerClient.percentEncode(all);
    assertThat(java.net.URLDecoder.decode(enc.replace("+", "%2B"), StandardCharsets.ISO_8859_1))
        .isEqualTo(new String(all, StandardCharsets.ISO_8859_1));
    assertThat(enc).matches("[A-Za-z0-9\\-._~%]*");
    assertThat(HttpTrackerClient.percentEncode(HexFormat.of().parseHex("20ff41"))).isEqualTo("%20%FFA");
  }

  private static byte[] rawScrape(Map<InfoHash, int[]> counts) {
    var out = new java.io.ByteArrayOutputStream();
    out.writeBytes("d5:filesd".getBytes(StandardCharsets.US_ASCII));
    counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      out.writeBytes("20:".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(e.getKey().bytes());
      out.writeBytes(BEncoder.encode(Map.of("complete", e.getValue()[0], "downloaded", e.getValue()[1],
          "incomplete", e.getValue()[2])));
    });
    out.writeBytes("ee".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
