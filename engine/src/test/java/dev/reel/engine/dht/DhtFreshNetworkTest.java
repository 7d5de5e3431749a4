package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test of issue 4's discovery benchmark: in a DHT of 128 nodes that have all just joined, about one
 * trackerless magnet in ten never found its seed. Every node had joined through node 0 by looking up only its own
 * id, so a node learned of the other half of the id space only from node 0's answers, which hold the nodes closest
 * to the joiner: nodes that joined after the first few knew nothing across the first bit except node 0 itself. A
 * lookup starting on the far side of its target then crossed over only if node 0 happened to be among the nodes it
 * asked, and otherwise ended on the 8 closest nodes of the wrong half (the benchmark saw announces land on distance
 * ranks 64–71). Joins now also refresh the sparse far ranges ({@link RoutingTable#sparseRangeTargets}).
 *
 * <p>Every round builds a fresh network as the benchmark does (a lookup repairs tables as it goes, so only the first
 * lookups of a network show the flaw): node i binds 127.0.0.(2+i) (all of 127/8 is loopback on Linux), node 0 is
 * the router, the others join through it one by one, then all join again at once. A newcomer (the benchmark's seed)
 * joins through node 0 and announces; another newcomer joins through one random member and looks the info-hash up,
 * and so does one member. The newcomers announce and look up as soon as their join is ready ({@link
 * DhtNode.Join#ready}), as an engine's torrents do, while their range refreshes still run. Ids come from a fixed seed, so a failure reproduces. Nothing is timed: every wait is a
 * lookup's own end, with generous limits.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class DhtFreshNetworkTest {
  private static final int NODES = 128;
  private static final int ROUNDS = 40;
  private static final long SEED = 4;
  private final List<DhtNode> nodes = new ArrayList<>();
  private final List<InetSocketAddress> addresses = new ArrayList<>();

  @AfterEach
  void stop() {
    closeAll();
  }

  private void closeAll() {
    nodes.forEach(DhtNode::close);
    nodes.clear();
    addresses.clear();
  }

  private static NodeId id(Random rng) {
    byte[] b = new byte[NodeId.LENGTH];
    rng.nextBytes(b);
    return NodeId.of(b);
  }

  private DhtNode start(NodeId id, InetAddress ip) throws Exception {
    DhtNode n = DhtNode.start(DhtConfig.loopback().withId(id).withBindAddress(ip));
    nodes.add(n);
    addresses.add(new InetSocketAddress(ip, n.port()));
    return n;
  }

  private void network(Random rng) throws Exception {
    for (int i = 0; i < NODES; i++) {
      DhtNode n = start(id(rng), InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}));
      if (i > 0) {
        n.bootstrap(List.of(addresses.get(0))).get(60, TimeUnit.SECONDS);
      }
    }
    CompletableFuture.allOf(nodes.stream().map(n -> n.bootstrap(List.of())).toArray(CompletableFuture[]::new))
        .get(120, TimeUnit.SECONDS);
  }

  @Test
  void everyLookupInAFreshNetworkOf128NodesFindsTheAnnouncer() throws Exception {
    Random rng = new Random(SEED);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    List<String> missed = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      network(rng);
      byte[] h = new byte[20];
      rng.nextBytes(h);
      InfoHash hash = InfoHash.fromHex(HexFormat.of().formatHex(h));
      int port = 20000 + round;
      DhtNode seed = start(id(rng), loopback);
      DhtNode.Join seedJoin = seed.join(List.of(addresses.get(0)));
      seedJoin.ready().get(60, TimeUnit.SECONDS);
      assertThat(seed.announce(hash, port).get(60, TimeUnit.SECONDS)).as("nodes that took announce %d", round)
          .isPositive();
      InetSocketAddress announced = new InetSocketAddress(loopback, port);

      int via = rng.nextInt(NODES);
      DhtNode leech = start(id(rng), loopback);
      DhtNode.Join leechJoin = leech.join(List.of(addresses.get(via)));
      leechJoin.ready().get(60, TimeUnit.SECONDS);
      if (!leech.getPeers(hash, p -> {}).get(60, TimeUnit.SECONDS).contains(announced)) {
        missed.add("round " + round + ": a newcomer through node " + via);
      }
      int member = rng.nextInt(NODES);
      if (!nodes.get(member).getPeers(hash, p -> {}).get(60, TimeUnit.SECONDS).contains(announced)) {
        missed.add("round " + round + ": node " + member);
      }
      closeAll();
    }
    assertThat(missed).as("lookups that did not find the announcer").isEmpty();
  }
}
