package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DHT of our own nodes on loopback (allowLocal). */
class DhtNetworkTest {
  private static final int NODES = 10;
  private static final InfoHash HASH = InfoHash.fromHex("c0ffee0000c0ffee0000c0ffee0000c0ffee0000");
  private final List<DhtNode> nodes = new ArrayList<>();

  @TempDir Path dir;

  @AfterEach
  void stop() {
    nodes.forEach(DhtNode::close);
  }

  private DhtNode start(DhtConfig config) throws Exception {
    DhtNode n = DhtNode.start(config);
    nodes.add(n);
    return n;
  }

  private static InetSocketAddress addr(DhtNode n) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), n.port());
  }

  /** Node 0 is the router; every other node bootstraps from it alone. */
  private List<DhtNode> network(int size) throws Exception {
    List<DhtNode> net = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      // Short timeout: one test closes a node the others still know.
      DhtNode n = start(DhtConfig.loopback().withQueryTimeout(java.time.Duration.ofSeconds(1)));
      if (i > 0) {
        n.bootstrap(List.of(addr(net.get(0)))).get(30, TimeUnit.SECONDS);
      }
      net.add(n);
    }
    // A second round lets the early nodes learn about the later ones.
    for (DhtNode n : net) {
      n.bootstrap(List.of()).get(30, TimeUnit.SECONDS);
    }
    return net;
  }

  @Test
  void peerAnnouncedByOneNodeIsFoundByAnotherThatOnlyKnowsAThird() throws Exception {
    List<DhtNode> net = network(NODES);
    assertThat(net.get(0).routingTableSize()).isGreaterThanOrEqualTo(RoutingTable.K);

    int accepted = net.get(1).announce(HASH, 51413).get(30, TimeUnit.SECONDS);
    assertThat(accepted).isEqualTo(RoutingTable.K);

    DhtNode searcher = start(DhtConfig.loopback());
    searcher.bootstrap(List.of(addr(net.get(5)))).get(30, TimeUnit.SECONDS);
    assertThat(searcher.routingTableSize()).isGreaterThan(1);
    Set<InetSocketAddress> streamed = ConcurrentHashMap.newKeySet();
    List<InetSocketAddress> found = searcher.getPeers(HASH, streamed::add).get(30, TimeUnit.SECONDS);
    InetSocketAddress announced = new InetSocketAddress(InetAddress.getLoopbackAddress(), 51413);
    assertThat(found).containsExactly(announced);
    assertThat(streamed).containsExactly(announced);
  }

  /**
   * A join that only looks up its own id learns nothing of the far half of the id space when its neighbours all
   * know closer nodes: every near node is closer to the joiner than the router, so only a refresh of the far range
   * finds it, and it must happen whether or not the joiner's table has split yet (Kademlia section 2.3).
   */
  @Test
  void joinLearnsNodesInTheFarHalfOfTheIdSpace() throws Exception {
    NodeId zero = NodeId.fromHex("0000000000000000000000000000000000000000");
    NodeId one = NodeId.fromHex("8000000000000000000000000000000000000000");
    DhtNode router = start(DhtConfig.loopback().withId(NodeId.randomWithPrefix(one, 1)));
    List<DhtNode> near = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      DhtNode n = start(DhtConfig.loopback().withId(NodeId.randomWithPrefix(zero, 1)));
      n.bootstrap(List.of(addr(router))).get(30, TimeUnit.SECONDS);
      near.add(n);
    }
    for (DhtNode n : near) {
      n.bootstrap(List.of()).get(30, TimeUnit.SECONDS);
    }
    DhtNode joiner = start(DhtConfig.loopback().withId(NodeId.randomWithPrefix(zero, 1)));
    joiner.bootstrap(List.of(addr(near.get(0)))).get(30, TimeUnit.SECONDS);
    assertThat(joiner.knownNodes()).contains(addr(router));
  }

  @Test
  void impliedPortAnnouncesTheDhtPort() throws Exception {
    List<DhtNode> net = network(8);
    assertThat(net.get(2).announce(HASH, 0, true).get(30, TimeUnit.SECONDS)).isPositive();
    assertThat(net.get(7).getPeers(HASH, p -> {}).get(30, TimeUnit.SECONDS)).containsExactly(addr(net.get(2)));
  }

  @Test
  void routingTableIsSavedAndReloaded() throws Exception {
    List<DhtNode> net = network(8);
    Path file = dir.resolve("dht").resolve("nodes.dat");
    DhtNode first = start(DhtConfig.loopback().withNodesFile(file));
    first.bootstrap(List.of(addr(net.get(0)))).get(30, TimeUnit.SECONDS);
    NodeId id = first.id();
    List<InetSocketAddress> known = first.knownNodes();
    assertThat(known).hasSizeGreaterThanOrEqualTo(7);
    first.close(); // saves
    assertThat(Files.list(file.getParent())).as("no temporary file left").containsExactly(file);

    DhtNode again = start(DhtConfig.loopback().withNodesFile(file));
    assertThat(again.id()).isEqualTo(id);
    assertThat(again.knownNodes()).containsExactlyInAnyOrderElementsOf(known);
    // Usable without a bootstrap: a lookup from the reloaded table finds an announce.
    net.get(3).announce(HASH, 6000).get(30, TimeUnit.SECONDS);
    assertThat(again.getPeers(HASH, p -> {}).get(30, TimeUnit.SECONDS))
        .containsExactly(new InetSocketAddress(InetAddress.getLoopbackAddress(), 6000));
  }

  @Test
  void readOnlyNodeIsNotAddedToOthersTables() throws Exception {
    List<DhtNode> net = network(3);
    DhtNode ro = start(DhtConfig.loopback().withReadOnly(true));
    ro.bootstrap(List.of(addr(net.get(0)))).get(30, TimeUnit.SECONDS);
    assertThat(ro.routingTableSize()).isEqualTo(3);
    assertThat(net.get(0).knownNodes()).doesNotContain(addr(ro));
  }
}
