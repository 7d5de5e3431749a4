package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerPoolTest {
  private static InetSocketAddress addr(String ip, int port) {
    return new InetSocketAddress(ip, port);
  }

  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, 6881, 127.0.0.1:6881",
      "192.168.1.5, 6881, 192.168.1.5:6881",
      "10.0.0.1, 51413, 10.0.0.1:51413",
      "8.8.8.8, 6881, 8.8.8.8",
      "93.184.216.34, 1, 93.184.216.34"})
  void banKeyIsIpForPublicAndIpPortForLocalAddresses(String ip, int port, String key) {
    assertThat(PeerPool.banKey(addr(ip, port))).isEqualTo(key);
  }

  @Test
  void localPeersFromTheSwarmNeedAllowLocal() {
    PeerPool strict = new PeerPool(false);
    strict.add(addr("127.0.0.1", 1000), PeerPool.Source.TRACKER);
    strict.add(addr("192.168.0.2", 1000), PeerPool.Source.PEX);
    strict.add(addr("127.0.0.1", 2000), PeerPool.Source.MANUAL);
    strict.add(addr("8.8.8.8", 1000), PeerPool.Source.TRACKER);
    assertThat(strict.addresses()).containsExactlyInAnyOrder(addr("127.0.0.1", 2000), addr("8.8.8.8", 1000));

    PeerPool loose = new PeerPool(true);
    loose.add(addr("127.0.0.1", 1000), PeerPool.Source.TRACKER);
    assertThat(loose.addresses()).containsExactly(addr("127.0.0.1", 1000));
  }

  @Test
  void failedDialsBackOffAndAreForgottenAfterTooManyFailures() {
    PeerPool pool = new PeerPool(true);
    InetSocketAddress a = addr("127.0.0.1", 1000);
    pool.add(a, PeerPool.Source.TRACKER);
    long now = 1_000_000_000L;
    assertThat(pool.dialCandidates(10, now, Set.of())).hasSize(1);
    assertThat(pool.dialCandidates(10, now, Set.of())).as("busy while dialing").isEmpty();
    pool.dialFailed(a, now);
    assertThat(pool.dialCandidates(10, now + 1, Set.of())).as("backing off").isEmpty();
    assertThat(pool.dialCandidates(10, now + PeerPool.BASE_BACKOFF_NANOS, Set.of())).hasSize(1);
    for (int i = 1; i < PeerPool.MAX_FAILURES; i++) {
      pool.dialFailed(a, now);
    }
    assertThat(pool.addresses()).isEmpty();
  }

  @Test
  void manualPeersAreNeverForgotten() {
    PeerPool pool = new PeerPool(true);
    InetSocketAddress a = addr("127.0.0.1", 1000);
    pool.add(a, PeerPool.Source.MANUAL);
    for (int i = 0; i < 2 * PeerPool.MAX_FAILURES; i++) {
      pool.dialFailed(a, 0);
    }
    assertThat(pool.addresses()).containsExactly(a);
  }

  @Test
  void bannedAndSelfAddressesAreNotReAdded() {
    PeerPool pool = new PeerPool(true);
    InetSocketAddress bad = addr("127.0.0.1", 1000);
    InetSocketAddress self = addr("127.0.0.1", 2000);
    pool.add(bad, PeerPool.Source.TRACKER);
    pool.ban(bad);
    pool.markSelf(self);
    pool.addAll(List.of(bad, self, addr("127.0.0.1", 3000)), PeerPool.Source.PEX);
    assertThat(pool.addresses()).containsExactly(addr("127.0.0.1", 3000));
    assertThat(pool.isBanned(bad)).isTrue();
    assertThat(pool.isBanned(addr("127.0.0.1", 3000))).as("loopback bans are per port").isFalse();
  }

  @Test
  void thirdStrikeAsksForABan() {
    PeerPool pool = new PeerPool(true);
    InetSocketAddress a = addr("8.8.8.8", 1000);
    assertThat(pool.strike(a)).isFalse();
    assertThat(pool.strike(addr("8.8.8.8", 2000))).as("same IP, public: same key").isFalse();
    assertThat(pool.strike(a)).isTrue();
  }

  @Test
  void aUtpOnlyMarkSurvivesRedialsUntilItIsDropped() {
    PeerPool pool = new PeerPool(true);
    InetSocketAddress a = addr("127.0.0.1", 1000);
    InetSocketAddress other = addr("127.0.0.1", 2000);
    pool.add(a, PeerPool.Source.TRACKER);
    pool.add(other, PeerPool.Source.TRACKER);
    assertThat(pool.isUtpOnly(a)).as("unknown until a dial says so").isFalse();

    pool.setUtpOnly(a, true);
    pool.released(a, 0, PeerPool.RECONNECT_NANOS);
    pool.dialFailed(a, 0);
    assertThat(pool.isUtpOnly(a)).as("kept across disconnects and failures").isTrue();
    assertThat(pool.isUtpOnly(other)).isFalse();
    assertThat(pool.isPlaintextOnly(a)).as("independent of the encryption mark").isFalse();

    pool.setUtpOnly(a, false);
    assertThat(pool.isUtpOnly(a)).isFalse();

    pool.setUtpOnly(addr("127.0.0.1", 3000), true);
    assertThat(pool.isUtpOnly(addr("127.0.0.1", 3000))).as("an address not in the pool is not remembered").isFalse();
  }
}
