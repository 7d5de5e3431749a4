package dev.reel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.MkTorrent;
import dev.reel.engine.testkit.Poll;
import dev.reel.engine.testkit.Swarm;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.Tools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code reel stream} in-process against a python3-libtorrent seed on loopback, with a real (ffmpeg-made) video. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StreamCommandTest {
  private static final int PIECE = 64 * 1024;
  private static final Pattern STREAMING =
      Pattern.compile("^Streaming clip\\.mp4 at (http://127\\.0\\.0\\.1:\\d+/stream/([0-9a-f]{40})/(\\d+)/clip\\.mp4)$",
          Pattern.MULTILINE);

  @TempDir Path tmp;

  /** A folder with a video and a text file, its torrent (made by `reel create`). */
  private Path torrent() throws Exception {
    Path content = Files.createDirectories(tmp.resolve("seed/movie"));
    Files.copy(dev.reel.app.stream.StreamTestVideos.mp4(), content.resolve("clip.mp4"));
    TestData.file(content.resolve("notes.txt"), 1000, 3);
    Path torrent = tmp.resolve("movie.torrent");
    Cli.Result r = Cli.run("create", content.toString(), "-o", torrent.toString(), "--piece-size",
        Integer.toString(PIECE));
    assertThat(r.exitCode()).as("%s", r).isZero();
    return torrent;
  }

  @Test
  void listPrintsIndexSizeAndPath() throws Exception {
    Path torrent = torrent();
    Cli.Result r = Cli.run("stream", "--list", torrent.toString());
    assertThat(r.exitCode()).as("%s", r).isZero();
    Metainfo m = Metainfo.parse(Files.readAllBytes(torrent));
    List<String> expected = new ArrayList<>();
    m.files().stream().filter(f -> !f.padding()).forEach(f -> expected.add(f.index() + "\t"
        + Formats.bytes(f.length()) + "\tmovie/" + String.join("/", f.path())));
    assertThat(r.out().lines().toList()).containsExactlyElementsOf(expected);
  }

  @Test
  void playerNonePrintsAWorkingUrlAndDeletesTheDataAtExit(TestInfo info) throws Exception {
    streamAndStop(info, false, false);
  }

  @Test
  void keepKeepsTheData(TestInfo info) throws Exception {
    streamAndStop(info, true, false);
  }

  @Test
  void streamsAMagnet(TestInfo info) throws Exception {
    streamAndStop(info, false, true);
  }

  private void streamAndStop(TestInfo info, boolean keep, boolean magnet) throws Exception {
    Tools.requirePythonLibtorrent();
    Path torrent = torrent();
    byte[] video = Files.readAllBytes(tmp.resolve("seed/movie/clip.mp4"));
    try (Swarm swarm = Swarm.forTest(info)) {
      LibtorrentPeer seed = swarm.libtorrent("lt-seed").noTracker().upKiBps(2048).seed(torrent, tmp.resolve("seed"));
      Path out = tmp.resolve("streams");
      String source = magnet ? MkTorrent.magnet(Metainfo.parse(Files.readAllBytes(torrent)).infoHash(), "movie",
          List.of(), List.of(hostPort(seed.listenAddress()))) : torrent.toString();
      List<String> args = new ArrayList<>(List.of("stream", source, "--player", "none", "-o",
          out.toString(), "--port", "0", "--data-dir", tmp.resolve("state").toString()));
      if (!magnet) {
        args.addAll(List.of("--peer", hostPort(seed.listenAddress())));
      }
      if (keep) {
        args.add("--keep");
      }
      ReelCommand reel = new ReelCommand();
      StringWriter stdout = new StringWriter();
      StringWriter stderr = new StringWriter();
      CommandLine cli = new CommandLine(reel);
      cli.setOut(new PrintWriter(stdout, true));
      cli.setErr(new PrintWriter(stderr, true));
      CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> cli.execute(args.toArray(String[]::new)),
          r -> Thread.ofPlatform().daemon().start(r));
      try {
        Poll.until(Duration.ofSeconds(90), "the Streaming line", () -> stdout + "\n" + stderr,
            () -> STREAMING.matcher(stdout.toString()).find() || run.isDone());
        Matcher m = STREAMING.matcher(stdout.toString());
        assertThat(m.find()).as("stdout:%n%s%nstderr:%n%s", stdout, stderr).isTrue();
        assertThat(m.group(3)).isEqualTo("0");
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1)))
            .header("Range", "bytes=0-65535").timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(Arrays.copyOf(video, 65536));
      } finally {
        reel.stopSignal().request();
      }
      assertThat(run.get(60, TimeUnit.SECONDS)).as("exit code; stderr:%n%s", stderr).isZero();
      Path file = out.resolve("movie/clip.mp4");
      if (keep) {
        assertThat(file).exists();
      } else {
        assertThat(file).doesNotExist();
        assertThat(out.resolve("movie")).doesNotExist();
      }
    }
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }
}
