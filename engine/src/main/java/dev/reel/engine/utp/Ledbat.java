package dev.reel.engine.utp;

import java.util.concurrent.TimeUnit;

/**
 * LEDBAT congestion control as BEP 29 applies it: the send window ({@link #window()}, bytes that may be in flight)
 * grows while the one-way queuing delay stays under {@link #TARGET_MICROS} and shrinks when it rises above it; a loss
 * halves it, a timeout drops it to one packet. The queuing delay is the peer's delay sample (the {@code
 * timestamp_difference} of its packets) minus the base delay, the lowest sample of the last two minutes. A slow start
 * doubles the window each round trip until the first loss or until the delay reaches half the target.
 *
 * <p>Pure: time is passed in; not thread-safe (the owning connection's lock guards it).
 */
public final class Ledbat {
  /** Queuing delay the sender aims at (BEP 29: 100 ms). */
  public static final int TARGET_MICROS = 100_000;
  /** Largest window growth per round trip of acknowledged bytes (BEP 29's MAX_CWND_INCREASE_PACKETS_PER_RTT). */
  public static final int MAX_GAIN_BYTES_PER_RTT = 3000;
  /** The base delay is the minimum over this many one-minute buckets (BEP 29: two minutes). */
  static final int BASE_HISTORY = 2;
  static final long BUCKET_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** Upper bound of the window, whatever the delay says. */
  public static final long MAX_WINDOW = 4 << 20;

  private final int packetSize;
  private double window;
  private boolean slowStart = true;
  private final int[] baseBuckets = new int[BASE_HISTORY];
  private int buckets;
  private long bucketStart;
  private int lastDelay;
  private boolean haveDelay;

  /** Starts with a window of two packets of {@code packetSize} bytes, in slow start. */
  public Ledbat(int packetSize) {
    this.packetSize = packetSize;
    this.window = 2.0 * packetSize;
  }

  /** Bytes that may be in flight. Never below one packet. */
  public long window() {
    return Math.max(packetSize, (long) window);
  }

  public boolean inSlowStart() {
    return slowStart;
  }

  /** The last queuing delay estimate (sample minus base delay), in microseconds; 0 before any sample. */
  public int queuingDelayMicros() {
    return lastDelay;
  }

  /**
   * Feeds one delay sample: the {@code timestamp_difference} the peer reported in a packet. Samples are 32-bit clock
   * differences between two unsynchronised clocks, so only their differences mean anything (wrap-safe).
   */
  public void onDelaySample(int sampleMicros, long nowNanos) {
    if (sampleMicros == 0) {
      return; // the peer has no sample yet
    }
    if (buckets == 0 || nowNanos - bucketStart >= BUCKET_NANOS) {
      // a new one-minute bucket; keep the last BASE_HISTORY
      if (buckets > 0) {
        System.arraycopy(baseBuckets, 0, baseBuckets, 1, BASE_HISTORY - 1);
      }
      baseBuckets[0] = sampleMicros;
      buckets = Math.min(buckets + 1, BASE_HISTORY);
      bucketStart = nowNanos;
    } else if (sampleMicros - baseBuckets[0] < 0) {
      baseBuckets[0] = sampleMicros;
    }
    int base = baseBuckets[0];
    for (int i = 1; i < buckets; i++) {
      if (baseBuckets[i] - base < 0) {
        base = baseBuckets[i];
      }
    }
    lastDelay = Math.max(0, sampleMicros - base);
    haveDelay = true;
  }

  /**
   * Grows or shrinks the window after the peer acknowledged {@code bytesAcked} bytes, from the latest queuing delay.
   *
   * @param windowLimited true if the sender had a full window in flight (an application-limited sender does not grow)
   */
  public void onAck(long bytesAcked, boolean windowLimited) {
    if (bytesAcked <= 0) {
      return;
    }
    double offTarget = TARGET_MICROS - (haveDelay ? lastDelay : 0);
    if (slowStart) {
      if (offTarget < TARGET_MICROS / 2.0) {
        slowStart = false; // the queue started to build
      } else {
        if (windowLimited) {
          window = Math.min(MAX_WINDOW, window + bytesAcked);
        }
        return;
      }
    }
    double gain = MAX_GAIN_BYTES_PER_RTT * (offTarget / TARGET_MICROS) * (bytesAcked / Math.max(window, 1.0));
    if (gain > 0 && !windowLimited) {
      return;
    }
    window = Math.max(packetSize, Math.min(MAX_WINDOW, window + gain));
  }

  /** A packet was lost (three duplicate ACKs or selective ACKs past it): halve the window, end slow start. */
  public void onLoss() {
    slowStart = false;
    window = Math.max(packetSize, window / 2);
  }

  /** The retransmission timer fired: one packet may be in flight. */
  public void onTimeout() {
    slowStart = false;
    window = packetSize;
  }
}
