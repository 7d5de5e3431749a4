package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class QueryRateLimiterTest {
  @Test
  void burstThenSustainedRatePerIp() throws Exception {
    InetAddress a = InetAddress.getByName("198.51.100.1");
    InetAddress b = InetAddress.getByName("198.51.100.2");
    QueryRateLimiter l = new QueryRateLimiter(2, 5, 100);
    long t = 0;
    int allowed = 0;
    for (int i = 0; i < 50; i++) {
      allowed += l.tryAcquire(a, t) ? 1 : 0;
    }
    assertThat(allowed).isEqualTo(5);
    assertThat(l.tryAcquire(b, t)).as("another IP has its own bucket").isTrue();
    assertThat(l.tryAcquire(a, t + 500_000_000L)).as("one token after 0.5 s at 2/s").isTrue();
    assertThat(l.tryAcquire(a, t + 500_000_000L)).isFalse();
  }

  @Test
  void mapIsBounded() throws Exception {
    QueryRateLimiter l = new QueryRateLimiter(1, 1, 10);
    for (int i = 0; i < 100; i++) {
      l.tryAcquire(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) i}), 0);
    }
    assertThat(l.trackedIps()).isEqualTo(10);
  }
}
