package dev.reel.engine.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reference client (python3-libtorrent) downloads the Internet-Archive-shaped fixture from its web seeds alone:
 * proof that the fixture's padding files, url-list and the {@link WebSeedServer}s are what real clients expect.
 */
class ArchiveFixtureInteropTest {
  @TempDir Path dir;

  @Test
  void libtorrentDownloadsTheFixtureFromItsWebSeeds(TestInfo info) {
    Tools.requirePythonLibtorrent();
    Path logs = TestLogs.dir(info);
    try (ArchiveFixture fx = ArchiveFixture.builder(dir.resolve("fixture")).logDir(logs).build();
        LibtorrentPeer lt = new LibtorrentPeer("lt-webseed", logs).noTracker()) {
      Path out = dir.resolve("lt");

      lt.download(fx.torrentFile(), out).awaitComplete(Duration.ofMinutes(2));

      TestData.assertSameTree(fx.itemDir(), out.resolve(fx.itemId()));
      assertThat(fx.servers()).allSatisfy(s -> assertThat(s.log())
          .allSatisfy(r -> assertThat(r.path()).doesNotContain("padding")));
      assertThat(fx.servers().stream().mapToInt(WebSeedServer::requests).sum()).isPositive();
    }
  }
}
