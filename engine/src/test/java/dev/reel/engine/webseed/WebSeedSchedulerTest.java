package dev.reel.engine.webseed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.webseed.WebSeedScheduler.Assignment;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WebSeedSchedulerTest {
  private static final int PIECE = 256 * 1024;
  private static final int[] NONE = {};
  private static final long NOW = 1_000_000_000_000L;

  private static WebSeedState seed(String name, double throughput) {
    WebSeedState s = new WebSeedState("http://" + name + "/", new SplittableRandom(1));
    if (throughput > 0) {
      s.started();
      s.succeeded((long) throughput, 1_000_000_000L, NOW);
    }
    return s;
  }

  private static String runs(List<Assignment> as) {
    StringBuilder b = new StringBuilder();
    for (Assignment a : as) {
      b.append(a.seed().url()).append(' ').append(a.firstPiece()).append('-').append(a.endPiece() - 1)
          .append(a.urgent() ? " urgent" : "").append("; ");
    }
    return b.toString().strip();
  }

  @Test
  void freshSeedsTakeConsecutiveRunsFromTheFront() {
    WebSeedScheduler s = new WebSeedScheduler(100, PIECE);
    BitSetClaims claims = new BitSetClaims(100);
    List<WebSeedState> seeds = List.of(seed("a", 0), seed("b", 0), seed("c", 0));

    List<Assignment> as = s.assign(seeds, claims, NONE, 0, NOW);

    // 1 MiB each = 4 pieces of 256 KiB
    assertThat(runs(as)).isEqualTo("http://a/ 0-3; http://b/ 4-7; http://c/ 8-11;");
    assertThat(seeds).allMatch(x -> x.inFlight() == 1);
    assertThat(claims.claimed(11)).isTrue();
    assertThat(claims.claimed(12)).isFalse();
  }

  @Test
  void runsGrowWithThroughputUpToTheCap() {
    WebSeedScheduler s = new WebSeedScheduler(1000, PIECE);
    BitSetClaims claims = new BitSetClaims(1000);
    // 1 MiB/s -> 4 s = 4 MiB = 16 pieces; 100 MiB/s -> capped at 16 MiB = 64 pieces; the faster goes first
    List<Assignment> as = s.assign(List.of(seed("slow", 1 << 20), seed("fast", 100 << 20)), claims, NONE, 0, NOW);

    assertThat(runs(as)).isEqualTo("http://fast/ 0-63; http://slow/ 64-79;");
  }

  @Test
  void aRunStopsAtAPieceSomeoneElseHasOrFetches() {
    WebSeedScheduler s = new WebSeedScheduler(20, PIECE);
    BitSetClaims claims = new BitSetClaims(20);
    claims.markHave(0);
    claims.markHave(1);
    claims.tryClaim(4); // a peer is fetching piece 4
    claims.setWanted(7, false); // a file the user skipped

    List<Assignment> as = s.assign(List.of(seed("a", 0), seed("b", 0), seed("c", 0)), claims, NONE, 0, NOW);

    assertThat(runs(as)).isEqualTo("http://a/ 2-3; http://b/ 5-6; http://c/ 8-11;");
  }

  @Test
  void urgentPiecesGoToASeedAtLeastAsFastAsThePeers() {
    WebSeedScheduler s = new WebSeedScheduler(100, PIECE);
    BitSetClaims claims = new BitSetClaims(100);
    claims.tryClaim(51); // already requested from a peer
    int[] urgent = {50, 51, 52, 53, 60};
    WebSeedState fast = seed("fast", 5 << 20);
    WebSeedState slow = seed("slow", 100 << 10);

    List<Assignment> as = s.assign(List.of(slow, fast), claims, urgent, 1 << 20, NOW);

    // fast takes urgent 50 alone (51 is a peer's), slow is slower than the best peer and fills from the front
    assertThat(runs(as)).isEqualTo("http://fast/ 50-50 urgent; http://slow/ 0-0;");
  }

  @Test
  void contiguousUrgentPiecesMakeOneRunAndTheNextSeedTakesTheNextUrgentOne() {
    WebSeedScheduler s = new WebSeedScheduler(100, PIECE);
    BitSetClaims claims = new BitSetClaims(100);
    int[] urgent = {10, 11, 12, 30, 31};

    List<Assignment> as = s.assign(List.of(seed("a", 8 << 20), seed("b", 4 << 20)), claims, urgent, 0, NOW);

    assertThat(runs(as)).isEqualTo("http://a/ 10-12 urgent; http://b/ 30-31 urgent;");
  }

  @Test
  void seedsBackingOffBusyOrDroppedGetNothing() {
    WebSeedScheduler s = new WebSeedScheduler(100, PIECE);
    BitSetClaims claims = new BitSetClaims(100);
    WebSeedState failing = seed("failing", 0);
    failing.started();
    failing.failed("500", Optional.empty(), NOW);
    WebSeedState busy = seed("busy", 0);
    busy.started();
    WebSeedState liar = seed("liar", 0);
    liar.hashFailed(3);
    WebSeedState ok = seed("ok", 0);

    List<Assignment> as = s.assign(List.of(failing, busy, liar, ok), claims, NONE, 0, NOW);

    assertThat(runs(as)).isEqualTo("http://ok/ 0-3;");
    assertThat(busy.inFlight()).isEqualTo(1);
  }

  @Test
  void nothingClaimableMeansNoAssignmentAndNoSeedMarkedStarted() {
    WebSeedScheduler s = new WebSeedScheduler(3, PIECE);
    BitSetClaims claims = new BitSetClaims(3);
    for (int p = 0; p < 3; p++) {
      claims.markHave(p);
    }
    WebSeedState a = seed("a", 0);

    assertThat(s.assign(List.of(a), claims, new int[] {1}, 0, NOW)).isEmpty();
    assertThat(a.inFlight()).isZero();
  }

  @Test
  void theLastPieceRunEndsAtTheTorrentsEnd() {
    WebSeedScheduler s = new WebSeedScheduler(6, PIECE);
    BitSetClaims claims = new BitSetClaims(6);

    List<Assignment> as = s.assign(List.of(seed("a", 0), seed("b", 0)), claims, NONE, 0, NOW);

    assertThat(runs(as)).isEqualTo("http://a/ 0-3; http://b/ 4-5;");
  }

  @Test
  void aSeedIsNeverGivenPiecesOfAFileItLacks() {
    WebSeedScheduler s = new WebSeedScheduler(20, PIECE);
    BitSetClaims claims = new BitSetClaims(20);
    WebSeedState partial = seed("partial", 0);
    partial.started();
    partial.failed(new WebSeedException(WebSeedException.Kind.NOT_FOUND, "404").forFile(0, 0, 3), 0);

    List<Assignment> as = s.assign(List.of(partial), claims, new int[] {1, 2, 3}, 0, NOW);

    assertThat(runs(as)).isEqualTo("http://partial/ 3-3 urgent;");
    assertThat(claims.claimed(1)).isFalse();
    assertThat(s.assign(List.of(seed("full", 0)), claims, NONE, 0, NOW)).singleElement()
        .satisfies(a -> assertThat(a.firstPiece()).isZero());
  }
}
