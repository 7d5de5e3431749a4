package dev.reel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.storage.ResumeFile;
import dev.reel.engine.storage.ResumeState;
import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.Poll;
import dev.reel.engine.testkit.Swarm;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.Tools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reel download} as a real process, killed with SIGKILL half-way through a download from a rate-capped
 * libtorrent seed, then run again: the second run downloads only what was not verified before the kill (measured by a
 * fresh seed's upload counter, against the pieces the resume file held at the kill), and the output is intact.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KillAndResumeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int PIECE = 64 * 1024;
  private static final long SIZE = 4L * 1024 * 1024 + 4567;
  /** The first seed's cap: the whole file would take ~16 s, so "half-way" is easy to catch. */
  private static final int SLOW_KIB = 256;
  /** Blocks in flight or half-written pieces at the kill may be fetched again. */
  private static final long SLACK = 4L * PIECE;

  @TempDir Path tmp;

  @Test
  void sigkillHalfWayThenRestartDownloadsOnlyTheRest(TestInfo info) throws Exception {
    Tools.requirePythonLibtorrent();
    Path file = TestData.file(tmp.resolve("seed/movie.bin"), SIZE, 606);
    byte[] bytes = TorrentCreator.forPath(file).pieceLength(PIECE).build();
    Metainfo meta = Metainfo.parse(bytes);
    Path torrent = Files.write(tmp.resolve("movie.torrent"), bytes);
    Path out = tmp.resolve("out");
    Path state = tmp.resolve("state");
    Path resume = state.resolve("engine").resolve(meta.infoHash().hex() + ".resume");

    try (Swarm swarm = Swarm.forTest(info)) {
      BitSet haveAtKill;
      LibtorrentPeer slow = swarm.libtorrent("lt-slow").noTracker().upKiBps(SLOW_KIB)
          .seed(torrent, tmp.resolve("seed"));
      Process first = reel(swarm.logDir().resolve("reel-1.log"), torrent, out, state, slow.listenAddress());
      try {
        Poll.until(TIMEOUT, "half of the pieces saved as verified in " + resume, () -> "reel alive: " + first.isAlive(),
            () -> {
              assertThat(first.isAlive()).as("reel still downloading").isTrue();
              return have(resume).cardinality() >= meta.pieceCount() / 2;
            });
      } finally {
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no final resume save
      }
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
      haveAtKill = have(resume);
      assertThat(haveAtKill.cardinality()).as("pieces verified before the kill").isLessThan(meta.pieceCount());
      slow.close();

      LibtorrentPeer fast = swarm.libtorrent("lt-fast").noTracker().seed(torrent, tmp.resolve("seed"));
      Process second = reel(swarm.logDir().resolve("reel-2.log"), torrent, out, state, fast.listenAddress());
      assertThat(second.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("second run finished").isTrue();
      assertThat(second.exitValue()).as("second run's exit status; see reel-2.log").isZero();
      TestData.assertSameTree(file, out.resolve("movie.bin"));

      long missing = 0;
      for (int p = 0; p < meta.pieceCount(); p++) {
        if (!haveAtKill.get(p)) {
          missing += meta.pieceSize(p);
        }
      }
      long uploaded = settledUpload(fast);
      assertThat(uploaded).as("bytes the second run downloaded (seed's upload counter)").isPositive()
          .isLessThanOrEqualTo(missing + SLACK);
    }
  }

  /** Starts {@code java -cp <test classpath> dev.reel.app.cli.Main download ...}, output to {@code log}. */
  private static Process reel(Path log, Path torrent, Path out, Path state, InetSocketAddress peer) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "download", torrent.toString(), "-o", out.toString(), "--port", "0", "--data-dir", state.toString(),
        "--peer", peer.getAddress().getHostAddress() + ":" + peer.getPort()));
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("CI");
    Process p = pb.start();
    p.getOutputStream().close();
    return p;
  }

  private static BitSet have(Path resume) {
    Optional<ResumeState> s = Files.exists(resume) ? ResumeFile.load(resume) : Optional.empty();
    return s.map(ResumeState::have).orElseGet(BitSet::new);
  }

  /** The seed's upload counter once Reel has gone and two status readings agree. */
  private static long settledUpload(LibtorrentPeer seed) {
    long[] last = {-1};
    Poll.until(Duration.ofSeconds(30), "the seed's upload counter to settle", () -> "up=" + seed.uploaded(), () -> {
      long now = seed.uploaded();
      boolean settled = seed.connectedPeers() == 0 && now == last[0];
      last[0] = now;
      if (!settled) {
        try {
          Thread.sleep(600); // status lines come every 0.5 s
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return settled;
    });
    return last[0];
  }
}
