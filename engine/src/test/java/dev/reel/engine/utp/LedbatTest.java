package dev.reel.engine.utp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LedbatTest {
  private static final int MSS = 1000;
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  /** Acks one full window per round trip with the given queuing delay on top of a base delay. */
  private static void rounds(Ledbat cc, int n, int queuingMicros, long[] now) {
    for (int i = 0; i < n; i++) {
      now[0] += 50 * MS;
      cc.onDelaySample(1_000_000 + queuingMicros, now[0]);
      long w = cc.window();
      for (long acked = 0; acked < w; acked += MSS) {
        cc.onAck(MSS, true);
      }
    }
  }

  @Test
  void growsWhileDelayStaysLowAndShrinksWhenItRises() {
    Ledbat cc = new Ledbat(MSS);
    long[] now = {0};
    rounds(cc, 3, 0, now);
    assertThat(cc.inSlowStart()).isTrue();
    long afterSlowStart = cc.window();
    assertThat(afterSlowStart).isGreaterThanOrEqualTo(8 * MSS);

    rounds(cc, 5, 60_000, now); // 60 ms queuing: under target but past half of it: slow start left, grows linearly
    long grown = cc.window();
    assertThat(cc.inSlowStart()).isFalse();
    assertThat(grown).isGreaterThan(afterSlowStart);

    rounds(cc, 5, 200_000, now); // 200 ms queuing: over the 100 ms target
    long shrunk = cc.window();
    assertThat(shrunk).isLessThan(grown);
    assertThat(cc.queuingDelayMicros()).isEqualTo(200_000);

    rounds(cc, 200, 400_000, now);
    assertThat(cc.window()).isEqualTo(MSS); // never below one packet
  }

  @Test
  void baseDelayIsTheMinimumOfTheLastTwoMinutes() {
    Ledbat cc = new Ledbat(MSS);
    long now = 0;
    cc.onDelaySample(5_000, now);
    cc.onDelaySample(9_000, now += MS);
    assertThat(cc.queuingDelayMicros()).isEqualTo(4_000);
    // three minutes later the old minimum has aged out
    now += TimeUnit.MINUTES.toNanos(1) + MS;
    cc.onDelaySample(8_000, now);
    now += TimeUnit.MINUTES.toNanos(1) + MS;
    cc.onDelaySample(8_500, now);
    assertThat(cc.queuingDelayMicros()).isEqualTo(500);
  }

  @Test
  void delaySamplesAreWrapSafe() {
    Ledbat cc = new Ledbat(MSS);
    cc.onDelaySample(Integer.MAX_VALUE - 10, 0);
    cc.onDelaySample(Integer.MIN_VALUE + 10, MS); // 21 µs later on a wrapped clock
    assertThat(cc.queuingDelayMicros()).isEqualTo(21);
  }

  @Test
  void lossHalvesAndTimeoutResetsToOnePacket() {
    Ledbat cc = new Ledbat(MSS);
    long[] now = {0};
    rounds(cc, 4, 0, now);
    long w = cc.window();
    cc.onLoss();
    assertThat(cc.window()).isEqualTo(w / 2);
    assertThat(cc.inSlowStart()).isFalse();
    cc.onTimeout();
    assertThat(cc.window()).isEqualTo(MSS);
  }

  @Test
  void anApplicationLimitedSenderDoesNotGrow() {
    Ledbat cc = new Ledbat(MSS);
    long w = cc.window();
    for (int i = 0; i < 100; i++) {
      cc.onAck(MSS, false);
    }
    assertThat(cc.window()).isEqualTo(w);
  }
}
