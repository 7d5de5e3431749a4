package dev.reel.engine.picker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The picker API the streaming pass uses: explicit requests, cancels, queue positions, deadline lists. */
class StreamingPickTest {
  private static final int B = PiecePicker.BLOCK_SIZE;

  private static PiecePicker<String> picker() {
    PiecePicker<String> p = new PiecePicker<>(8, 4 * B, 32L * B, new Random(1));
    p.peerHasAll("a");
    p.peerHasAll("b");
    return p;
  }

  @Test
  void explicitRequestsAreTrackedLikePickedOnes() {
    PiecePicker<String> p = picker();
    BlockRequest blk = p.block(3, 1);
    assertThat(p.blockState(3, 1)).isEqualTo(PiecePicker.BLOCK_MISSING);
    assertThat(p.request("a", blk, 0)).isTrue();
    assertThat(p.request("a", blk, 0)).as("twice from one peer").isFalse();
    assertThat(p.blockState(3, 1)).isEqualTo(PiecePicker.BLOCK_REQUESTED);
    assertThat(p.requesters(3, 1)).containsExactly("a");
    assertThat(p.request("b", blk, 0)).as("a duplicate from a second peer").isTrue();
    assertThat(p.request("c", blk, 0)).as("at most two peers per block").isFalse();
    assertThat(p.outstandingBytes("a")).isEqualTo(B);
    assertThat(p.blockReceived("b", blk).cancelFrom()).containsExactly("a");
    assertThat(p.blockState(3, 1)).isEqualTo(PiecePicker.BLOCK_RECEIVED);
  }

  @Test
  void cancelPutsTheBlockBackToMissing() {
    PiecePicker<String> p = picker();
    BlockRequest blk = p.block(2, 0);
    p.request("a", blk, 0);
    assertThat(p.cancel("a", blk)).isTrue();
    assertThat(p.cancel("a", blk)).isFalse();
    assertThat(p.blockState(2, 0)).isEqualTo(PiecePicker.BLOCK_MISSING);
    assertThat(p.outstanding("a")).isZero();
    assertThat(p.pick("b", 1, 0)).as("the block can be picked again").hasSize(1);
  }

  @Test
  void bytesAheadFollowsRequestOrder() {
    PiecePicker<String> p = picker();
    p.request("a", p.block(0, 0), 0);
    p.request("a", p.block(5, 3), 0);
    p.request("a", p.block(1, 2), 0);
    assertThat(p.bytesAhead("a", p.block(0, 0))).isZero();
    assertThat(p.bytesAhead("a", p.block(1, 2))).isEqualTo(2L * B);
    assertThat(p.bytesAhead("b", p.block(1, 2))).isEqualTo(-1);
  }

  @Test
  void deadlinesAreListedEarliestFirstAndDeadlinesOnlyPicksNothingElse() {
    PiecePicker<String> p = picker();
    p.setDeadline(6, 300);
    p.setDeadline(2, 100);
    assertThat(p.deadlines(10)).extracting(d -> d[0]).containsExactly(2L, 6L);
    assertThat(p.deadline(2)).isEqualTo(100);
    assertThat(p.deadline(3)).isEqualTo(Long.MAX_VALUE);
    List<BlockRequest> picked = p.pick("a", null, null, 100, 0, true);
    assertThat(picked).extracting(BlockRequest::piece).containsOnly(2, 6).hasSize(8);
    assertThat(p.pick("a", null, null, 100, 0, false)).extracting(BlockRequest::piece).doesNotContain(2, 6);
  }
}
