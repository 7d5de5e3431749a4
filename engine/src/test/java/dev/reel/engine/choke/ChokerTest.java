package dev.reel.engine.choke;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChokerTest {
  private static final long S = 1_000_000_000L;
  private static final long OLD = -1000 * S; // connected long ago

  private static PeerSnapshot<String> peer(String id, double from, double to) {
    return new PeerSnapshot<>(id, true, from, to, OLD, false);
  }

  static Stream<Arguments> titForTatCases() {
    return Stream.of(
        Arguments.of("best four downloaders win",
            List.of(peer("a", 10, 0), peer("b", 60, 0), peer("c", 30, 0), peer("d", 50, 0), peer("e", 40, 0),
                peer("f", 20, 0)),
            Set.of("b", "d", "e", "c"), Set.of("a", "f")),
        Arguments.of("uninterested peers are never unchoked",
            List.of(new PeerSnapshot<>("fast", false, 999, 0, OLD, false), peer("a", 1, 0), peer("b", 2, 0),
                peer("c", 3, 0), peer("d", 4, 0), peer("e", 5, 0)),
            Set.of("b", "c", "d", "e"), Set.of("a")),
        Arguments.of("snubbed peers rank last",
            List.of(new PeerSnapshot<>("snub", true, 999, 0, OLD, true), peer("a", 1, 0), peer("b", 2, 0),
                peer("c", 3, 0), peer("d", 4, 0)),
            Set.of("a", "b", "c", "d"), Set.of("snub")),
        Arguments.of("fewer interested peers than slots",
            List.of(peer("a", 1, 0), peer("b", 0, 0)), Set.of("a", "b"), Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("titForTatCases")
  void leechingUnchokesTheBestUploadersToUs(
      String name, List<PeerSnapshot<String>> peers, Set<String> regular, Set<String> optimisticFrom) {
    Choker<String> choker = new Choker<>(new Random(1));
    Set<String> unchoked = choker.rechoke(peers, false, 0);
    Set<String> rest = new HashSet<>(unchoked);
    rest.removeAll(regular);
    assertThat(unchoked).containsAll(regular);
    if (optimisticFrom.isEmpty()) {
      assertThat(rest).isEmpty();
      assertThat(choker.optimistic()).isNull();
    } else {
      assertThat(rest).hasSize(1).containsExactly(choker.optimistic());
      assertThat(optimisticFrom).contains(choker.optimistic());
    }
  }

  @Test
  void optimisticUnchokeRotatesEveryThirtySecondsOverEveryChokedPeer() {
    List<PeerSnapshot<String>> peers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      peers.add(peer("p" + i, i, 0)); // p6..p9 hold the regular slots
    }
    Choker<String> choker = new Choker<>(new Random(5));
    Set<String> seen = new HashSet<>();
    String previous = null;
    for (long t = 0; t <= 1800; t += 10) {
      Set<String> unchoked = choker.rechoke(peers, false, t * S);
      assertThat(unchoked).hasSize(5).contains("p6", "p7", "p8", "p9");
      String opt = choker.optimistic();
      if (t % 30 == 0) {
        assertThat(opt).isNotEqualTo(previous);
      } else {
        assertThat(opt).isEqualTo(previous);
      }
      seen.add(opt);
      previous = opt;
    }
    assertThat(seen).containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4", "p5");
  }

  @Test
  void newPeersAreThreeTimesAsLikelyToBeOptimisticallyUnchoked() {
    int newWins = 0;
    int runs = 4000;
    Random seeds = new Random(9);
    for (int i = 0; i < runs; i++) {
      Choker<String> choker = new Choker<>(0, new Random(seeds.nextLong()));
      List<PeerSnapshot<String>> peers = List.of(
          new PeerSnapshot<>("old", true, 0, 0, 0, false),
          new PeerSnapshot<>("new", true, 0, 0, 100 * S, false));
      choker.rechoke(peers, false, 120 * S);
      if ("new".equals(choker.optimistic())) {
        newWins++;
      }
    }
    assertThat(newWins / (double) runs).isBetween(0.70, 0.80);
  }

  @Test
  void seedingStartsWithTheFastestThenGivesEveryPeerATurn() {
    List<PeerSnapshot<String>> peers = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      peers.add(peer("p" + i, 0, i * 100));
    }
    Choker<String> choker = new Choker<>(new Random(3));
    Set<String> first = new LinkedHashSet<>(choker.rechoke(peers, true, 0));
    first.remove(choker.optimistic());
    assertThat(first).containsExactlyInAnyOrder("p8", "p7", "p6", "p5");

    Set<String> regularTurns = new HashSet<>(first);
    for (long t = 10; t <= 120; t += 10) {
      Set<String> unchoked = new HashSet<>(choker.rechoke(peers, true, t * S));
      unchoked.remove(choker.optimistic());
      assertThat(unchoked).hasSize(4);
      regularTurns.addAll(unchoked);
      if (t == 20) {
        assertThat(unchoked).as("a turn lasts 30 s").isEqualTo(first);
      }
    }
    assertThat(regularTurns).hasSize(9);
  }

  @Test
  void sameRandomSameDecisions() {
    List<PeerSnapshot<String>> peers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      peers.add(peer("p" + i, i % 3, i % 5));
    }
    List<Set<String>> a = new ArrayList<>();
    List<Set<String>> b = new ArrayList<>();
    Choker<String> ca = new Choker<>(new Random(77));
    Choker<String> cb = new Choker<>(new Random(77));
    for (long t = 0; t < 300; t += 10) {
      a.add(ca.rechoke(peers, t > 150, t * S));
      b.add(cb.rechoke(peers, t > 150, t * S));
    }
    assertThat(a).isEqualTo(b);
  }
}
