package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TokenManagerTest {
  private static final long T0 = 5_000_000_000L;
  private static final long ROTATE = TokenManager.ROTATE_NANOS;

  @Test
  void tokenValidForItsIpThroughOneRotationOnly() throws Exception {
    InetAddress ip = InetAddress.getByName("203.0.113.5");
    InetAddress other = InetAddress.getByName("203.0.113.6");
    TokenManager m = new TokenManager(T0);
    byte[] token = m.tokenFor(ip, T0);
    assertThat(token).hasSize(TokenManager.TOKEN_LENGTH);
    assertThat(m.isValid(token, ip, T0)).as("current secret").isTrue();
    assertThat(m.isValid(token, other, T0)).as("another IP").isFalse();
    assertThat(m.isValid(token, ip, T0 + ROTATE + 1)).as("previous secret").isTrue();
    assertThat(m.isValid(token, ip, T0 + 2 * ROTATE + 1)).as("two rotations old").isFalse();
    assertThat(m.isValid(new byte[8], ip, T0)).isFalse();
    assertThat(m.isValid(null, ip, T0)).isFalse();
  }

  @Test
  void longIdleInvalidatesEverything() throws Exception {
    InetAddress ip = InetAddress.getByName("203.0.113.5");
    TokenManager m = new TokenManager(T0);
    byte[] token = m.tokenFor(ip, T0);
    assertThat(m.isValid(token, ip, T0 + 100 * ROTATE)).isFalse();
    byte[] fresh = m.tokenFor(ip, T0 + 100 * ROTATE);
    assertThat(m.isValid(fresh, ip, T0 + 100 * ROTATE + 1)).isTrue();
  }
}
