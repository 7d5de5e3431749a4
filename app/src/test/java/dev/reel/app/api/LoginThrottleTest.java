package dev.reel.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private static final long T0 = 1_000_000_000_000L;

  @Test
  void tenWrongPasswordsThenOneTryPerLockout() {
    LoginThrottle t = new LoginThrottle();
    for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
      assertThat(t.waitNanos("10.0.0.9", T0)).as("try %d", i).isZero();
      t.failed("10.0.0.9", T0);
    }
    assertThat(t.waitNanos("10.0.0.9", T0)).isEqualTo(LoginThrottle.LOCKOUT_NANOS);
    assertThat(t.waitNanos("10.0.0.9", T0 + LoginThrottle.LOCKOUT_NANOS - 1)).isEqualTo(1);
    assertThat(t.waitNanos("10.0.0.8", T0)).as("another address is not affected").isZero();
    long later = T0 + LoginThrottle.LOCKOUT_NANOS;
    assertThat(t.waitNanos("10.0.0.9", later)).isZero();
    t.failed("10.0.0.9", later);
    assertThat(t.waitNanos("10.0.0.9", later)).as("each further failure locks again").isEqualTo(
        LoginThrottle.LOCKOUT_NANOS);
    t.succeeded("10.0.0.9");
    assertThat(t.waitNanos("10.0.0.9", later)).as("the right password forgets the failures").isZero();
  }

  @Test
  void tokensRefuseToCheckAThrottledAddress() {
    Tokens tokens = new Tokens("s3cret");
    for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
      assertThat(tokens.checkPassword("guess" + i, "10.0.0.9")).isFalse();
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> tokens.checkPassword("s3cret", "10.0.0.9"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.code()).isEqualTo("too_many_requests");
        });
    assertThat(tokens.checkPassword("s3cret", "10.0.0.8")).isTrue();
  }
}
