package dev.reel.app.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.app.server.HttpServer;
import dev.reel.app.server.HttpServerConfig;
import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.Torrent;
import dev.reel.engine.media.ByteRange;
import dev.reel.engine.media.ContainerProbe;
import dev.reel.engine.media.ProbeResult;
import dev.reel.engine.media.RangeSource;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.Swarm;
import dev.reel.engine.testkit.Tools;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming end to end on loopback: a python3-libtorrent seed (upload-capped), our engine downloading while the HTTP
 * stream server serves the file through {@link EngineStreams}, and real clients (Java's HttpClient, ffmpeg).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class EngineStreamingTest {
  private static final int PIECE = 64 * 1024;

  @TempDir Path tmp;
  private Path video;
  private byte[] data;
  private Path torrentFile;
  private Metainfo meta;
  private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
  private Swarm swarm;
  private Engine engine;
  private HttpServer server;
  private Torrent torrent;
  private CompletableFuture<ProbeResult> ready;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp(TestInfo info) throws Exception {
    Tools.requirePythonLibtorrent();
    Path made = StreamTestVideos.mp4();
    video = Files.copy(made, Files.createDirectories(tmp.resolve("seed")).resolve("clip.mp4"));
    data = Files.readAllBytes(video);
    byte[] t = TorrentCreator.forPath(video).pieceLength(PIECE).build();
    torrentFile = Files.write(tmp.resolve("clip.torrent"), t);
    meta = Metainfo.parse(t);
    swarm = Swarm.forTest(info);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) {
      server.close();
    }
    if (engine != null) {
      engine.close();
    }
    swarm.close();
  }

  /** A libtorrent seed capped at {@code kibps} (0 = no cap), our engine added to it, and the HTTP server. */
  private void start(int kibps) throws Exception {
    LibtorrentPeer seed = swarm.libtorrent("lt-seed").noTracker().upKiBps(kibps).seed(torrentFile, tmp.resolve("seed"));
    EngineConfig c = EngineConfig.defaults(tmp.resolve("reel/data")).withStateDir(tmp.resolve("reel/state"))
        .withListenPort(0).withBindAddress(InetAddress.getLoopbackAddress())
        .withRequestTimeout(Duration.ofSeconds(5)).withListener(events::add).withDht(EngineConfig.Dht.OFF);
    engine = Engine.start(c);
    // Added paused so that the stream is prepared (container probe, critical ranges) before the first request.
    torrent = engine.add(meta, AddOptions.DEFAULT.withPeers(List.of(seed.listenAddress())).withPaused(true));
    ready = torrent.prepareStream(0);
    torrent.resume();
    server = new HttpServer(HttpServerConfig.defaults());
    StreamRoutes.install(server, new EngineStreams(engine));
    server.start();
  }

  private URI url() {
    return StreamRoutes.streamUri(server.baseUri(), meta.infoHash().hex(), 0, "clip.mp4");
  }

  private byte[] range(long first, long last) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(url()).header("Range", "bytes=" + first + "-" + last)
        .timeout(Duration.ofSeconds(90)).build();
    HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as("status of bytes=%d-%d", first, last).isEqualTo(206);
    return r.body();
  }

  private List<Integer> verifiedOrder() {
    return events.stream().filter(e -> e instanceof EngineEvent.PieceVerified)
        .map(e -> ((EngineEvent.PieceVerified) e).piece()).toList();
  }

  @Test
  void thirtyRandomRangesReturnExactlyTheFilesBytes() throws Exception {
    start(2048);
    Random random = new Random(42);
    for (int i = 0; i < 30; i++) {
      long first = i == 0 ? data.length - 4096 : (long) (random.nextDouble() * data.length);
      long last = Math.min(data.length - 1, first + random.nextInt(512 * 1024));
      byte[] body = range(first, last);
      assertThat(body).as("bytes=%d-%d", first, last)
          .isEqualTo(Arrays.copyOfRange(data, (int) first, (int) last + 1));
    }
  }

  @Test
  void aRangeAt70PercentAnswersBeforeTheStartIsDownloaded() throws Exception {
    start(1024);
    long first = data.length * 7L / 10;
    byte[] body = range(first, first + 256 * 1024 - 1);
    BitSet verified = new BitSet();
    verifiedOrder().forEach(verified::set);
    int firstPiece = (int) (first / PIECE);
    assertThat(body).isEqualTo(Arrays.copyOfRange(data, (int) first, (int) first + 256 * 1024));
    assertThat(verified.get(0, firstPiece).cardinality()).as("pieces before 70%% verified at response time")
        .isLessThan(firstPiece);
  }

  @Test
  void ffmpegDecodesTheWholeVideoWhileItDownloadsNearItsBitrate() throws Exception {
    String ffmpeg = PlayerInteropTest.requireTool("ffmpeg");
    int kibps = (int) (StreamTestVideos.bytesPerSecond(video) * 13 / 10 / 1024);
    start(kibps);
    PlayerInteropTest.Result r = PlayerInteropTest.run(StreamTestVideos.ffmpegDecode(ffmpeg, url().toString())
        .toArray(String[]::new));
    assertThat(r.exit()).as(r.output()).isZero();
  }

  @Test
  void theMoovAtTheEndComesBeforeTheMiddle() throws Exception {
    ByteRange moov = ContainerProbe.probe(RangeSource.of(data)).criticalRanges().getLast();
    assertThat(moov.end()).as("moov is at the end (no faststart)").isEqualTo(data.length);
    start(1024);
    assertThat(ready.get(120, TimeUnit.SECONDS).criticalRanges()).contains(moov);
    List<Integer> order = verifiedOrder();
    int lastMoov = 0;
    for (int p = (int) (moov.start() / PIECE); p <= (data.length - 1) / PIECE; p++) {
      assertThat(order).as("moov piece %d verified", p).contains(p);
      lastMoov = Math.max(lastMoov, order.indexOf(p));
    }
    int midFirst = meta.pieceCount() * 45 / 100;
    int midLast = meta.pieceCount() * 55 / 100;
    for (int i = 0; i <= lastMoov; i++) {
      assertThat(order.get(i) >= midFirst && order.get(i) <= midLast)
          .as("piece %d (the middle is %d..%d) verified before the last moov piece", order.get(i), midFirst, midLast)
          .isFalse();
    }
  }

  @Test
  void twoPlayersAtDifferentPositionsBothProgress() throws Exception {
    start(1024);
    long a = data.length / 10;
    long b = data.length * 6L / 10;
    int n = 1024 * 1024;
    CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> get(a, a + n - 1));
    CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> get(b, b + n - 1));
    assertThat(first.get(120, TimeUnit.SECONDS)).isEqualTo(Arrays.copyOfRange(data, (int) a, (int) a + n));
    assertThat(second.get(120, TimeUnit.SECONDS)).isEqualTo(Arrays.copyOfRange(data, (int) b, (int) b + n));
  }

  private byte[] get(long first, long last) {
    try {
      return range(first, last);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
