package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.PeerInfo;
import dev.reel.engine.Torrent;
import dev.reel.engine.dht.DhtConfig;
import dev.reel.engine.dht.DhtNode;
import dev.reel.engine.dht.NodesFile;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trackerless magnets resolve through a loopback IPv6 DHT (BEP 32): eight plain DHT nodes on {@code ::1}, a seeding
 * and a downloading engine bound to {@code ::1} (so they run only the IPv6 DHT node), each joining through node 0.
 * The downloader knows nothing but the info-hash. Skipped locally (failed with {@code CI=true}) without {@code ::1}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class Ipv6DhtDiscoveryTest {
  static final int PLAIN_NODES = 8;
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path tmp;
  private final List<DhtNode> nodes = new ArrayList<>();

  @BeforeEach
  void needIpv6() {
    Ipv6PeersTest.requireIpv6Loopback();
  }

  @AfterEach
  void stop() {
    nodes.forEach(DhtNode::close);
  }

  private void network() throws Exception {
    for (int i = 0; i < PLAIN_NODES; i++) {
      DhtNode n = DhtNode.start(DhtConfig.loopback().withBindAddress(Ipv6PeersTest.V6_LOOPBACK));
      nodes.add(n);
      if (i > 0) {
        n.bootstrap(List.of(address(nodes.get(0)))).get(30, TimeUnit.SECONDS);
      }
    }
    for (DhtNode n : nodes) {
      n.bootstrap(List.of()).get(30, TimeUnit.SECONDS);
    }
  }

  private static InetSocketAddress address(DhtNode n) {
    return new InetSocketAddress(Ipv6PeersTest.V6_LOOPBACK, n.port());
  }

  private Engine engine(String name) throws IOException {
    return Engine.start(Loopback.config(tmp.resolve(name), null).withBindAddress(Ipv6PeersTest.V6_LOOPBACK)
        .withDht(EngineConfig.Dht.local(List.of(address(nodes.get(0))))));
  }

  @Test
  void aMagnetDownloadsFromASeedFoundThroughTheIpv6Dht() throws Exception {
    network();
    assertThat(nodes.get(PLAIN_NODES - 1).knownNodes()).as("an IPv6 routing table")
        .isNotEmpty().allMatch(a -> a.getAddress() instanceof Inet6Address);
    try (Engine seed = engine("seed"); Engine leech = engine("leech")) {
      SessionEngine s = (SessionEngine) seed;
      assertThat(s.dht()).as("no IPv4 DHT on an engine bound to ::1").isNull();
      assertThat(s.dht6()).isNotNull();
      assertThat(s.dht6().isIpv6()).isTrue();
      assertThat(s.dhtPort()).isZero();
      assertThat(s.dht6Port()).isEqualTo(s.dht6().port());

      Metainfo meta = Loopback.multiFile(tmp.resolve("seed/data"), "six", 11, 32 * 1024, 1_500_000, 66_666);
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      InetSocketAddress seedAddress = new InetSocketAddress(Ipv6PeersTest.V6_LOOPBACK, seed.listenPort());
      Loopback.await("the seed's IPv6 DHT announce", PATIENCE,
          () -> nodes.stream().anyMatch(n -> n.storedPeers(meta.infoHash()).contains(seedAddress)));

      Magnet magnet = Magnet.parse("magnet:?xt=urn:btih:" + meta.infoHash().hex());
      Torrent l = leech.add(magnet, AddOptions.DEFAULT);
      Set<String> sources = ConcurrentHashMap.newKeySet();
      Loopback.await("the download", PATIENCE, () -> {
        l.peers().stream().map(PeerInfo::source).forEach(sources::add);
        return l.completion().isDone();
      });
      l.completion().get();
      Loopback.assertSameTree(tmp.resolve("seed/data/six"), tmp.resolve("leech/data/six"));
      assertThat(sources).as("sources of the leech's peers").contains("dht");
    }
    // The IPv6 table is saved with BEP 32's 38-byte entries and loads back.
    NodesFile.Saved saved = NodesFile.load(tmp.resolve("leech/state").resolve(SessionEngine.DHT6_NODES_FILE));
    assertThat(saved.nodes()).isNotEmpty().allMatch(n -> n.address().getAddress() instanceof Inet6Address);
  }
}
