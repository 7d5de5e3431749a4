package dev.reel.engine.picker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming pipeline rules: depth per peer, the background cap while watched, and seek cancels. */
class StreamingPipelineTest {
  private static final int B = PiecePicker.BLOCK_SIZE;
  private static final long S = 1_000_000_000L;

  /** 16 pieces of 4 blocks; peers "slow" and "fast" have everything. */
  private static PiecePicker<String> picker() {
    PiecePicker<String> p = new PiecePicker<>(16, 4 * B, 64L * B, new Random(7));
    p.peerHasAll("slow");
    p.peerHasAll("fast");
    return p;
  }

  @Test
  void aFreshPeerGetsTwoPiecesWorthOfRequestsAndAMeasuredOneAboutASecondOfItsRate() {
    assertThat(StreamingPipeline.depth(Double.NaN)).isEqualTo(StreamingPipeline.FRESH_PEER_DEPTH);
    assertThat(StreamingPipeline.depth(0)).isEqualTo(StreamingPipeline.FRESH_PEER_DEPTH);
    assertThat(StreamingPipeline.depth(450 * 1024)).isEqualTo(29); // 450 KiB/s × 1 s / 16 KiB, rounded up
    assertThat(StreamingPipeline.depth(20 * 1024)).isEqualTo(StreamingPipeline.MIN_DEPTH);
    assertThat(StreamingPipeline.depth(1e12)).isEqualTo(RequestQueue.MAX_DEPTH);
  }

  @Test
  void whileWatchedAPeersBackgroundRequestsAreCappedAtHalfASecondOfItsRate() {
    double rate = 450 * 1024;
    int limit = StreamingPipeline.backgroundLimit(rate);
    assertThat(limit).isEqualTo(15); // 450 KiB/s × 0.5 s / 16 KiB, rounded up
    assertThat(StreamingPipeline.backgroundRoom(rate, 0, true)).isEqualTo(limit);
    assertThat(StreamingPipeline.backgroundRoom(rate, 5, true)).isEqualTo(limit - 5);
    assertThat(StreamingPipeline.backgroundRoom(rate, 50, true)).isZero();
    assertThat(StreamingPipeline.backgroundRoom(10, 0, true)).as("unmeasured").isEqualTo(
        StreamingPipeline.MIN_BACKGROUND);
    assertThat(StreamingPipeline.backgroundRoom(rate, 50, false)).as("nobody watching: no cap")
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void whileACriticalPieceIsOutstandingThePickTakesDeadlineBlocksFirstAndOnlyTheBackgroundRoomBesides() {
    PiecePicker<String> p = picker();
    p.setDeadline(9, 5 * S);
    List<BlockRequest> got = p.pick("slow", null, null, 20, 3, 0);
    assertThat(got).hasSize(4 + 3);
    assertThat(got.subList(0, 4)).allMatch(b -> b.piece() == 9);
    assertThat(got.subList(4, 7)).noneMatch(b -> b.piece() == 9);
    assertThat(p.outstandingNonCritical("slow")).isEqualTo(3);
    assertThat(p.pick("slow", null, null, 20, 0, 0)).as("no room: deadline pieces only, none left").isEmpty();
  }

  @Test
  void aSeekCancelsTheBackgroundRequestsQueuedAtTheSlowPeerButKeepsCriticalOnes() {
    PiecePicker<String> p = picker();
    p.setDeadline(2, 0);
    List<BlockRequest> first = p.pick("slow", null, null, 12, Integer.MAX_VALUE, 0); // piece 2, then background
    assertThat(first).hasSize(12);
    // A seek adds a piece nobody asked for as critical while piece 2 (critical, queued first) keeps its deadline.
    int target = java.util.stream.IntStream.range(0, 16).filter(q -> first.stream().noneMatch(b -> b.piece() == q))
        .max().orElseThrow();
    p.setDeadline(target, 0);
    List<BlockRequest> cancelled = p.cancelNonCritical("slow");
    assertThat(cancelled).as("only what is queued ahead of its first critical request: nothing, piece 2 is first")
        .isEmpty();
    p.clearDeadline(2); // the seek released the old window's piece: now everything queued is background
    cancelled = p.cancelNonCritical("slow");
    assertThat(cancelled).hasSize(12);
    assertThat(p.outstanding("slow")).isZero();
    assertThat(p.blockState(2, 0)).isEqualTo(PiecePicker.BLOCK_MISSING);
    assertThat(p.pick("fast", null, null, 4, 0, 0)).as("the critical piece goes first").allMatch(
        b -> b.piece() == target);
  }

  @Test
  void backgroundQueuedBehindACriticalRequestStaysSoRepeatedPassesDoNotChurn() {
    PiecePicker<String> p = picker();
    p.setDeadline(3, 0);
    p.pick("slow", null, null, 4, 0, 0); // piece 3 (critical)
    p.pick("slow", null, null, 2, 2, 0); // then two background blocks
    assertThat(p.outstandingNonCritical("slow")).isEqualTo(2);
    assertThat(p.cancelNonCritical("slow")).isEmpty();
    assertThat(p.outstanding("slow")).isEqualTo(6);
  }

  @Test
  void aCancelledBlockThePeerHadAlreadySentIsKeptButAnUnsolicitedOneIsNot() {
    PiecePicker<String> p = picker();
    BlockRequest b = p.pick("slow", null, null, 1, Integer.MAX_VALUE, 0).get(0);
    assertThat(p.cancelNonCritical("slow")).containsExactly(b);
    assertThat(p.blockReceived("slow", b).expected()).as("in its send buffer already: still useful").isTrue();
    assertThat(p.blockState(b.piece(), b.blockIndex())).isEqualTo(PiecePicker.BLOCK_RECEIVED);
    BlockRequest other = p.block((b.piece() + 1) % 16, 0);
    assertThat(p.blockReceived("slow", other).expected()).as("never requested").isFalse();
    BlockRequest again = p.block((b.piece() + 2) % 16, 0);
    p.request("slow", again, 0);
    p.cancel("slow", again);
    p.requestRejected("slow", again); // BEP 6: the peer confirms it will not send it
    assertThat(p.blockReceived("slow", again).expected()).isFalse();
  }

  @Test
  void urgentMeansDueWithinThreeSeconds() {
    assertThat(StreamingPipeline.urgent(0, 0)).isTrue();
    assertThat(StreamingPipeline.urgent(-S, 0)).as("overdue").isTrue();
    assertThat(StreamingPipeline.urgent(3 * S, 0)).isTrue();
    assertThat(StreamingPipeline.urgent(8 * S, 0)).as("a readahead piece far ahead").isFalse();
  }
}
