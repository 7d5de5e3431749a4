package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class PeerStoreTest {
  private static final InfoHash A = InfoHash.fromHex("aa".repeat(20));
  private static final InfoHash B = InfoHash.fromHex("bb".repeat(20));

  private static InetSocketAddress peer(int i) {
    return new InetSocketAddress("192.0.2." + (i % 250 + 1), 1000 + i);
  }

  @Test
  void peersExpireThirtyMinutesAfterTheirLastAnnounce() {
    PeerStore s = new PeerStore();
    s.add(A, peer(1), 0);
    s.add(A, peer(2), PeerStore.TTL_NANOS / 2);
    assertThat(s.get(A, 100, PeerStore.TTL_NANOS)).containsExactly(peer(2));
    s.add(A, peer(2), PeerStore.TTL_NANOS); // re-announce renews
    s.expire(PeerStore.TTL_NANOS + PeerStore.TTL_NANOS / 2 + 1);
    assertThat(s.get(A, 100, PeerStore.TTL_NANOS + PeerStore.TTL_NANOS / 2 + 1)).containsExactly(peer(2));
    s.expire(3 * PeerStore.TTL_NANOS);
    assertThat(s.torrentCount()).isZero();
  }

  @Test
  void boundedPerTorrentPerReplyAndInTorrents() {
    PeerStore s = new PeerStore(1, 300);
    for (int i = 0; i < 400; i++) {
      s.add(A, peer(i), i);
    }
    assertThat(s.get(A, 1000, 400)).hasSize(300).doesNotContain(peer(0));
    assertThat(s.get(A, PeerStore.MAX_VALUES_PER_REPLY, 400)).hasSize(100);
    s.add(B, peer(1), 500);
    assertThat(s.torrentCount()).isEqualTo(1);
    assertThat(s.get(A, 10, 500)).isEmpty();
  }
}
