package dev.reel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.OpenTracker;
import dev.reel.engine.testkit.Ports;
import dev.reel.engine.testkit.Swarm;
import dev.reel.engine.testkit.TestData;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reel download} against python3-libtorrent seeds on loopback (testkit): complete and identical files, exit 0;
 * no peers / unreachable tracker: exit 3, one line, nothing left behind; .torrent over http.
 */
class DownloadCommandTest {
  private static final int PIECE = 32 * 1024;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

  @TempDir Path tmp;

  /** A content tree and its .torrent (made by `reel create`), with optional trackers. */
  private Path torrentFor(Path content, String... trackers) throws Exception {
    Path torrent = tmp.resolve(content.getFileName() + ".torrent");
    List<String> args = new ArrayList<>(List.of("create", content.toString(), "-o", torrent.toString(),
        "--piece-size", Integer.toString(PIECE)));
    for (String t : trackers) {
      args.addAll(List.of("--tracker", t));
    }
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as("%s", r).isZero();
    return torrent;
  }

  private String[] download(String source, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("download", source, "-o", out.toString(), "--port", "0",
        "--data-dir", tmp.resolve("state").toString(), "--no-dht"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  @Test
  void downloadsATorrentFileFromALibtorrentSeed(TestInfo info) throws Exception {
    Path content = TestData.tree(tmp.resolve("seed/content"), PIECE, 21);
    Path torrent = torrentFor(content);
    try (Swarm swarm = Swarm.forTest(info)) {
      LibtorrentPeer seed = swarm.libtorrent("lt-seed").noTracker().seed(torrent, tmp.resolve("seed"));
      Path out = tmp.resolve("dl");

      Cli.Result r = Cli.run(download(torrent.toString(), out, "--peer", hostPort(seed.listenAddress())));

      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.out().trim()).isEqualTo(out.resolve("content").toString());
      assertThat(r.errorLines()).isEmpty();
      TestData.assertSameTree(content, out.resolve("content"));
    }
  }

  @Test
  void downloadsAMagnetThroughOpenTrackerAndSelectsFiles(TestInfo info) throws Exception {
    Path content = TestData.tree(tmp.resolve("seed/content"), PIECE, 22);
    try (Swarm swarm = Swarm.forTest(info)) {
      OpenTracker tracker = swarm.tracker(List.of());
      Path torrent = torrentFor(content, tracker.announceUrl());
      Metainfo m = Metainfo.parse(Files.readAllBytes(torrent));
      tracker.allow(m.infoHash());
      swarm.libtorrent("lt-seed").seed(torrent, tmp.resolve("seed"));
      int wanted = m.files().stream().filter(f -> f.displayPath().equals("z/e.bin")).findFirst().orElseThrow().index();
      String magnet = "magnet:?xt=urn:btih:" + m.infoHash().hex() + "&dn=content&tr=" + tracker.announceUrl();
      Path out = tmp.resolve("dl");

      Cli.Result r = Cli.run(download(magnet, out, "--file", Integer.toString(wanted)));

      assertThat(r.exitCode()).as("%s", r).isZero();
      Path got = out.resolve("content/z/e.bin");
      assertThat(Files.mismatch(got, content.resolve("z/e.bin"))).isEqualTo(-1L);
      // Files outside the selection hold at most the pieces they share with it: never their full data.
      Path other = out.resolve("content/a.bin");
      assertThat(!Files.exists(other) || Files.mismatch(other, content.resolve("a.bin")) != -1L).isTrue();
    }
  }

  @Test
  void infoOfAnInfoHashFetchesTheMetadataFromPeers(TestInfo info) throws Exception {
    Path content = TestData.tree(tmp.resolve("seed/content"), PIECE, 23);
    Path torrent = torrentFor(content);
    Metainfo m = Metainfo.parse(Files.readAllBytes(torrent));
    try (Swarm swarm = Swarm.forTest(info)) {
      LibtorrentPeer seed = swarm.libtorrent("lt-seed").noTracker().seed(torrent, tmp.resolve("seed"));

      Cli.Result r = Cli.run("info", m.infoHash().hex(), "--json", "--port", "0",
          "--data-dir", tmp.resolve("state").toString(), "--no-dht", "--peer", hostPort(seed.listenAddress()));

      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.out()).contains("\"infoHash\":\"" + m.infoHash().hex() + "\"").contains("\"name\":\"content\"")
          .contains("\"pieceCount\":" + m.pieceCount());
    }
  }

  @Test
  void downloadsATorrentServedOverHttp(TestInfo info) throws Exception {
    Path content = TestData.tree(tmp.resolve("seed/content"), PIECE, 24);
    Path torrent = torrentFor(content);
    HttpServer http = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, 0), 0);
    byte[] bytes = Files.readAllBytes(torrent);
    http.createContext("/t/content.torrent", ex -> {
      ex.getResponseHeaders().add("Content-Type", "application/x-bittorrent");
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(bytes);
      }
    });
    http.start();
    String base = "http://127.0.0.1:" + http.getAddress().getPort();
    try (Swarm swarm = Swarm.forTest(info)) {
      LibtorrentPeer seed = swarm.libtorrent("lt-seed").noTracker().seed(torrent, tmp.resolve("seed"));
      Path out = tmp.resolve("dl");

      Cli.Result r = Cli.run(download(base + "/t/content.torrent", out, "--peer", hostPort(seed.listenAddress())));
      assertThat(r.exitCode()).as("%s", r).isZero();
      TestData.assertSameTree(content, out.resolve("content"));

      Cli.Result missing = Cli.run(download(base + "/t/missing.torrent", tmp.resolve("dl2")));
      assertThat(missing.exitCode()).isEqualTo(ExitCodes.ERROR);
      assertThat(missing.singleErrorLine())
          .isEqualTo("reel: could not fetch " + base + "/t/missing.torrent: HTTP 404 Not Found");
      assertThat(tmp.resolve("dl2")).doesNotExist();
    } finally {
      http.stop(0);
    }
  }

  @Test
  void unreachableTrackerAndNoOtherSourceExits3NamingTheTrackerAndLeavesNothing() throws Exception {
    Path content = TestData.tree(tmp.resolve("seed/content"), PIECE, 25);
    String deadTracker = "http://127.0.0.1:" + Ports.freeTcpPort() + "/announce";
    Path torrent = torrentFor(content, deadTracker);
    Path out = tmp.resolve("dl");

    Cli.Result r = Cli.run(download(torrent.toString(), out, "--peer-timeout", "2"));

    assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.NO_PEERS);
    assertThat(r.singleErrorLine()).startsWith("reel: no peers within 2 s: ").contains(deadTracker);
    assertThat(r.out()).isEmpty();
    assertThat(out).as("the output folder it created").doesNotExist();
  }

  @Test
  void downloadsFromASeedThatRequiresEncryption(TestInfo info) throws Exception {
    Path content = TestData.tree(tmp.resolve("seed/content"), PIECE, 31);
    Path torrent = torrentFor(content);
    try (Swarm swarm = Swarm.forTest(info)) {
      LibtorrentPeer seed = swarm.libtorrent("lt-forced-seed").encryption("forced").noTracker()
          .seed(torrent, tmp.resolve("seed"));
      Path out = tmp.resolve("dl");

      Cli.Result r = Cli.run(download(torrent.toString(), out, "--peer", hostPort(seed.listenAddress()),
          "--encryption", "required"));

      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.errorLines()).isEmpty();
      TestData.assertSameTree(content, out.resolve("content"));
    }
  }

  @Test
  void encryptionRequiredAgainstAPlaintextOnlySeedExits3SayingWhy(TestInfo info) throws Exception {
    Path content = TestData.tree(tmp.resolve("seed/content"), PIECE, 32);
    Path torrent = torrentFor(content);
    try (Swarm swarm = Swarm.forTest(info)) {
      LibtorrentPeer seed = swarm.libtorrent("lt-plain-seed").encryption("disabled").noTracker()
          .seed(torrent, tmp.resolve("seed"));

      Cli.Result r = Cli.run(download(torrent.toString(), tmp.resolve("dl"), "--peer",
          hostPort(seed.listenAddress()), "--encryption", "required", "--peer-timeout", "3"));

      assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.NO_PEERS);
      assertThat(r.singleErrorLine()).startsWith("reel: no peers within 3 s: ")
          .contains("refused because encryption is required (--encryption enabled allows plaintext peers)");
    }
  }

  @Test
  void anUnknownEncryptionModeIsAUsageError() throws Exception {
    Cli.Result r = Cli.run(download("ab".repeat(20), tmp.resolve("dl"), "--encryption", "sometimes"));
    assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("expected enabled, required or disabled, got 'sometimes'");
  }

  @Test
  void transportsTcpDownloadsFromALibtorrentSeed(TestInfo info) throws Exception {
    Path content = TestData.tree(tmp.resolve("seed/content"), PIECE, 33);
    Path torrent = torrentFor(content);
    try (Swarm swarm = Swarm.forTest(info)) {
      LibtorrentPeer seed = swarm.libtorrent("lt-tcp-seed").noTracker().seed(torrent, tmp.resolve("seed"));
      Path out = tmp.resolve("dl");

      Cli.Result r = Cli.run(download(torrent.toString(), out, "--peer", hostPort(seed.listenAddress()),
          "--transports", "tcp"));

      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.errorLines()).isEmpty();
      TestData.assertSameTree(content, out.resolve("content"));
    }
  }

  @Test
  void transportsUtpDownloadsFromAUtpOnlyLibtorrentSeed(TestInfo info) throws Exception {
    Path content = TestData.tree(tmp.resolve("seed/content"), PIECE, 34);
    Path torrent = torrentFor(content);
    try (Swarm swarm = Swarm.forTest(info)) {
      LibtorrentPeer seed = swarm.libtorrent("lt-utp-seed").noTracker().utpOnly().seed(torrent, tmp.resolve("seed"));
      Path out = tmp.resolve("dl");

      Cli.Result r = Cli.run(download(torrent.toString(), out, "--peer", hostPort(seed.listenAddress()),
          "--transports", "utp"));

      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.errorLines()).isEmpty();
      TestData.assertSameTree(content, out.resolve("content"));
    }
  }

  @Test
  void anUnknownTransportIsAUsageError() throws Exception {
    Cli.Result r = Cli.run(download("ab".repeat(20), tmp.resolve("dl"), "--transports", "carrier-pigeon"));
    assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("expected both, tcp or utp, got 'carrier-pigeon'");
  }

  @Test
  void noPeerReachableExits3AndKeepsAnExistingOutputFolderEmpty() throws Exception {
    Path content = TestData.tree(tmp.resolve("seed/content"), PIECE, 26);
    Path torrent = torrentFor(content);
    Path out = Files.createDirectories(tmp.resolve("dl"));
    Files.writeString(out.resolve("unrelated.txt"), "mine");
    String closed = "127.0.0.1:" + Ports.freeTcpPort();

    Cli.Result r = Cli.run(download(torrent.toString(), out, "--peer", closed, "--peer-timeout", "2"));

    assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.NO_PEERS);
    assertThat(r.singleErrorLine()).isEqualTo("reel: no peers within 2 s: could not connect to " + closed);
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("unrelated.txt");
    }
  }

  @Test
  void torrentWithoutTrackersOrPeersSaysHowToAddSources() throws Exception {
    Path torrent = torrentFor(TestData.tree(tmp.resolve("seed/content"), PIECE, 27));
    Cli.Result r = Cli.run(download(torrent.toString(), tmp.resolve("dl"), "--peer-timeout", "1"));
    assertThat(r.exitCode()).isEqualTo(ExitCodes.NO_PEERS);
    assertThat(r.singleErrorLine()).contains("names no tracker").contains("--tracker").contains("--peer");
  }

  @Test
  void ctrlCBeforeAnyDataExits130AndRemovesWhatItCreated() throws Exception {
    Path torrent = torrentFor(TestData.tree(tmp.resolve("seed/content"), PIECE, 28));
    Path out = tmp.resolve("dl");
    try (Cli.Background run = new Cli.Background(download(torrent.toString(), out,
        "--peer", "127.0.0.1:" + Ports.freeTcpPort(), "--peer-timeout", "600"))) {
      dev.reel.engine.testkit.Poll.until(Duration.ofSeconds(30), "the download to start", () -> Files.exists(out));

      Cli.Result r = run.stop(RUN_TIMEOUT);

      assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.INTERRUPTED);
      assertThat(r.singleErrorLine()).isEqualTo("reel: interrupted");
      assertThat(out).doesNotExist();
    }
  }

  @Test
  void ctrlCWithDataExits130AndKeepsItForAResume(TestInfo info) throws Exception {
    Path content = TestData.tree(tmp.resolve("seed/content"), PIECE, 30);
    Path torrent = torrentFor(content);
    Path out = tmp.resolve("dl");
    try (Swarm swarm = Swarm.forTest(info)) {
      LibtorrentPeer seed = swarm.libtorrent("lt-seed").noTracker().upKiBps(64).seed(torrent, tmp.resolve("seed"));
      try (Cli.Background run = new Cli.Background(download(torrent.toString(), out,
          "--peer", hostPort(seed.listenAddress())))) {
        dev.reel.engine.testkit.Poll.until(RUN_TIMEOUT, "some data to arrive", () -> bytesUnder(out) > 4L * PIECE);

        Cli.Result r = run.stop(RUN_TIMEOUT);

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(r.singleErrorLine()).isEqualTo("reel: interrupted; verified data kept in " + out
            + " (run the same command to resume)");
        assertThat(bytesUnder(out)).isPositive();
      }
    }
  }

  @Test
  void infoOfAnInfoHashWithNoSourceExits3() {
    Cli.Result r = Cli.run("info", "ab".repeat(20), "--port", "0", "--data-dir", tmp.resolve("state").toString(), "--no-dht",
        "--peer-timeout", "1");
    assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.NO_PEERS);
    assertThat(r.singleErrorLine()).startsWith("reel: no peers within 1 s: ");
  }

  /** Bytes of data written under a folder: 4 KiB blocks holding anything but zeros (test data is random). */
  static long bytesUnder(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      long total = 0;
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        byte[] b = Files.readAllBytes(p);
        for (int off = 0; off < b.length; off += 4096) {
          for (int i = off; i < Math.min(b.length, off + 4096); i++) {
            if (b[i] != 0) {
              total += Math.min(4096, b.length - off);
              break;
            }
          }
        }
      }
      return total;
    } catch (java.io.IOException e) {
      return 0; // files being created: try again on the next poll
    }
  }

  @Test
  void downloadWithSeedKeepsSeedingUntilStopped(TestInfo info) throws Exception {
    Path content = TestData.tree(tmp.resolve("seed/content"), PIECE, 29);
    Path torrent = torrentFor(content);
    int port = Ports.freeTcpPort();
    try (Swarm swarm = Swarm.forTest(info)) {
      LibtorrentPeer seed = swarm.libtorrent("lt-seed").noTracker().seed(torrent, tmp.resolve("seed"));
      try (Cli.Background run = new Cli.Background("download", torrent.toString(), "-o", tmp.resolve("dl").toString(),
          "--seed", "--port", Integer.toString(port), "--data-dir", tmp.resolve("state").toString(), "--no-dht",
          "--peer", hostPort(seed.listenAddress()))) {
        dev.reel.engine.testkit.Poll.until(RUN_TIMEOUT, "the download to finish",
            () -> isSameTree(content, tmp.resolve("dl/content")));
        seed.close(); // from now on the only source is us
        // A second libtorrent fetches from us only: we are seeding after completion.
        LibtorrentPeer leech = swarm.libtorrent("lt-leech").noTracker()
            .peer(new InetSocketAddress(Ports.LOOPBACK, port)).download(torrent, tmp.resolve("leech"));
        leech.awaitComplete(RUN_TIMEOUT);
        TestData.assertSameTree(content, tmp.resolve("leech/content"));
        assertThat(run.finished()).isFalse();

        Cli.Result r = run.stop(RUN_TIMEOUT);
        assertThat(r.exitCode()).as("%s", r).isZero();
      }
    }
  }

  static boolean isSameTree(Path expected, Path actual) {
    try {
      TestData.assertSameTree(expected, actual);
      return true;
    } catch (AssertionError | RuntimeException e) {
      return false;
    }
  }
}
