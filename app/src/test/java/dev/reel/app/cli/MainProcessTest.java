package dev.reel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.testkit.OpenTracker;
import dev.reel.engine.testkit.Poll;
import dev.reel.engine.testkit.Ports;
import dev.reel.engine.testkit.Swarm;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.Tools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** {@link Main} as a real process: exit codes, signals, and nothing but our own lines on stderr. */
class MainProcessTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  /** A started {@code java dev.reel.app.cli.Main args...} whose stdout and stderr are collected line by line. */
  private static final class Reel implements AutoCloseable {
    final Process process;
    final List<String> out = new CopyOnWriteArrayList<>();
    final List<String> err = new CopyOnWriteArrayList<>();
    private final List<Thread> pumps;

    Reel(String... args) throws IOException {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), Main.class.getName()));
      cmd.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().remove("CI"); // irrelevant to the CLI; keeps the child's environment plain
      pb.environment().remove("REEL_PASSWORD");
      process = pb.start();
      process.getOutputStream().close();
      pumps = List.of(pump(process.getInputStream(), out), pump(process.getErrorStream(), err));
    }

    private static Thread pump(java.io.InputStream in, List<String> lines) {
      return Thread.ofVirtual().start(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          for (String l; (l = r.readLine()) != null; ) {
            lines.add(l);
          }
        } catch (IOException e) {
          // process gone
        }
      });
    }

    int exit() throws InterruptedException {
      assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("reel exited; stderr: %s", err).isTrue();
      for (Thread pump : pumps) {
        pump.join(TIMEOUT.toMillis()); // the pipes close with the process: every line is in
      }
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  @Test
  void helpAndVersionExit0AndLanWithoutPasswordExits2() throws Exception {
    try (Reel help = new Reel("--help")) {
      assertThat(help.exit()).isZero();
      assertThat(String.join("\n", help.out)).contains("Usage: reel").contains("Exit codes:").contains("download")
          .contains("serve");
      assertThat(help.err).as("no logging noise").isEmpty();
    }
    try (Reel lan = new Reel("serve", "--lan", "--no-browser", "--http-port", "0", "--port", "0")) {
      assertThat(lan.exit()).as("LAN mode without a password is refused").isEqualTo(ExitCodes.USAGE);
      assertThat(lan.err).hasSize(1);
      assertThat(lan.err.get(0)).startsWith("reel: --lan needs a password");
    }
    try (Reel version = new Reel("--version")) {
      assertThat(version.exit()).isZero();
      assertThat(version.out.get(0)).startsWith("reel ");
    }
  }

  @Test
  void usageErrorIsOneLineAndAHintWithExit2() throws Exception {
    try (Reel bad = new Reel("download", "--bogus", "x")) {
      assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(bad.err).containsExactly("reel: Unknown option: '--bogus'",
          "Try 'reel download --help' for more information.");
    }
  }

  /** Registers a leecher at 127.0.0.1:port with the tracker (a plain HTTP announce, as any client would). */
  private static void announceLeecher(OpenTracker tracker, InfoHash hash, int port) throws Exception {
    StringBuilder h = new StringBuilder();
    for (byte b : hash.bytes()) {
      h.append('%').append(String.format("%02X", b & 0xff));
    }
    URI uri = URI.create(tracker.announceUrl() + "?info_hash=" + h + "&peer_id=-XX0000-leecherleech&port=" + port
        + "&uploaded=0&downloaded=0&left=1000&compact=1&event=started");
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).doesNotContain("failure reason");
    }
  }

  @Test
  void sigtermStopsSeedingAnnouncesStoppedAndExits0(TestInfo info) throws Exception {
    Tools.requireOpenTracker();
    Path content = TestData.tree(tmp.resolve("data/content"), 32 * 1024, 41);
    Path torrent = tmp.resolve("content.torrent");
    try (Swarm swarm = Swarm.forTest(info)) {
      OpenTracker tracker = swarm.tracker(List.of());
      assertThat(Cli.run("create", content.toString(), "-o", torrent.toString(), "--tracker", tracker.announceUrl())
          .exitCode()).isZero();
      InfoHash hash = Metainfo.parse(Files.readAllBytes(torrent)).infoHash();
      tracker.allow(hash);
      // A leecher the tracker hands out: once our seed dials it, its "started" announce has certainly been answered.
      try (ServerSocket leecher = new ServerSocket(0, 50, Ports.LOOPBACK);
          Reel seed = new Reel("seed", torrent.toString(), tmp.resolve("data").toString(), "--port", "0",
              "--data-dir", tmp.resolve("state").toString(), "--no-dht")) {
        announceLeecher(tracker, hash, leecher.getLocalPort());
        leecher.setSoTimeout((int) TIMEOUT.toMillis());
        leecher.accept().close();
        tracker.awaitPeers(hash, 2, TIMEOUT);

        seed.process.destroy(); // SIGTERM

        assertThat(seed.exit()).as("stderr: %s", seed.err).isZero();
        assertThat(seed.err).noneMatch(l -> l.startsWith("reel: ")).noneMatch(l -> l.contains("Exception"));
        Poll.until(Duration.ofSeconds(10), "the tracker to drop us ('stopped' announced)",
            () -> String.join("\n", seed.err), () -> tracker.scrape(hash).peers() == 1);
      }
    }
  }
}
