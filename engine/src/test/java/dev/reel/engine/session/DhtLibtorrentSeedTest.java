package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.PeerInfo;
import dev.reel.engine.Torrent;
import dev.reel.engine.dht.DhtNode;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.Tools;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A python3-libtorrent seed in the same loopback DHT as six of our nodes; a Reel engine that knows only the
 * info-hash finds it through the DHT, gets the metadata from it (BEP 9) and downloads. libtorrent accepts loopback
 * nodes once {@code dht_restrict_routing_ips} and {@code dht_restrict_search_ips} are off. Skipped without
 * python3-libtorrent unless CI=true.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DhtLibtorrentSeedTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path tmp;
  private final List<DhtNode> nodes = new ArrayList<>();
  private Process lt;

  @AfterEach
  void stop() throws Exception {
    if (lt != null) {
      lt.getOutputStream().close();
      if (!lt.waitFor(10, TimeUnit.SECONDS)) {
        lt.destroyForcibly();
      }
    }
    nodes.forEach(DhtNode::close);
  }

  @Test
  void reelDownloadsFromALibtorrentSeedItFoundOnlyThroughTheDht() throws Exception {
    Tools.requirePythonLibtorrent();
    DhtDiscoveryTest.network(nodes);
    InetSocketAddress router = DhtDiscoveryTest.address(nodes.get(0));

    Metainfo meta = Loopback.multiFile(tmp.resolve("seed"), "ltpack", 11, 32 * 1024, 1_500_000, 200_000);
    Path torrentFile = tmp.resolve("ltpack.torrent");
    Files.write(torrentFile, TorrentCreator.forPath(tmp.resolve("seed/ltpack")).pieceLength(32 * 1024).build());
    Path script = tmp.resolve("lt_dht_seed.py");
    try (InputStream in = getClass().getResourceAsStream("lt_dht_seed.py")) {
      Files.write(script, in.readAllBytes());
    }
    lt = new ProcessBuilder(Tools.PYTHON, "-u", script.toString(), torrentFile.toString(),
        tmp.resolve("seed").toString(), Integer.toString(router.getPort()))
        .redirectError(tmp.resolve("lt.err").toFile()).start();
    BlockingQueue<String> out = new LinkedBlockingQueue<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(lt.getInputStream(), StandardCharsets.US_ASCII));
    Thread.ofVirtual().start(() -> {
      try {
        for (String line; (line = r.readLine()) != null; ) {
          out.add(line);
        }
      } catch (java.io.IOException e) {
        // process ended
      }
    });
    String ready = out.poll(60, TimeUnit.SECONDS);
    assertThat(ready).as("libtorrent started (see %s)", tmp.resolve("lt.err")).startsWith("ready ");
    InetSocketAddress ltAddress = new InetSocketAddress(Loopback.LOCALHOST, Integer.parseInt(ready.substring(6).trim()));
    assertThat(out.poll(60, TimeUnit.SECONDS)).isEqualTo("seeding");
    Loopback.await("libtorrent's DHT announce reaching our nodes", PATIENCE,
        () -> nodes.stream().anyMatch(n -> n.storedPeers(meta.infoHash()).contains(ltAddress)));

    try (Engine leech = Loopback.dhtEngine(tmp.resolve("leech"), null, List.of(router))) {
      Torrent t = leech.add(Magnet.parse("magnet:?xt=urn:btih:" + meta.infoHash().hex()), AddOptions.DEFAULT);
      Set<String> clients = ConcurrentHashMap.newKeySet();
      Set<String> sources = ConcurrentHashMap.newKeySet();
      Loopback.await("the download from libtorrent", PATIENCE, () -> {
        for (PeerInfo p : t.peers()) {
          clients.add(p.client());
          sources.add(p.source());
        }
        return t.completion().isDone();
      });
      t.completion().get();
      Loopback.assertSameTree(tmp.resolve("seed/ltpack"), tmp.resolve("leech/data/ltpack"));
      assertThat(sources).contains("dht");
      assertThat(String.join(",", clients).toLowerCase()).contains("libtorrent");
    }
  }
}
