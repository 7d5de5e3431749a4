package dev.reel.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.metainfo.InfoHash;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** Test vectors from BEP 6, "Allowed Fast Set Generation". */
class AllowedFastSetTest {
  private static final InfoHash HASH = InfoHash.fromHex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

  @Test
  void bep6VectorWithSevenPieces() throws UnknownHostException {
    assertThat(AllowedFastSet.generate(InetAddress.getByName("80.4.4.200"), HASH, 1313, 7))
        .containsExactly(1059, 431, 808, 1217, 287, 376, 1188);
  }

  @Test
  void bep6VectorWithNinePieces() throws UnknownHostException {
    assertThat(AllowedFastSet.generate(InetAddress.getByName("80.4.4.200"), HASH, 1313, 9))
        .containsExactly(1059, 431, 808, 1217, 287, 376, 1188, 353, 508);
  }

  @Test
  void onlyTheSlashTwentyFourMatters() throws UnknownHostException {
    assertThat(AllowedFastSet.generate(InetAddress.getByName("80.4.4.1"), HASH, 1313, 7))
        .containsExactly(1059, 431, 808, 1217, 287, 376, 1188);
    assertThat(AllowedFastSet.generate(InetAddress.getByName("80.4.5.200"), HASH, 1313, 7))
        .isNotEqualTo(AllowedFastSet.generate(InetAddress.getByName("80.4.4.200"), HASH, 1313, 7));
  }

  @Test
  void smallTorrentsAndIpv6() throws UnknownHostException {
    assertThat(AllowedFastSet.generate(InetAddress.getByName("10.0.0.1"), HASH, 3, 10))
        .containsExactlyInAnyOrder(0, 1, 2);
    assertThat(AllowedFastSet.generate(InetAddress.getByName("2001:db8:1::1"), HASH, 1313, 10))
        .hasSize(10)
        .isEqualTo(AllowedFastSet.generate(InetAddress.getByName("2001:db8:1:2::9"), HASH, 1313, 10))
        .allMatch(i -> i >= 0 && i < 1313);
    assertThatThrownBy(() -> AllowedFastSet.generate(InetAddress.getByName("10.0.0.1"), HASH, 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
