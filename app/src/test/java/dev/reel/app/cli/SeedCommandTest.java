package dev.reel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.Ports;
import dev.reel.engine.testkit.Swarm;
import dev.reel.engine.testkit.TestData;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** {@code reel seed}: checks the data, seeds to a real client, stops cleanly; refuses incomplete data. */
class SeedCommandTest {
  private static final int PIECE = 32 * 1024;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

  @TempDir Path tmp;

  private Path create(Path content) {
    Path torrent = tmp.resolve("content.torrent");
    Cli.Result r = Cli.run("create", content.toString(), "-o", torrent.toString(), "--piece-size", "" + PIECE);
    assertThat(r.exitCode()).as("%s", r).isZero();
    return torrent;
  }

  @Test
  void seedsCompleteDataToLibtorrentUntilStopped(TestInfo info) throws Exception {
    Path content = TestData.tree(tmp.resolve("data/content"), PIECE, 31);
    Path torrent = create(content);
    int port = Ports.freeTcpPort();
    try (Swarm swarm = Swarm.forTest(info);
        Cli.Background seed = new Cli.Background("seed", torrent.toString(), tmp.resolve("data").toString(),
            "--port", Integer.toString(port), "--data-dir", tmp.resolve("state").toString(), "--no-dht")) {
      LibtorrentPeer leech = swarm.libtorrent("lt-leech").noTracker()
          .peer(new InetSocketAddress(Ports.LOOPBACK, port)).download(torrent, tmp.resolve("leech"));

      leech.awaitComplete(RUN_TIMEOUT);

      TestData.assertSameTree(content, tmp.resolve("leech/content"));
      assertThat(seed.finished()).as("still seeding").isFalse();
      Cli.Result r = seed.stop(RUN_TIMEOUT);
      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.errorLines()).isEmpty();
      assertThat(r.err()).contains("Seeding content");
    }
  }

  @Test
  void incompleteDataIsOneLineExit1AndLeftUntouched() throws Exception {
    Path content = TestData.tree(tmp.resolve("data/content"), PIECE, 32);
    Path torrent = create(content);
    Path damaged = content.resolve("sub/b.bin");
    TestData.corrupt(damaged, PIECE + 5);
    byte[] before = Files.readAllBytes(damaged);
    Files.delete(content.resolve("z/e.bin"));

    Cli.Result r = Cli.run("seed", torrent.toString(), tmp.resolve("data").toString(), "--port", "0",
        "--data-dir", tmp.resolve("state").toString(), "--no-dht");

    assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.ERROR);
    assertThat(r.singleErrorLine()).startsWith("reel: the data in " + tmp.resolve("data") + " is incomplete: ")
        .contains("pieces verified (content)");
    assertThat(Files.readAllBytes(damaged)).as("seed never writes the user's data").isEqualTo(before);
  }

  @Test
  void missingFolderOrAMagnetIsOneLine() throws Exception {
    Path torrent = create(TestData.tree(tmp.resolve("data/content"), PIECE, 33));

    Cli.Result noDir = Cli.run("seed", torrent.toString(), tmp.resolve("nowhere").toString(), "--port", "0",
        "--data-dir", tmp.resolve("state").toString(), "--no-dht");
    assertThat(noDir.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(noDir.singleErrorLine()).isEqualTo("reel: no such folder: " + tmp.resolve("nowhere"));

    Cli.Result magnet = Cli.run("seed", "magnet:?xt=urn:btih:" + "ab".repeat(20), tmp.toString());
    assertThat(magnet.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(magnet.singleErrorLine()).contains("needs a .torrent file");
  }
}
