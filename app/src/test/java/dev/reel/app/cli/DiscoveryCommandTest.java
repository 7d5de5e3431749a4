package dev.reel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.dht.DhtConfig;
import dev.reel.engine.dht.DhtNode;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.testkit.ArchiveFixture;
import dev.reel.engine.testkit.Poll;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.Tools;
import dev.reel.engine.testkit.WebSeedServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reel download} with sources other than trackers and peers: a web seed alone (BEP 19), the Internet Archive's
 * shape, and a trackerless magnet through a loopback DHT ({@code --dht-local --dht-bootstrap}).
 */
class DiscoveryCommandTest {
  private static final int PIECE = 32 * 1024;
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @TempDir Path tmp;

  private String[] download(String source, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("download", source, "-o", out.toString(), "--port", "0",
        "--data-dir", tmp.resolve("state").toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void aWebSeedOnlyTorrentDownloadsWithIdenticalFiles() throws Exception {
    Path content = TestData.tree(tmp.resolve("web/content"), PIECE, 41);
    try (WebSeedServer server = WebSeedServer.start(tmp.resolve("web"), "/")) {
      Path torrent = tmp.resolve("content.torrent");
      Cli.Result created = Cli.run("create", content.toString(), "-o", torrent.toString(), "--piece-size",
          Integer.toString(PIECE), "--webseed", server.baseUrl());
      assertThat(created.exitCode()).as("%s", created).isZero();
      Path out = tmp.resolve("dl");

      // No tracker, no peer, no DHT: the web seed is the only source (and the peer timeout does not apply to it).
      Cli.Result r = Cli.run(download(torrent.toString(), out, "--no-dht", "--peer-timeout", "5"));

      assertThat(r.exitCode()).as("%s", r).isZero();
      assertThat(r.out().trim()).isEqualTo(out.resolve("content").toString());
      TestData.assertSameTree(content, out.resolve("content"));
      assertThat(server.requests()).isPositive();
    }
  }

  @Test
  void anInternetArchiveItemDownloadsFromItsMirrors() throws Exception {
    try (ArchiveFixture fixture = ArchiveFixture.builder(tmp.resolve("fixture")).itemId("reel_cli_item").build()) {
      Path out = tmp.resolve("dl");

      Cli.Result r = Cli.run(download(fixture.torrentFile().toString(), out, "--no-dht", "--peer-timeout", "5"));

      assertThat(r.exitCode()).as("%s", r).isZero();
      TestData.assertSameTree(fixture.itemDir(), out.resolve(fixture.itemId()));
      assertThat(out.resolve(fixture.itemId()).resolve(ArchiveFixture.PADDING_FOLDER)).doesNotExist();
    }
  }

  @Test
  void aTrackerlessMagnetDownloadsThroughALoopbackDht() throws Exception {
    List<DhtNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        DhtNode n = DhtNode.start(DhtConfig.loopback());
        nodes.add(n);
        if (i > 0) {
          n.bootstrap(List.of(new InetSocketAddress(LOOPBACK, nodes.get(0).port()))).get(30, TimeUnit.SECONDS);
        }
      }
      InetSocketAddress router = new InetSocketAddress(LOOPBACK, nodes.get(0).port());
      Path content = TestData.tree(tmp.resolve("seed/content"), PIECE, 42);
      Path torrent = tmp.resolve("content.torrent");
      assertThat(Cli.run("create", content.toString(), "-o", torrent.toString(), "--piece-size",
          Integer.toString(PIECE)).exitCode()).isZero();
      Metainfo m = Metainfo.parse(Files.readAllBytes(torrent));
      EngineConfig seedConfig = EngineConfig.defaults(tmp.resolve("seed")).withStateDir(tmp.resolve("seed-state"))
          .withListenPort(0).withBindAddress(LOOPBACK).withDht(EngineConfig.Dht.local(List.of(router)));
      try (Engine seed = Engine.start(seedConfig)) {
        seed.add(m, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
        InetSocketAddress seedAddress = new InetSocketAddress(LOOPBACK, seed.listenPort());
        Poll.until(Duration.ofSeconds(60), "the seed's DHT announce",
            () -> nodes.stream().anyMatch(n -> n.storedPeers(m.infoHash()).contains(seedAddress)));
        Path out = tmp.resolve("dl");

        Cli.Result r = Cli.run(download("magnet:?xt=urn:btih:" + m.infoHash().hex(), out, "--dht-local",
            "--dht-bootstrap", "127.0.0.1:" + router.getPort(), "--peer-timeout", "60"));

        assertThat(r.exitCode()).as("%s", r).isZero();
        TestData.assertSameTree(content, out.resolve("content"));
        assertThat(tmp.resolve("state/engine/dht.dat")).as("the routing table is saved").exists();
      }
    } finally {
      nodes.forEach(DhtNode::close);
    }
  }

  @Test
  void aWebSeedOnlyTorrentStreamsWithNoPeerAtAll() throws Exception {
    String ffmpeg = Tools.requireExecutable("ffmpeg").toString();
    try (ArchiveFixture fixture = ArchiveFixture.builder(tmp.resolve("fixture")).itemId("reel_stream_item")
        .videoSeconds(10).build()) {
      assertThat(fixture.realVideo()).as("the fixture made a real video with ffmpeg").isTrue();
      try (Cli.Background run = new Cli.Background("stream", fixture.torrentFile().toString(), "--player", "none",
          "--port", "0", "--data-dir", tmp.resolve("state").toString(), "--no-dht", "--peer-timeout", "5",
          "-o", tmp.resolve("streams").toString(), "-q")) {
        Poll.until(Duration.ofSeconds(60), "the stream URL on stdout",
            () -> run.outSoFar().contains("Streaming ") || run.finished());
        String line = run.outSoFar().lines().filter(l -> l.startsWith("Streaming ")).findFirst()
            .orElseThrow(() -> new AssertionError("no stream URL; the command ended early"));
        String url = line.substring(line.lastIndexOf(" at ") + 4).trim();
        assertThat(line).contains(".mp4");

        Process p = new ProcessBuilder(ffmpeg, "-v", "error", "-i", url, "-f", "null", "-")
            .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ffmpeg decoding %s: %s", url, output).isZero();

        Cli.Result r = run.stop(Duration.ofSeconds(30));
        assertThat(r.exitCode()).as("%s", r).isZero();
        for (WebSeedServer s : fixture.servers()) {
          assertThat(s.log()).allSatisfy(req -> assertThat(req.path()).doesNotContain("padding"));
        }
        assertThat(fixture.servers()).anySatisfy(s -> assertThat(s.requests()).isPositive());
      }
    }
  }
}
