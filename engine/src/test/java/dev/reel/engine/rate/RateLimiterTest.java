package dev.reel.engine.rate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimiterTest {
  private final AtomicLong clock = new AtomicLong();

  private void advanceMillis(long ms) {
    clock.addAndGet(ms * 1_000_000L);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    while (!condition.getAsBoolean()) {
      Thread.sleep(1);
    }
  }

  @ParameterizedTest(name = "{0} B/s starts with a burst of {1}")
  @CsvSource({"100000, 25000", "1000, 17408", "4000000, 1000000"})
  void burstIsAQuarterSecondButAtLeastOneBlock(long rate, long burst) {
    RateLimiter l = new RateLimiter(rate, null, clock::get);
    assertThat(l.available()).isEqualTo(burst);
    assertThat(l.tryAcquire((int) burst + 1)).isFalse();
    assertThat(l.tryAcquire((int) burst)).isTrue();
    assertThat(l.tryAcquire(1)).isFalse();
  }

  @Test
  void refillsAtTheRateUpToTheBurst() {
    RateLimiter l = new RateLimiter(100_000, null, clock::get);
    assertThat(l.tryAcquire(25_000)).isTrue();
    advanceMillis(100);
    assertThat(l.tryAcquire(10_001)).isFalse();
    assertThat(l.tryAcquire(10_000)).isTrue();
    advanceMillis(10_000);
    assertThat(l.available()).isEqualTo(25_000);
  }

  @Test
  void zeroMeansUnlimitedAndRateChangesApplyLive() {
    RateLimiter l = new RateLimiter(0, null, clock::get);
    assertThat(l.tryAcquire(Integer.MAX_VALUE)).isTrue();
    l.setRate(1000);
    assertThat(l.rate()).isEqualTo(1000);
    assertThat(l.tryAcquire(17_408)).isTrue();
    assertThat(l.tryAcquire(1)).isFalse();
    l.setRate(0);
    assertThat(l.tryAcquire(1_000_000)).isTrue();
  }

  @Test
  void childBytesAreChargedToTheParentToo() {
    RateLimiter global = new RateLimiter(100_000, null, clock::get);
    RateLimiter unlimitedTorrent = new RateLimiter(0, global, clock::get);
    RateLimiter slowTorrent = new RateLimiter(20_000, global, clock::get);
    assertThat(unlimitedTorrent.tryAcquire(20_000)).isTrue();
    assertThat(global.available()).isEqualTo(5_000);
    assertThat(slowTorrent.tryAcquire(10_000)).as("the parent is short").isFalse();
    assertThat(slowTorrent.available()).as("nothing taken from the child").isEqualTo(17_408);
    assertThat(slowTorrent.tryAcquire(5_000)).isTrue();
    assertThat(global.available()).isZero();
  }

  @Test
  void blockedCallersAreServedInOrder() throws InterruptedException {
    RateLimiter l = new RateLimiter(100_000, null, clock::get);
    l.acquire(25_000);
    Thread first = Thread.ofVirtual().start(() -> acquireQuietly(l, 10_000));
    awaitTrue(() -> l.available() == -10_000);
    Thread second = Thread.ofVirtual().start(() -> acquireQuietly(l, 10_000));
    awaitTrue(() -> l.available() == -20_000);
    advanceMillis(100);
    first.join();
    assertThat(second.isAlive()).as("second waits for its own 100 ms of tokens").isTrue();
    advanceMillis(100);
    second.join();
    assertThat(l.available()).isZero();
  }

  @Test
  void switchingToUnlimitedReleasesWaiters() throws InterruptedException {
    RateLimiter l = new RateLimiter(1);
    l.acquire(17_408);
    AtomicBoolean done = new AtomicBoolean();
    Thread t = Thread.ofVirtual().start(() -> {
      acquireQuietly(l, 1_000_000);
      done.set(true);
    });
    awaitTrue(() -> l.available() < -900_000);
    l.setRate(0);
    t.join();
    assertThat(done).isTrue();
  }

  @Test
  void interruptedCallerHandsItsTokensOn() throws InterruptedException {
    RateLimiter l = new RateLimiter(100_000, null, clock::get);
    l.acquire(25_000);
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        l.acquire(50_000);
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
    });
    awaitTrue(() -> l.available() == -50_000);
    t.interrupt();
    t.join();
    assertThat(interrupted).isTrue();
    assertThat(l.available()).isZero();
  }

  @Test
  void thousandsOfVirtualThreadsShareOneLimiterAndItsParent() throws InterruptedException {
    RateLimiter global = new RateLimiter(64L << 20);
    RateLimiter torrent = new RateLimiter(0, global);
    AtomicInteger finished = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      threads.add(Thread.ofVirtual().start(() -> {
        acquireQuietly(torrent, 16 * 1024);
        finished.incrementAndGet();
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(finished).hasValue(2000);
    assertThat(global.available()).isLessThanOrEqualTo(16L << 20);
  }

  private static void acquireQuietly(RateLimiter l, int bytes) {
    try {
      l.acquire(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
