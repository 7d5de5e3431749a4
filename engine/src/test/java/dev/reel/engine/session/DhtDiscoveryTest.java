package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.PeerInfo;
import dev.reel.engine.Torrent;
import dev.reel.engine.TorrentState;
import dev.reel.engine.dht.DhtConfig;
import dev.reel.engine.dht.DhtNode;
import dev.reel.engine.dht.NodesFile;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trackerless magnets resolve through a loopback DHT (BEP 5): six plain DHT nodes, a seeding engine and a downloading
 * engine, each joining through node 0 only. The downloader knows nothing but the info-hash.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DhtDiscoveryTest {
  static final int PLAIN_NODES = 6;
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path tmp;
  private final List<DhtNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(DhtNode::close);
  }

  /** Node 0 is the router; the others join through it, then everyone looks itself up again. */
  static List<DhtNode> network(List<DhtNode> into) throws Exception {
    for (int i = 0; i < PLAIN_NODES; i++) {
      DhtNode n = DhtNode.start(DhtConfig.loopback());
      into.add(n);
      if (i > 0) {
        n.bootstrap(List.of(address(into.get(0)))).get(30, TimeUnit.SECONDS);
      }
    }
    for (DhtNode n : into) {
      n.bootstrap(List.of()).get(30, TimeUnit.SECONDS);
    }
    return into;
  }

  static InetSocketAddress address(DhtNode n) {
    return new InetSocketAddress(Loopback.LOCALHOST, n.port());
  }

  @Test
  void aMagnetWithoutTrackerOrPeerDownloadsFromASeedFoundThroughTheDht() throws Exception {
    network(nodes);
    List<InetSocketAddress> router = List.of(address(nodes.get(0)));
    try (Engine seed = Loopback.dhtEngine(tmp.resolve("seed"), null, router);
        Engine leech = Loopback.dhtEngine(tmp.resolve("leech"), null, router)) {
      Metainfo meta = Loopback.multiFile(tmp.resolve("seed/data"), "dhtpack", 7, 32 * 1024,
          2_000_000, 300_000, 77_777);
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      // The seed announces its peer port to the DHT on its own.
      InetSocketAddress seedAddress = Loopback.address(seed);
      Loopback.await("the seed's DHT announce", PATIENCE,
          () -> nodes.stream().anyMatch(n -> n.storedPeers(meta.infoHash()).contains(seedAddress)));

      Magnet magnet = Magnet.parse("magnet:?xt=urn:btih:" + meta.infoHash().hex());
      assertThat(magnet.trackers()).isEmpty();
      assertThat(magnet.peers()).isEmpty();
      Torrent l = leech.add(magnet, AddOptions.DEFAULT.withRateLimits(1_000_000, 0));
      Set<String> sources = ConcurrentHashMap.newKeySet();
      Loopback.await("the download", PATIENCE, () -> {
        l.peers().stream().map(PeerInfo::source).forEach(sources::add);
        return l.completion().isDone();
      });
      l.completion().get();

      Loopback.assertSameTree(tmp.resolve("seed/data/dhtpack"), tmp.resolve("leech/data/dhtpack"));
      assertThat(l.status().state()).isEqualTo(TorrentState.SEEDING);
      assertThat(sources).as("sources of the leech's peers").contains("dht");
      // The leech announced itself too: it is findable as a seed now.
      InetSocketAddress leechAddress = Loopback.address(leech);
      Loopback.await("the leech's DHT announce", PATIENCE,
          () -> nodes.stream().anyMatch(n -> n.storedPeers(meta.infoHash()).contains(leechAddress)));
    }
    // The routing table outlives the engine (BEP 5 suggests keeping it across restarts).
    NodesFile.Saved saved = NodesFile.load(tmp.resolve("leech/state").resolve(SessionEngine.DHT_NODES_FILE));
    assertThat(saved.nodes()).hasSizeGreaterThanOrEqualTo(PLAIN_NODES);
    // A restart with no bootstrap node at all starts from the saved table.
    try (Engine again = Loopback.dhtEngine(tmp.resolve("leech"), null, List.of())) {
      DhtNode dht = ((SessionEngine) again).dht();
      assertThat(dht.id()).isEqualTo(saved.id());
      Loopback.await("the reloaded nodes answering", PATIENCE, () -> dht.routingTableSize() >= PLAIN_NODES);
    }
  }

  @Test
  void peersTellEachOtherTheirDhtPortAndTheNodesJoinEachOthersTables() throws Exception {
    // Two engines with empty DHTs (no bootstrap at all) connected directly: the BEP 5 port message is all they have.
    try (Engine a = Loopback.dhtEngine(tmp.resolve("a"), null, List.of());
        Engine b = Loopback.dhtEngine(tmp.resolve("b"), null, List.of())) {
      Metainfo meta = Loopback.multiFile(tmp.resolve("a/data"), "port", 9, 16 * 1024, 200_000);
      a.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      b.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(a)))).completion().get(60, TimeUnit.SECONDS);

      DhtNode dhtA = ((SessionEngine) a).dht();
      DhtNode dhtB = ((SessionEngine) b).dht();
      assertThat(dhtA.port()).as("the DHT shares the peer port number").isEqualTo(a.listenPort());
      Loopback.await("each DHT knows the other", PATIENCE,
          () -> dhtA.knownNodes().contains(new InetSocketAddress(Loopback.LOCALHOST, dhtB.port()))
              && dhtB.knownNodes().contains(new InetSocketAddress(Loopback.LOCALHOST, dhtA.port())));
    }
  }

  @Test
  void privateTorrentsStayOffTheDht() throws Exception {
    network(nodes);
    List<InetSocketAddress> router = List.of(address(nodes.get(0)));
    try (Engine seed = Loopback.dhtEngine(tmp.resolve("seed"), null, router)) {
      Metainfo pub = Loopback.multiFile(tmp.resolve("seed/data"), "public", 3, 16 * 1024, 100_000);
      Metainfo priv = Metainfo.parse(dev.reel.engine.metainfo.TorrentCreator
          .forPath(tmp.resolve("seed/data/public")).pieceLength(16 * 1024).privateFlag(true).build());
      InfoHash privateHash = priv.infoHash();
      assertThat(privateHash).isNotEqualTo(pub.infoHash());
      seed.add(priv, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      seed.add(pub, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      InetSocketAddress seedAddress = Loopback.address(seed);
      Loopback.await("the public torrent's announce", PATIENCE,
          () -> nodes.stream().anyMatch(n -> n.storedPeers(pub.infoHash()).contains(seedAddress)));
      assertThat(nodes).allSatisfy(n -> assertThat(n.storedPeers(privateHash)).isEmpty());
    }
  }
}
