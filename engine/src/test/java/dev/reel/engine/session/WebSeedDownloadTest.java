package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.Torrent;
import dev.reel.engine.TorrentState;
import dev.reel.engine.WebSeedInfo;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.ArchiveFixture;
import dev.reel.engine.testkit.WebSeedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Web seeds (BEP 19) in the session: alone, with peers, lying, and the Internet Archive's shape (BEP 47 padding). */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WebSeedDownloadTest {
  private static final int PIECE = 64 * 1024;

  @TempDir Path tmp;

  /** Random files under web/name, served at http://127.0.0.1:p/ ; the torrent lists the given web seeds. */
  private void content(String name, long seed, long... sizes) throws Exception {
    Loopback.multiFile(tmp.resolve("web"), name, seed, PIECE, sizes);
  }

  private static Metainfo withWebSeeds(Path dir, List<String> urls) throws Exception {
    return Metainfo.parse(TorrentCreator.forPath(dir).pieceLength(PIECE).webSeeds(urls).build());
  }

  @Test
  void aTorrentWhoseOnlySourceIsAWebSeedDownloads() throws Exception {
    content("pack", 1, 1_500_000, 0, 333_333, 64 * 1024);
    List<EngineEvent> events = Loopback.events();
    try (WebSeedServer server = WebSeedServer.start(tmp.resolve("web"), "/");
        Engine engine = Loopback.engine(tmp.resolve("leech"), events)) {
      Metainfo meta = withWebSeeds(tmp.resolve("web/pack"), List.of(server.baseUrl()));
      Torrent t = engine.add(meta, AddOptions.DEFAULT);
      t.completion().get(60, TimeUnit.SECONDS);

      Loopback.assertSameTree(tmp.resolve("web/pack"), tmp.resolve("leech/data/pack"));
      assertThat(t.status().state()).isEqualTo(TorrentState.SEEDING);
      assertThat(t.status().totalDownloaded()).isGreaterThanOrEqualTo(meta.totalLength());
      assertThat(t.peers()).isEmpty();
      assertThat(t.webSeeds()).singleElement().satisfies(w -> {
        assertThat(w.url()).isEqualTo(server.baseUrl());
        assertThat(w.downloaded()).isEqualTo(meta.totalLength());
        assertThat(w.state()).isNotEqualTo("dropped");
      });
      assertThat(server.log()).allSatisfy(r -> assertThat(r.status()).isEqualTo(206));
      assertThat(events).anyMatch(e -> e instanceof EngineEvent.TorrentCompleted);
    }
  }

  @Test
  void aWebSeedAndAPeerBothContribute() throws Exception {
    content("mixed", 2, 6_000_000, 1_000_000);
    // The web seed pauses mid-body: its first run (claimed as the payload opens) is its share, the peer does the rest.
    try (WebSeedServer server = WebSeedServer.start(tmp.resolve("web"), "/").stallMidBody(Duration.ofSeconds(1));
        Engine seed = Loopback.engine(tmp.resolve("seed"), null);
        Engine leech = Loopback.engine(tmp.resolve("leech"), null)) {
      Metainfo meta = withWebSeeds(tmp.resolve("web/mixed"), List.of(server.baseUrl()));
      // The peer seeds the same files (from the web folder).
      Torrent s = seed.add(meta, AddOptions.DEFAULT.withSeedMode(true).withDownloadDir(tmp.resolve("web")));
      s.completion().get(30, TimeUnit.SECONDS);

      Torrent l = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed))));
      l.completion().get(90, TimeUnit.SECONDS);

      Loopback.assertSameTree(tmp.resolve("web/mixed"), tmp.resolve("leech/data/mixed"));
      long fromWeb = l.webSeeds().get(0).downloaded();
      long fromPeer = s.status().totalUploaded();
      assertThat(fromWeb).as("bytes from the web seed").isPositive();
      assertThat(fromPeer).as("bytes from the peer").isPositive();
      assertThat(l.status().totalDownloaded()).isGreaterThanOrEqualTo(meta.totalLength());
    }
  }

  @Test
  void aLyingWebSeedIsDroppedAndThePiecesComeFromElsewhere() throws Exception {
    content("lies", 3, 2_000_000, 250_000);
    List<EngineEvent> events = Loopback.events();
    try (WebSeedServer liar = WebSeedServer.start(tmp.resolve("web"), "/").lie(true);
        WebSeedServer honest = WebSeedServer.start(tmp.resolve("web"), "/");
        Engine engine = Loopback.engine(tmp.resolve("leech"), events)) {
      Metainfo meta = withWebSeeds(tmp.resolve("web/lies"), List.of(liar.baseUrl(), honest.baseUrl()));
      Torrent t = engine.add(meta, AddOptions.DEFAULT);
      t.completion().get(60, TimeUnit.SECONDS);

      Loopback.assertSameTree(tmp.resolve("web/lies"), tmp.resolve("leech/data/lies"));
      WebSeedInfo bad = t.webSeeds().stream().filter(w -> w.url().equals(liar.baseUrl())).findFirst().orElseThrow();
      WebSeedInfo good = t.webSeeds().stream().filter(w -> w.url().equals(honest.baseUrl())).findFirst()
          .orElseThrow();
      assertThat(liar.requests()).as("the liar was asked").isPositive();
      assertThat(bad.state()).isEqualTo("dropped");
      assertThat(bad.lastError()).hasValueSatisfying(m -> assertThat(m).contains("hash check"));
      assertThat(good.state()).isNotEqualTo("dropped");
      assertThat(events).anyMatch(e -> e instanceof EngineEvent.PieceFailed);
    }
  }

  @Test
  void theInternetArchiveShapeDownloadsFromItsMirrorsWithoutPadding() throws Exception {
    try (ArchiveFixture fixture = ArchiveFixture.builder(tmp.resolve("fixture")).itemId("reel_night_1968").build();
        Engine engine = Loopback.engine(tmp.resolve("leech"), null)) {
      Metainfo meta = fixture.metainfo();
      assertThat(meta.files()).anyMatch(f -> f.padding());
      Torrent t = engine.add(meta, AddOptions.DEFAULT);
      t.completion().get(90, TimeUnit.SECONDS);

      Path out = tmp.resolve("leech/data").resolve(fixture.itemId());
      Loopback.assertSameTree(fixture.itemDir(), out);
      assertThat(out.resolve(ArchiveFixture.PADDING_FOLDER)).doesNotExist();
      assertThat(t.webSeeds()).hasSize(fixture.servers().size());
      for (WebSeedServer s : fixture.servers()) {
        assertThat(s.log()).allSatisfy(r -> assertThat(r.path()).doesNotContain("padding"));
      }
      assertThat(fixture.servers()).anySatisfy(s -> assertThat(s.requests()).isPositive());
    }
  }

  @Test
  void aMagnetKeepsItsWebSeedsThroughTheMetadataFetch() throws Exception {
    // Long enough that the peer's first pipeline (16 blocks) leaves pieces for the mirrors.
    try (ArchiveFixture fixture = ArchiveFixture.builder(tmp.resolve("fixture")).itemId("reel_magnet_item")
            .videoSeconds(30).build();
        Engine seed = Loopback.engine(tmp.resolve("seed"), null, 0, 50_000);
        Engine leech = Loopback.engine(tmp.resolve("leech"), null)) {
      Metainfo meta = fixture.metainfo();
      // A slow peer has the metadata (BEP 9); the magnet's ws= mirrors do the bulk of the work.
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true).withDownloadDir(fixture.itemDir().getParent()))
          .completion().get(30, TimeUnit.SECONDS);
      Magnet magnet = Magnet.parse(fixture.magnet() + "&x.pe=127.0.0.1:" + seed.listenPort());
      assertThat(magnet.webSeeds()).hasSize(fixture.servers().size());

      Torrent t = leech.add(magnet, AddOptions.DEFAULT);
      assertThat(t.metadata().get(30, TimeUnit.SECONDS).urlList()).containsExactlyElementsOf(magnet.webSeeds());
      t.completion().get(90, TimeUnit.SECONDS);

      Loopback.assertSameTree(fixture.itemDir(), tmp.resolve("leech/data").resolve(fixture.itemId()));
      assertThat(t.webSeeds()).hasSize(fixture.servers().size())
          .anySatisfy(w -> assertThat(w.downloaded()).isPositive());
      assertThat(Files.exists(tmp.resolve("leech/data").resolve(fixture.itemId()).resolve(
          ArchiveFixture.PADDING_FOLDER))).isFalse();
    }
  }

  @Test
  void aStreamsCriticalPiecesGoToTheWebSeedBeforeTheSequentialSweep() throws Exception {
    long size = 24L * 1024 * 1024;
    Path file = tmp.resolve("web/movie.bin");
    Files.createDirectories(file.getParent());
    Files.write(file, dev.reel.engine.testkit.TestData.bytes(5, (int) size));
    // The first request fails (503: the seed backs off for seconds), so the reader is open before the next run.
    try (WebSeedServer server = WebSeedServer.start(tmp.resolve("web"), "/").failNext(1, 503);
        Engine engine = Loopback.engine(tmp.resolve("leech"), null)) {
      Metainfo meta = Metainfo.parse(TorrentCreator.forPath(file).pieceLength(PIECE)
          .webSeeds(List.of(server.baseUrl())).build());
      Torrent t = engine.add(meta, AddOptions.DEFAULT);
      Loopback.await("the first (failed) web seed request", Duration.ofSeconds(30),
          () -> server.requests() >= 1);
      long tail = size - 4 * PIECE;
      byte[] got = new byte[4096];
      try (var reader = t.openReader(0)) {
        reader.position(tail);
        int n = reader.readNBytes(got, 0, got.length);
        assertThat(n).isEqualTo(got.length);
      }
      assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(Files.readAllBytes(file), (int) tail,
          (int) tail + got.length));
      // The tail was asked for while the sequential sweep from the start was far from it.
      List<WebSeedServer.Request> log = server.log();
      long sequentialBytes = 0;
      boolean tailEarly = false;
      for (WebSeedServer.Request r : log.subList(1, log.size())) {
        long start = Long.parseLong(r.range().substring("bytes=".length(), r.range().indexOf('-')));
        long end = Long.parseLong(r.range().substring(r.range().indexOf('-') + 1));
        if (start <= tail && tail <= end) {
          tailEarly = sequentialBytes < tail;
          break;
        }
        sequentialBytes += end - start + 1;
      }
      assertThat(tailEarly).as("requests: %s", log).isTrue();
      t.completion().get(60, TimeUnit.SECONDS);
      assertThat(Files.mismatch(file, tmp.resolve("leech/data/movie.bin"))).isEqualTo(-1L);
    }
  }

  @Test
  void pausingInterruptsTheWebSeedAndResumingFinishesIntact() throws Exception {
    content("paused", 6, 3_000_000, 500_000);
    try (WebSeedServer server = WebSeedServer.start(tmp.resolve("web"), "/").stallMidBody(Duration.ofSeconds(2));
        Engine engine = Loopback.engine(tmp.resolve("leech"), null)) {
      Metainfo meta = withWebSeeds(tmp.resolve("web/paused"), List.of(server.baseUrl()));
      Torrent t = engine.add(meta, AddOptions.DEFAULT);
      Loopback.await("a web seed request", Duration.ofSeconds(30), () -> server.requests() >= 1);
      t.pause(); // the request is stalled mid-body: the fetch is interrupted
      assertThat(t.status().state()).isEqualTo(TorrentState.PAUSED);
      server.stallMidBody(null);
      t.resume();
      t.completion().get(60, TimeUnit.SECONDS);
      Loopback.assertSameTree(tmp.resolve("web/paused"), tmp.resolve("leech/data/paused"));
    }
  }
}
