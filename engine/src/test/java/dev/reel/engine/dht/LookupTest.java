package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The iterative lookup as a pure state machine: α in flight, stop when the k closest have answered. */
class LookupTest {
  private static final NodeId TARGET = NodeId.of(new byte[20]);

  /** An id at XOR distance {@code d} from TARGET (all zeros). */
  private static NodeId at(int d) {
    byte[] b = new byte[20];
    b[18] = (byte) (d >> 8);
    b[19] = (byte) d;
    return NodeId.of(b);
  }

  private static InetSocketAddress addr(int d) {
    return new InetSocketAddress("127.0.0.1", 10000 + d);
  }

  @Test
  void queriesAlphaAtATimeNearestFirstAndStopsWhenTheKClosestAnswered() {
    Lookup l = new Lookup(TARGET);
    for (int d = 100; d < 120; d++) {
      l.offer(at(d), addr(d));
    }
    List<Lookup.Candidate> first = l.next();
    assertThat(first).extracting(c -> c.id).containsExactly(at(100), at(101), at(102));
    assertThat(l.next()).as("α = 3 already in flight").isEmpty();
    // 100 answers and reveals nodes much closer to the target.
    l.answered(addr(100), at(100), null, true);
    for (int d = 1; d <= 8; d++) {
      l.offer(at(d), addr(d));
    }
    assertThat(l.next()).extracting(c -> c.id).containsExactly(at(1));
    // Answer whatever is in flight, round after round; it ends once the 8 closest (1..8) have answered.
    int rounds = 0;
    while (!l.done() && rounds++ < 50) {
      for (Lookup.Candidate c : l.candidatesInFlightForTest()) {
        l.answered(c.address, c.id, new byte[] {1}, true);
      }
      l.next();
    }
    assertThat(l.done()).isTrue();
    assertThat(l.storeTargets(8)).extracting(c -> c.id)
        .containsExactly(at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8));
  }

  @Test
  void doesNotStopWhileACloserUnqueriedNodeRemains() {
    Lookup l = new Lookup(TARGET);
    for (int d = 100; d < 108; d++) {
      l.offer(at(d), addr(d));
    }
    // The 8 known answer; the last answer reveals one closer node: not done until it has answered or failed.
    int answered = 0;
    while (answered < 8) {
      for (Lookup.Candidate c : l.next()) {
        if (++answered == 8) {
          l.offer(at(5), addr(5));
        }
        l.answered(c.address, c.id, null, true);
      }
    }
    assertThat(l.done()).isFalse();
    assertThat(l.next()).extracting(c -> c.id).containsExactly(at(5));
    assertThat(l.done()).isFalse();
    l.failed(addr(5));
    assertThat(l.done()).isTrue();
  }

  @Test
  void failedNodesAreSkippedAndAnEmptyLookupIsDone() {
    assertThat(new Lookup(TARGET).done()).isTrue();
    Lookup l = new Lookup(TARGET);
    l.offer(at(1), addr(1));
    l.offer(null, addr(50)); // a bootstrap address: queried, sorted last
    assertThat(l.next()).hasSize(2);
    l.failed(addr(1));
    assertThat(l.done()).isFalse();
    l.answered(addr(50), at(50), null, true);
    assertThat(l.done()).isTrue();
    assertThat(l.storeTargets(8)).as("no tokens").isEmpty();
  }

  @Test
  void compliantNodesArePreferredAsStoreTargets() {
    Lookup l = new Lookup(TARGET);
    for (int d = 1; d <= 10; d++) {
      l.offer(at(d), addr(d));
    }
    while (!l.done()) {
      for (Lookup.Candidate c : l.next()) {
        int d = c.address.getPort() - 10000;
        l.answered(c.address, c.id, new byte[] {1}, d % 3 != 1); // 1, 4, 7, 10 non-compliant
      }
    }
    assertThat(l.storeTargets(8)).extracting(c -> c.address.getPort() - 10000)
        .as("9 and 10 were never asked: 1..8 answered first").containsExactly(2, 3, 5, 6, 8, 1, 4, 7);
  }
}
