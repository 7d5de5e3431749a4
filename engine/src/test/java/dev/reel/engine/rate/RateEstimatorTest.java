package dev.reel.engine.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateEstimatorTest {
  private static final long MS = 1_000_000L;

  @ParameterizedTest(name = "{0} bytes every {1} ms from {2} to {3} ms, at {4} ms -> {5} B/s")
  @CsvSource({
    // bytes, every ms, from ms, until ms (exclusive), query ms, expected B/s
    "100, 100, 0, 10000, 10000, 1000", // steady flow
    "100, 100, 0, 10000, 20000, 0", // stalled for 10 s
    "100, 100, 0, 2000, 2000, 1000", // young estimator: span counts from the first sample
    "1000, 1000, 0, 1, 0, 1000", // a single sample counts over at least one second
    "500, 50, 5000, 30000, 30000, 10000",
    "0, 100, 0, 0, 5000, 0", // nothing recorded
  })
  void measuresBytesPerSecondOverTheWindow(long bytes, long every, long from, long until, long at, double expected) {
    RateEstimator r = new RateEstimator();
    for (long t = from; t < until; t += every) {
      r.add(bytes, t * MS);
    }
    assertThat(r.rate(at * MS)).isCloseTo(expected, within(expected * 0.02 + 0.001));
  }

  @Test
  void reactsToARateChangeWithinTheWindow() {
    RateEstimator r = new RateEstimator();
    for (long t = 0; t < 10_000; t += 100) {
      r.add(1000, t * MS); // 10 kB/s
    }
    for (long t = 10_000; t < 20_000; t += 100) {
      r.add(100, t * MS); // 1 kB/s
    }
    assertThat(r.rate(20_000 * MS)).isCloseTo(1000, within(20.0));
    assertThat(r.total()).isEqualTo(110_000);
  }

  @Test
  void concurrentAddsAreAllCounted() throws InterruptedException {
    RateEstimator r = new RateEstimator();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      threads.add(Thread.ofVirtual().start(() -> {
        for (int j = 0; j < 10_000; j++) {
          r.add(10, j * MS);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(r.total()).isEqualTo(16 * 10_000 * 10L);
  }
}
