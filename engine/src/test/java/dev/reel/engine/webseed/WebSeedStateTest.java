package dev.reel.engine.webseed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebSeedStateTest {
  private static final long S = 1_000_000_000L;
  private final WebSeedState seed = new WebSeedState("http://h/", new SplittableRandom(1));

  @ParameterizedTest(name = "failure {0}: {1} s")
  @CsvSource({"1, 5", "2, 10", "3, 20", "4, 40", "5, 80", "6, 160", "7, 320", "8, 600", "9, 600", "40, 600"})
  void backOffDoublesFromFiveSecondsToTenMinutes(int failures, long seconds) {
    assertThat(WebSeedState.backoffNanos(failures, 0)).isEqualTo(seconds * S);
    // jitter only shortens, by less than a quarter
    assertThat(WebSeedState.backoffNanos(failures, 0.999999))
        .isGreaterThan((long) (seconds * S * 0.75)).isLessThanOrEqualTo(seconds * S);
  }

  @Test
  void aFailedSeedWaitsThenIsReadyAgain() {
    long t = 1000 * S;
    seed.started();
    seed.failed("connection refused", Optional.empty(), t);

    assertThat(seed.ready(t)).isFalse();
    assertThat(seed.status(t)).isEqualTo(WebSeedState.Status.BACKING_OFF);
    assertThat(seed.ready(t + 3 * S)).isFalse(); // at least 5 s * 0.75
    assertThat(seed.ready(t + 5 * S)).isTrue();
    assertThat(seed.snapshot(t).lastError()).contains("connection refused");
  }

  @Test
  void consecutiveFailuresWaitLongerAndASuccessResets() {
    long t = 0;
    for (int i = 0; i < 3; i++) {
      seed.started();
      seed.failed("500", Optional.empty(), t);
      t = seed.retryAtNanos();
    }
    assertThat(seed.consecutiveFailures()).isEqualTo(3);
    seed.started();
    seed.failed("500", Optional.empty(), t);
    assertThat(seed.retryAtNanos() - t).isGreaterThan(30 * S); // 4th failure: 40 s minus jitter

    seed.started();
    seed.succeeded(1_000_000, S, seed.retryAtNanos());
    assertThat(seed.consecutiveFailures()).isZero();
    assertThat(seed.ready(seed.retryAtNanos())).isTrue();
  }

  @Test
  void retryAfterLengthensTheWait() {
    seed.started();
    seed.failed("503 busy", Optional.of(Duration.ofSeconds(60)), 0);

    assertThat(seed.ready(59 * S)).isFalse();
    assertThat(seed.ready(60 * S)).isTrue();
  }

  @Test
  void aHashFailureDropsTheSeedForGood() {
    seed.started();
    seed.succeeded(16384, S / 10, 0);
    seed.hashFailed(7);

    assertThat(seed.ready(3600 * S)).isFalse();
    assertThat(seed.status(0)).isEqualTo(WebSeedState.Status.DROPPED);
    assertThat(seed.lastError()).contains("piece 7 from this web seed failed its hash check");
  }

  @Test
  void requestsInFlightAreBounded() {
    WebSeedState two = new WebSeedState("http://h/", new SplittableRandom(1), 2);
    two.started();
    assertThat(two.ready(0)).isTrue();
    two.started();
    assertThat(two.ready(0)).isFalse();
    assertThat(two.status(0)).isEqualTo(WebSeedState.Status.BUSY);
    two.succeeded(10, 1, 0);
    assertThat(two.ready(0)).isTrue();
  }

  @Test
  void throughputIsAMovingAverageOfRequests() {
    seed.started();
    seed.succeeded(1_000_000, S, 0); // 1 MB/s
    assertThat(seed.throughput()).isEqualTo(1_000_000.0);
    seed.started();
    seed.succeeded(2_000_000, S, S); // 2 MB/s moves it 30 % of the way
    assertThat(seed.throughput()).isCloseTo(1_300_000.0, org.assertj.core.data.Offset.offset(1.0));
    assertThat(seed.downloaded()).isEqualTo(3_000_000);
  }

  @Test
  void aMissingFileMakesItsPiecesLackingOnThisSeedOnly() {
    seed.started();
    seed.failed(new WebSeedException(WebSeedException.Kind.NOT_FOUND, "404").forFile(2, 5, 9), 0);

    assertThat(seed.lacks(4)).isFalse();
    assertThat(seed.lacks(5)).isTrue();
    assertThat(seed.lacks(8)).isTrue();
    assertThat(seed.lacks(9)).isFalse();
    assertThat(seed.snapshot(0).piecesLacking()).isEqualTo(4);
    assertThat(seed.dropped()).isFalse();
    assertThat(seed.ready(0)).as("one missing file is no reason to wait").isTrue();

    seed.started();
    seed.failed(new WebSeedException(WebSeedException.Kind.NOT_FOUND, "404").forFile(3, 9, 10), 0);
    assertThat(seed.ready(0)).as("a second failure in a row backs off (a wrong base URL 404s everything)").isFalse();
  }

  @Test
  void aServerErrorMakesNoPieceLacking() {
    seed.started();
    seed.failed(new WebSeedException(WebSeedException.Kind.SERVER_ERROR, "500").forFile(2, 5, 9), 0);

    assertThat(seed.snapshot(0).piecesLacking()).isZero();
  }
}
