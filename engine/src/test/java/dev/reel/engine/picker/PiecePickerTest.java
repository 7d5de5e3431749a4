package dev.reel.engine.picker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PiecePickerTest {
  private static final int B = PiecePicker.BLOCK_SIZE;

  /** Pieces of one block each, so one picked block = one picked piece. */
  private static PiecePicker<String> onePerPiece(int pieces, long seed) {
    return new PiecePicker<>(pieces, B, (long) pieces * B, new Random(seed));
  }

  private static BitSet bits(int... pieces) {
    BitSet b = new BitSet();
    for (int p : pieces) {
      b.set(p);
    }
    return b;
  }

  private static List<Integer> pieces(List<BlockRequest> blocks) {
    return blocks.stream().map(BlockRequest::piece).toList();
  }

  @Test
  void blocksCoverPiecesAndTheLastBlockIsShorter() {
    PiecePicker<String> p = new PiecePicker<>(3, 2 * B, 4L * B + 100, new Random(1));
    assertThat(p.blockCount(0)).isEqualTo(2);
    assertThat(p.pieceSize(2)).isEqualTo(100);
    assertThat(p.blockCount(2)).isEqualTo(1);
    p.peerHasAll("a");
    List<BlockRequest> all = p.pick("a", 100, 0);
    assertThat(all).hasSize(5).contains(new BlockRequest(2, 0, 100), new BlockRequest(1, B, B));
    assertThatThrownBy(() -> new PiecePicker<>(3, B, 3L * B + 1)).hasMessageContaining("does not fit");
  }

  static Stream<Arguments> rarestFirstCases() {
    return Stream.of(
        // bitfields of other peers -> expected order of the first picks (sets = any order among them)
        Arguments.of(Map.of("c1", bits(0, 1, 2, 3), "c2", bits(0, 2, 3), "c3", bits(0, 3)),
            List.of(Set.of(1), Set.of(2), Set.of(0, 3), Set.of(0, 3))),
        Arguments.of(Map.of("c1", bits(3)), List.of(Set.of(0, 1, 2), Set.of(0, 1, 2), Set.of(0, 1, 2), Set.of(3))),
        Arguments.of(Map.of("c1", bits(0, 1, 2, 3), "c2", bits(1, 2, 3), "c3", bits(2, 3), "c4", bits(3)),
            List.of(Set.of(0), Set.of(1), Set.of(2), Set.of(3))));
  }

  @ParameterizedTest
  @MethodSource("rarestFirstCases")
  void picksRarestFirst(Map<String, BitSet> others, List<Set<Integer>> expected) {
    PiecePicker<String> p = onePerPiece(4, 7);
    others.forEach(p::peerBitfield);
    p.peerHasAll("seed");
    List<Integer> order = pieces(p.pick("seed", 4, 0));
    assertThat(order).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(expected.get(i)).as("pick %d of %s", i, order).contains(order.get(i));
    }
  }

  @Test
  void breaksTiesRandomly() {
    Set<Integer> firsts = new HashSet<>();
    for (long seed = 0; seed < 40; seed++) {
      PiecePicker<String> p = onePerPiece(4, seed * 0x9E3779B97F4A7C15L);
      p.peerHasAll("seed");
      firsts.add(p.pick("seed", 1, 0).get(0).piece());
    }
    assertThat(firsts).hasSizeGreaterThan(1);
  }

  @Test
  void finishesStartedPiecesBeforeRarerOnes() {
    PiecePicker<String> p = new PiecePicker<>(3, 4 * B, 12L * B, new Random(1));
    p.peerBitfield("c1", bits(0, 1, 2));
    p.peerBitfield("c2", bits(0, 1)); // piece 2 is rarest
    assertThat(pieces(p.pick("a", bits(0), 2, 0))).containsExactly(0, 0);
    assertThat(pieces(p.pick("b", bits(0, 1, 2), 3, 0))).containsExactly(0, 0, 2);
  }

  @Test
  void prefersPiecesThePeerAlreadyWorksOn() {
    PiecePicker<String> p = new PiecePicker<>(3, 4 * B, 12L * B, new Random(1));
    p.pick("a", bits(0), 2, 0);
    p.pick("b", bits(1), 2, 0);
    BitSet all = bits(0, 1, 2);
    assertThat(pieces(p.pick("b", all, 2, 0))).containsExactly(1, 1);
    assertThat(pieces(p.pick("a", all, 2, 0))).containsExactly(0, 0);
  }

  static Stream<Arguments> priorityCases() {
    return Stream.of(
        Arguments.of(new int[] {1, 7, 0, 1}, List.of(Set.of(1), Set.of(0, 3), Set.of(0, 3))),
        Arguments.of(new int[] {2, 1, 3, 0}, List.of(Set.of(2), Set.of(0), Set.of(1))),
        Arguments.of(new int[] {0, 0, 0, 0}, List.of()));
  }

  @ParameterizedTest
  @MethodSource("priorityCases")
  void higherPriorityFirstAndSkippedNever(int[] prios, List<Set<Integer>> expected) {
    PiecePicker<String> p = onePerPiece(4, 3);
    p.peerBitfield("rare", bits(0)); // rarity must not beat priority
    for (int i = 0; i < prios.length; i++) {
      p.setPiecePriority(i, prios[i]);
    }
    p.peerHasAll("seed");
    List<Integer> order = pieces(p.pick("seed", 10, 0));
    assertThat(order).hasSize(expected.size());
    for (int i = 0; i < order.size(); i++) {
      assertThat(expected.get(i)).contains(order.get(i));
    }
    assertThat(p.isComplete()).isEqualTo(expected.isEmpty());
  }

  @Test
  void filePrioritiesMapToPiecesTakingTheMax() {
    PiecePicker<String> p = new PiecePicker<>(4, 100, 400, new Random(1));
    p.setFilePriorities(new long[] {0, 150, 250}, new long[] {150, 100, 150}, new int[] {0, 5, 1});
    assertThat(List.of(p.piecePriority(0), p.piecePriority(1), p.piecePriority(2), p.piecePriority(3)))
        .containsExactly(0, 5, 5, 1);
    assertThat(p.wanted(0)).isFalse();
    p.markHave(1);
    p.markHave(2);
    assertThat(p.isComplete()).isFalse();
    p.pieceVerified(3);
    assertThat(p.isComplete()).isTrue();
    assertThat(p.haveCount()).isEqualTo(3);
    assertThat(p.haveSet()).isEqualTo(bits(1, 2, 3));
  }

  @Test
  void deadlinesComeFirstEarliestFirst() {
    PiecePicker<String> p = onePerPiece(5, 1);
    p.setPiecePriority(3, 7);
    p.setDeadline(2, 200);
    p.setDeadline(0, 100);
    p.setDeadline(4, 50);
    p.setPiecePriority(4, 0); // a deadline does not override skip
    p.peerHasAll("seed");
    assertThat(pieces(p.pick("seed", 10, 0))).containsExactly(0, 2, 3, 1);
  }

  @Test
  void overdueDeadlinePiecesMayBeRequestedFromASecondPeer() {
    PiecePicker<String> p = onePerPiece(10, 1);
    p.peerHasAll("slow");
    p.peerHasAll("fast");
    p.setDeadline(5, 1_000);
    assertThat(pieces(p.pick("slow", 1, 0))).containsExactly(5);
    assertThat(pieces(p.pick("fast", 1, 500))).as("not overdue yet").doesNotContain(5);
    assertThat(pieces(p.pick("fast", 1, 1_000))).containsExactly(5);
    assertThat(p.blockReceived("fast", p.block(5, 0)).cancelFrom()).containsExactly("slow");
  }

  @Test
  void neverRequestsABlockTwiceBeforeEndgame() {
    PiecePicker<String> p = onePerPiece(4, 1);
    assertThat(pieces(p.pick("a", bits(0, 1), 5, 0))).containsExactlyInAnyOrder(0, 1);
    assertThat(p.isEndgame()).isFalse();
    assertThat(p.pick("b", bits(0, 1), 5, 0)).isEmpty();
    assertThat(pieces(p.pick("b", bits(0, 1, 2), 5, 0))).containsExactly(2);
  }

  @Test
  void endgameDuplicatesAtMostTwiceAndNamesPeersToCancel() {
    PiecePicker<String> p = onePerPiece(2, 1);
    p.peerHasAll("a");
    p.peerHasAll("b");
    p.peerHasAll("c");
    assertThat(pieces(p.pick("a", 5, 0))).containsExactlyInAnyOrder(0, 1);
    assertThat(p.isEndgame()).isTrue();
    assertThat(pieces(p.pick("b", 5, 0))).containsExactlyInAnyOrder(0, 1);
    assertThat(p.pick("c", 5, 0)).as("at most two requests per block").isEmpty();

    BlockRequest first = p.block(0, 0);
    Received<String> got = p.blockReceived("b", first);
    assertThat(got.expected()).isTrue();
    assertThat(got.cancelFrom()).containsExactly("a");
    assertThat(got.pieceComplete()).isTrue();
    assertThat(p.outstandingRequests("a")).containsExactly(p.block(1, 0));

    Received<String> late = p.blockReceived("a", first);
    assertThat(late.expected()).isFalse();
    assertThat(late.cancelFrom()).isEmpty();
  }

  @Test
  void timedOutRequestsGoBackToMissing() {
    PiecePicker<String> p = onePerPiece(6, 1);
    p.peerHasAll("a");
    p.peerHasAll("b");
    List<BlockRequest> early = p.pick("a", 2, 0);
    List<BlockRequest> later = p.pick("a", 1, 5);
    List<PeerRequest<String>> expired = p.timedOut(10, 8);
    assertThat(expired).extracting(PeerRequest::request).containsExactlyElementsOf(early);
    assertThat(expired).extracting(PeerRequest::peer).containsOnly("a");
    assertThat(p.outstandingRequests("a")).containsExactlyElementsOf(later);
    assertThat(p.pick("b", 5, 10)).containsAll(early).doesNotContainAnyElementsOf(later);
    // The slow peer's block still counts if it arrives before anyone else's.
    assertThat(p.blockReceived("a", early.get(0)).expected()).isTrue();
  }

  @Test
  void failedPieceResetsAllBlocksAndNamesContributors() {
    PiecePicker<String> p = new PiecePicker<>(1, 2 * B, 2L * B, new Random(1));
    BlockRequest b0 = p.pick("a", bits(0), 1, 0).get(0);
    BlockRequest b1 = p.pick("b", bits(0), 1, 0).get(0);
    assertThat(p.blockReceived("a", b0).pieceComplete()).isFalse();
    assertThat(p.blockReceived("b", b1).pieceComplete()).isTrue();
    assertThat(p.pick("c", bits(0), 5, 0)).as("being verified").isEmpty();
    assertThat(p.pieceFailed(0)).containsExactlyInAnyOrder("a", "b");
    assertThat(p.pick("c", bits(0), 5, 0)).containsExactly(b0, b1);
    p.blockReceived("c", b0);
    assertThat(p.blockReceived("c", b1).pieceComplete()).isTrue();
    p.pieceVerified(0);
    assertThat(p.isComplete()).isTrue();
    assertThat(p.pick("c", bits(0), 5, 0)).isEmpty();
  }

  @Test
  void haveAllPeersAreCountedWithoutTouchingPieces() {
    PiecePicker<String> p = onePerPiece(3, 1);
    p.peerHasAll("a");
    p.peerBitfield("b", bits(0));
    p.peerBitfield("c", bits(0, 1, 2)); // a full bitfield is the same as have_all
    assertThat(List.of(p.availability(0), p.availability(1), p.availability(2))).containsExactly(3, 2, 2);
    p.peerHave("b", 1);
    p.peerHave("b", 1);
    assertThat(p.availability(1)).isEqualTo(3);
    p.pick("a", 3, 0);
    assertThat(p.outstanding("a")).isEqualTo(3);
    p.peerGone("a");
    p.peerGone("c");
    assertThat(List.of(p.availability(0), p.availability(1), p.availability(2))).containsExactly(1, 1, 0);
    assertThat(pieces(p.pick("b", 5, 0))).as("a's requests were released").containsExactlyInAnyOrder(0, 1);
    p.peerBitfield("b", new BitSet()); // have_none replaces the old knowledge
    assertThat(p.availability(0)).isZero();
  }

  @Test
  void allowedFastSetRestrictsPicksWhileChoked() {
    PiecePicker<String> p = onePerPiece(4, 1);
    p.peerBitfield("a", bits(0, 1, 2));
    assertThat(pieces(p.pick("a", null, bits(2, 3), 5, 0))).containsExactly(2);
  }

  @Test
  void rejectedRequestCanBePickedAgain() {
    PiecePicker<String> p = onePerPiece(2, 1);
    BlockRequest r = p.pick("a", bits(0), 1, 0).get(0);
    assertThat(p.pick("b", bits(0), 1, 0)).isEmpty();
    p.requestRejected("a", r);
    assertThat(p.outstanding("a")).isZero();
    assertThat(p.pick("b", bits(0), 1, 0)).containsExactly(r);
  }

  @Test
  void ignoresUnsolicitedAndMalformedBlocks() {
    PiecePicker<String> p = new PiecePicker<>(2, 2 * B, 4L * B, new Random(1));
    assertThat(p.blockReceived("a", new BlockRequest(0, 0, B)).expected()).isFalse();
    p.pick("a", bits(0), 2, 0);
    assertThat(p.blockReceived("a", new BlockRequest(0, 100, B)).expected()).isFalse();
    assertThat(p.blockReceived("a", new BlockRequest(0, 0, 100)).expected()).isFalse();
    assertThat(p.blockReceived("a", new BlockRequest(5, 0, B)).expected()).isFalse();
    assertThat(p.blockReceived("a", new BlockRequest(0, B, B)).expected()).isTrue();
  }

  @Test
  void interestFollowsWhatWeStillNeed() {
    PiecePicker<String> p = onePerPiece(3, 1);
    p.peerBitfield("a", bits(1));
    p.peerHasAll("seed");
    assertThat(p.isInteresting("a")).isTrue();
    assertThat(p.isInteresting("stranger")).isFalse();
    p.setPiecePriority(1, 0);
    assertThat(p.isInteresting("a")).isFalse();
    p.setPiecePriority(1, 4);
    p.markHave(1);
    assertThat(p.isInteresting("a")).isFalse();
    assertThat(p.isInteresting("seed")).isTrue();
    p.markHave(0);
    p.markHave(2);
    assertThat(p.isInteresting("seed")).isFalse();
  }

  @Test
  void skippingAStartedPieceStopsPickingIt() {
    PiecePicker<String> p = new PiecePicker<>(2, 2 * B, 4L * B, new Random(1));
    p.peerHasAll("a");
    BlockRequest first = p.pick("a", 1, 0).get(0);
    p.setPiecePriority(first.piece(), 0);
    assertThat(pieces(p.pick("a", 5, 0))).containsOnly(1 - first.piece());
    assertThat(p.blockReceived("a", first).expected()).as("in-flight data is still kept").isTrue();
  }

  @Test
  void markHaveReleasesRequestsForThePiece() {
    PiecePicker<String> p = onePerPiece(2, 1);
    p.peerHasAll("a");
    p.pick("a", 2, 0);
    p.markHave(0);
    assertThat(p.outstandingRequests("a")).containsExactly(p.block(1, 0));
    assertThat(p.pick("a", 0, 0)).isEmpty();
  }

  /** A 20,000-piece torrent downloaded from 50 peers with random bitfields finishes with every block once. */
  @Test
  void largeSwarmDownloadsEveryPiece() {
    int pieces = 20_000;
    Random rnd = new Random(42);
    PiecePicker<Integer> p = new PiecePicker<>(pieces, 4 * B, (long) pieces * 4 * B, new Random(1));
    BitSet union = new BitSet();
    for (int peer = 0; peer < 50; peer++) {
      if (peer % 10 == 0) {
        p.peerHasAll(peer);
        continue;
      }
      BitSet has = new BitSet();
      for (int i = 0; i < pieces; i++) {
        if (rnd.nextInt(3) == 0) {
          has.set(i);
        }
      }
      union.or(has);
      p.peerBitfield(peer, has);
    }
    long blocks = 0;
    for (int round = 0; !p.isComplete(); round++) {
      assertThat(round).as("no progress").isLessThan(10_000);
      for (int peer = 0; peer < 50; peer++) {
        for (BlockRequest r : p.pick(peer, 8, round)) {
          Received<Integer> got = p.blockReceived(peer, r);
          assertThat(got.expected()).isTrue();
          blocks++;
          if (got.pieceComplete()) {
            p.pieceVerified(r.piece());
          }
        }
      }
    }
    assertThat(blocks).isEqualTo(pieces * 4L);
    assertThat(p.haveCount()).isEqualTo(pieces);
  }

  // ---- claims by web seeds ----

  @Test
  void claimedPiecesAreNeverPickedForPeersUntilReleased() {
    PiecePicker<String> p = onePerPiece(4, 1);
    p.peerHasAll("a");
    assertThat(p.tryClaim(1)).isTrue();
    assertThat(p.tryClaim(1)).as("a piece is claimed once").isFalse();
    assertThat(pieces(p.pick("a", 10, 0))).containsExactlyInAnyOrder(0, 2, 3);
    assertThat(p.request("a", p.block(1, 0), 0)).as("explicit (streaming) requests respect claims").isFalse();

    p.releaseClaim(1);
    assertThat(p.isClaimed(1)).isFalse();
    assertThat(pieces(p.pick("a", 10, 0))).containsExactly(1);
  }

  @Test
  void aPieceAPeerIsFetchingHadOrUnwantedCannotBeClaimed() {
    PiecePicker<String> p = onePerPiece(4, 2);
    p.peerHasAll("a");
    p.setDeadline(0, 0); // so the pick takes piece 0
    assertThat(pieces(p.pick("a", 1, 0))).containsExactly(0);
    p.markHave(1);
    p.setPiecePriority(2, 0);

    assertThat(p.tryClaim(0)).as("requested from a peer").isFalse();
    assertThat(p.tryClaim(1)).as("had").isFalse();
    assertThat(p.tryClaim(2)).as("priority 0").isFalse();
    assertThat(p.tryClaim(3)).isTrue();
  }

  @Test
  void aVerifiedClaimedPieceIsHadAndNoLongerClaimed() {
    PiecePicker<String> p = onePerPiece(2, 3);
    assertThat(p.tryClaim(0)).isTrue();
    p.pieceVerified(0);
    assertThat(p.have(0)).isTrue();
    assertThat(p.isClaimed(0)).isFalse();
  }

  @Test
  void claimedPiecesCountAsInFlightForEndGameButAreNotDuplicated() {
    PiecePicker<String> p = onePerPiece(3, 4);
    p.peerHasAll("a");
    p.peerHasAll("b");
    assertThat(p.tryClaim(2)).isTrue();
    assertThat(pieces(p.pick("a", 10, 0))).containsExactlyInAnyOrder(0, 1);
    assertThat(p.isEndgame()).isTrue();
    // End-game duplicates the peer's blocks, never the web seed's piece.
    assertThat(pieces(p.pick("b", 10, 0))).containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void deadlinePiecesComeEarliestFirst() {
    PiecePicker<String> p = onePerPiece(5, 5);
    p.setDeadline(3, 300);
    p.setDeadline(1, 100);
    p.setDeadline(4, 200);
    assertThat(p.deadlinePieces()).containsExactly(1, 4, 3);
  }
}
