package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private static final NodeId SELF = NodeId.of(new byte[20]);
  private static final long T0 = 1_000_000_000L;
  private int nextPort = 1000;

  /** An id whose first differing bit from SELF (all zeros) is {@code bit}, with {@code tail} after it. */
  private static NodeId idAtDepth(int bit, int tail) {
    byte[] b = new byte[20];
    b[bit >> 3] |= (byte) (0x80 >>> (bit & 7));
    b[19] |= (byte) tail;
    b[18] |= (byte) (tail >> 8);
    return NodeId.of(b);
  }

  private NodeInfo node(NodeId id) {
    return new NodeInfo(id, new InetSocketAddress("127.0.0.1", nextPort++));
  }

  @Test
  void bucketsSplitOnlyAlongOurOwnPath() {
    RoutingTable t = new RoutingTable(SELF, T0);
    // 20 nodes far away (first bit differs): one bucket of 8 after the split, the rest refused.
    for (int i = 0; i < 20; i++) {
      t.add(node(idAtDepth(0, i + 1)), true, true, T0);
    }
    assertThat(t.size()).isEqualTo(RoutingTable.K);
    assertThat(t.bucketCount()).isEqualTo(2);
    // Nodes close to us keep splitting the bucket that holds our id.
    for (int depth = 1; depth < 6; depth++) {
      for (int i = 0; i < 3; i++) {
        t.add(node(idAtDepth(depth, i + 1)), true, true, T0);
      }
    }
    assertThat(t.size()).isEqualTo(RoutingTable.K + 15);
    assertThat(t.bucketCount()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void fullBucketAsksToPingQuestionableNodesAndReplacesTheBadOnes() {
    RoutingTable t = new RoutingTable(SELF, T0);
    List<NodeInfo> first = new ArrayList<>();
    for (int i = 0; i < 9; i++) { // the 9th forces the split; far nodes stay in bucket 0
      NodeInfo n = node(idAtDepth(0, i + 1));
      if (i < 8) {
        first.add(n);
      }
      t.add(n, true, true, T0);
    }
    NodeInfo newcomer = node(idAtDepth(0, 100));
    // All good: the newcomer is ignored.
    assertThat(t.add(newcomer, true, true, T0 + 1).outcome()).isEqualTo(RoutingTable.Outcome.IGNORED);
    // 15 minutes later all are questionable: ping them first, keep the newcomer waiting.
    long later = T0 + RoutingTable.GOOD_WINDOW_NANOS + 1;
    RoutingTable.Insertion ins = t.add(newcomer, true, true, later);
    assertThat(ins.outcome()).isEqualTo(RoutingTable.Outcome.PENDING);
    assertThat(ins.toPing()).containsExactlyInAnyOrderElementsOf(first);
    assertThat(t.contains(newcomer.id())).isFalse();
    // The first one fails twice: it is bad and the waiting newcomer takes its place.
    assertThat(t.failed(first.get(0).id(), later)).isFalse();
    assertThat(t.status(first.get(0).id(), later)).isEqualTo(RoutingTable.Status.QUESTIONABLE);
    assertThat(t.failed(first.get(0).id(), later)).isTrue();
    assertThat(t.contains(first.get(0).id())).isFalse();
    assertThat(t.contains(newcomer.id())).isTrue();
    assertThat(t.size()).isEqualTo(RoutingTable.K);
  }

  @Test
  void badNodeIsReplacedDirectlyByANewcomer() {
    RoutingTable t = new RoutingTable(SELF, T0);
    List<NodeInfo> far = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      NodeInfo n = node(idAtDepth(0, i + 1));
      far.add(n);
      t.add(n, true, true, T0);
    }
    t.failed(far.get(3).id(), T0);
    t.failed(far.get(3).id(), T0);
    assertThat(t.status(far.get(3).id(), T0)).isEqualTo(RoutingTable.Status.BAD);
    NodeInfo newcomer = node(idAtDepth(0, 200));
    assertThat(t.add(newcomer, false, true, T0).outcome()).isEqualTo(RoutingTable.Outcome.ADDED);
    assertThat(t.contains(far.get(3).id())).isFalse();
  }

  @Test
  void compliantResponderDisplacesANonCompliantQuestionableNode() {
    RoutingTable t = new RoutingTable(SELF, T0);
    for (int i = 0; i < 9; i++) {
      t.add(node(idAtDepth(0, i + 1)), true, i != 2, T0);
    }
    long later = T0 + RoutingTable.GOOD_WINDOW_NANOS + 1;
    NodeInfo newcomer = node(idAtDepth(0, 300));
    assertThat(t.add(newcomer, true, true, later).outcome()).isEqualTo(RoutingTable.Outcome.ADDED);
    assertThat(t.contains(idAtDepth(0, 3))).isFalse();
  }

  @Test
  void goodWhileRespondingOrQueryingAfterAResponse() {
    RoutingTable t = new RoutingTable(SELF, T0);
    NodeInfo n = node(idAtDepth(3, 1));
    t.add(n, false, true, T0);
    assertThat(t.status(n.id(), T0)).isEqualTo(RoutingTable.Status.QUESTIONABLE); // never answered us
    t.add(n, true, true, T0);
    assertThat(t.status(n.id(), T0)).isEqualTo(RoutingTable.Status.GOOD);
    long later = T0 + RoutingTable.GOOD_WINDOW_NANOS;
    assertThat(t.status(n.id(), later)).isEqualTo(RoutingTable.Status.QUESTIONABLE);
    t.add(n, false, true, later); // it queried us
    assertThat(t.status(n.id(), later)).isEqualTo(RoutingTable.Status.GOOD);
  }

  @Test
  void closestKByXorDistance() {
    RoutingTable t = new RoutingTable(NodeId.random(), T0);
    List<NodeId> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      NodeId id = NodeId.random();
      if (t.add(node(id), true, true, T0).outcome() == RoutingTable.Outcome.ADDED) {
        ids.add(id);
      }
    }
    NodeId target = NodeId.random();
    ids.sort(NodeId.byDistanceTo(target));
    assertThat(t.closest(target, RoutingTable.K, T0)).extracting(NodeInfo::id)
        .containsExactlyElementsOf(ids.subList(0, RoutingTable.K));
  }

  @Test
  void sameIdFromAnotherAddressIsIgnored() {
    RoutingTable t = new RoutingTable(SELF, T0);
    NodeId id = idAtDepth(1, 1);
    t.add(new NodeInfo(id, new InetSocketAddress("127.0.0.1", 1)), true, true, T0);
    assertThat(t.add(new NodeInfo(id, new InetSocketAddress("127.0.0.1", 2)), true, true, T0).outcome())
        .isEqualTo(RoutingTable.Outcome.IGNORED);
    assertThat(t.add(new NodeInfo(SELF, new InetSocketAddress("127.0.0.1", 3)), true, true, T0).outcome())
        .isEqualTo(RoutingTable.Outcome.IGNORED);
  }

  @Test
  void untouchedBucketsAreRefreshedWithATargetInTheirRange() {
    RoutingTable t = new RoutingTable(SELF, T0);
    for (int i = 0; i < 9; i++) {
      t.add(node(idAtDepth(0, i + 1)), true, true, T0);
    }
    assertThat(t.refreshTargets(T0 + 1)).isEmpty();
    List<NodeId> targets = t.refreshTargets(T0 + RoutingTable.REFRESH_NANOS);
    assertThat(targets).hasSize(t.bucketCount());
    assertThat(SELF.commonPrefixLength(targets.get(0))).isEqualTo(0); // bucket 0: first bit differs
    assertThat(SELF.commonPrefixLength(targets.get(1))).isGreaterThanOrEqualTo(1);
    assertThat(t.refreshTargets(T0 + RoutingTable.REFRESH_NANOS + 1)).isEmpty(); // just refreshed
  }

  @Test
  void joinRefreshesEverySparseRangeFartherThanTheKthNearestNodeEvenBeforeASplit() {
    RoutingTable t = new RoutingTable(SELF, T0);
    // One bucket, not split: 8 nodes at depths 6..9 (two each); the 8th nearest is at depth 6.
    for (int depth = 6; depth < 10; depth++) {
      for (int i = 0; i < 2; i++) {
        t.add(node(idAtDepth(depth, i + 1)), true, true, T0);
      }
    }
    assertThat(t.bucketCount()).isEqualTo(1);
    List<NodeId> targets = t.sparseRangeTargets(32);
    assertThat(targets).extracting(SELF::commonPrefixLength).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(t.sparseRangeTargets(2)).as("bounded").hasSize(2);

    // A range already holding K nodes is not refreshed; nor is anything when fewer than K nodes are known in all.
    for (int i = 0; i < RoutingTable.K; i++) {
      t.add(node(idAtDepth(0, i + 1)), true, true, T0);
    }
    assertThat(t.sparseRangeTargets(32)).extracting(SELF::commonPrefixLength).containsExactly(1, 2, 3, 4, 5);
    RoutingTable small = new RoutingTable(SELF, T0);
    assertThat(small.sparseRangeTargets(32)).isEmpty();
    small.add(node(idAtDepth(3, 1)), true, true, T0);
    assertThat(small.sparseRangeTargets(32)).extracting(SELF::commonPrefixLength).containsExactly(0, 1, 2);
  }
}
