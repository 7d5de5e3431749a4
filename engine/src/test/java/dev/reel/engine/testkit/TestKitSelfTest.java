package dev.reel.engine.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.metainfo.InfoHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The kit's own pieces behave as their javadoc says. */
class TestKitSelfTest {
  @TempDir Path tmp;

  @Test
  void aMissingToolSkipsLocallyAndFailsInCi() {
    Class<? extends Throwable> expected = Tools.inCi()
        ? org.opentest4j.AssertionFailedError.class
        : org.opentest4j.TestAbortedException.class;
    assertThatThrownBy(() -> Tools.requireExecutable("reel-no-such-tool")).isInstanceOf(expected)
        .hasMessageContaining("reel-no-such-tool");
  }

  @Test
  void testDataIsDeterministicAndTreeComparisonSeesOneFlippedByte() throws IOException {
    Path a = TestData.tree(tmp.resolve("a"), 1 << 15, 1);
    Path b = TestData.tree(tmp.resolve("b"), 1 << 15, 1);
    TestData.assertSameTree(a, b);
    assertThat(Files.readAllBytes(a.resolve("z/e.bin"))).isEqualTo(TestData.bytes(1 + 6, (1 << 20) + 1));
    assertThat(a.resolve("empty.dat")).isEmptyFile();

    TestData.corrupt(b.resolve("sub/deeper/c.bin"), 100);
    assertThatThrownBy(() -> TestData.assertSameTree(a, b)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("c.bin");
    Files.delete(b.resolve("empty.dat"));
    assertThatThrownBy(() -> TestData.assertSameTree(a, b)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("empty.dat");
  }

  @Test
  void mktorrentInfoHashMatchesLibtorrents(TestInfo info) throws Exception {
    Tools.requireMktorrent();
    Tools.requirePythonLibtorrent();
    Path logs = TestLogs.dir(info);
    Path content = TestData.tree(tmp.resolve("tree"), 1 << 15, 3);
    Path torrent = MkTorrent.of(content).pieceLengthLog2(15).announce("http://127.0.0.1:1/announce")
        .webSeeds("http://127.0.0.1:2/files/").privateFlag(true).create(tmp.resolve("t.torrent"), logs);

    Process p = new ProcessBuilder(Tools.PYTHON, "-c",
        "import libtorrent as lt,sys; t=lt.torrent_info(sys.argv[1]); "
            + "print(t.info_hashes().v1, t.priv(), t.num_files(), t.name())", torrent.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).isEqualTo(MkTorrent.infoHash(torrent).hex() + " True "
        + TestData.treeLayout(1 << 15).size() + " tree");
    assertThat(MkTorrent.name(torrent)).isEqualTo("tree");
  }

  @Test
  void openTrackerServesOnlyWhitelistedHashesAndReloadsOnAllow(TestInfo info) {
    InfoHash listed = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    InfoHash later = InfoHash.fromHex("89abcdef0123456789abcdef0123456789abcdef");
    try (OpenTracker tracker = new OpenTracker(TestLogs.dir(info), List.of(listed))) {
      assertThat(tracker.serves(listed)).isTrue();
      assertThat(tracker.serves(later)).isFalse();
      tracker.allow(later);
      assertThat(tracker.serves(later)).isTrue();
      assertThat(tracker.scrape(later)).isEqualTo(new OpenTracker.Scrape(0, 0, 0)); // the probe peer is gone
      assertThat(tracker.udpAnnounceUrl()).isEqualTo("udp://127.0.0.1:" + tracker.port() + "/announce");
    }
  }

  @Test
  void corruptLibtorrentSeedServesBadDataThatTheDownloaderRejects(TestInfo info) {
    Tools.requirePythonLibtorrent();
    Tools.requireMktorrent();
    Path file = TestData.file(tmp.resolve("seed/bad.bin"), 1 << 20, 5);
    try (Swarm swarm = Swarm.forTest(info)) {
      Path torrent = MkTorrent.of(file).pieceLengthLog2(16).create(tmp.resolve("bad.torrent"), swarm.logDir());
      TestData.corrupt(file, 70_000); // piece 1
      LibtorrentPeer seed = swarm.libtorrent("lt-bad-seed").noTracker().corrupt().seed(torrent, tmp.resolve("seed"));
      LibtorrentPeer dl = swarm.libtorrent("lt-dl").noTracker().peer(seed.listenAddress())
          .download(torrent, tmp.resolve("dl"));
      Poll.until(Duration.ofSeconds(60), "the downloader to reject a piece",
          () -> logContains(dl.logFile(), "hash for piece 1"));
      assertThat(dl.complete()).isFalse();
    }
  }

  private static boolean logContains(Path log, String text) {
    try {
      return Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
    } catch (IOException e) {
      return false;
    }
  }
}
