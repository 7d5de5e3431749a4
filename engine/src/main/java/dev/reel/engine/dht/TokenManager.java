package dev.reel.engine.dht;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Write tokens for get_peers / announce_peer (BEP 5): SHA-1(ip + secret) truncated to {@link #TOKEN_LENGTH} bytes.
 * The secret rotates every {@link #ROTATE_NANOS}; a token made with the current or the previous secret is accepted,
 * so a token lives between 5 and 10 minutes. Rotation happens lazily when the time passed in says it is due.
 *
 * <p>Pure and not thread-safe: the caller holds a lock and passes {@code nowNanos}.
 */
public final class TokenManager {
  public static final long ROTATE_NANOS = TimeUnit.MINUTES.toNanos(5);
  public static final int TOKEN_LENGTH = 8;
  private static final int SECRET_LENGTH = 16;

  private final SecureRandom random;
  private byte[] current;
  private byte[] previous;
  private long rotatedAt;

  public TokenManager(long nowNanos) {
    this(new SecureRandom(), nowNanos);
  }

  TokenManager(SecureRandom random, long nowNanos) {
    this.random = random;
    this.current = secret();
    this.previous = secret();
    this.rotatedAt = nowNanos;
  }

  private byte[] secret() {
    byte[] s = new byte[SECRET_LENGTH];
    random.nextBytes(s);
    return s;
  }

  private void maybeRotate(long now) {
    while (now - rotatedAt >= ROTATE_NANOS) {
      previous = current;
      current = secret();
      rotatedAt += ROTATE_NANOS;
      if (now - rotatedAt >= 2 * ROTATE_NANOS) {
        // Long idle: both secrets are stale anyway.
        previous = secret();
        rotatedAt = now;
      }
    }
  }

  /** The token to hand to a querier at {@code ip}. */
  public byte[] tokenFor(InetAddress ip, long nowNanos) {
    maybeRotate(nowNanos);
    return token(ip, current);
  }

  /** Whether {@code token} was handed to {@code ip} under the current or the previous secret. */
  public boolean isValid(byte[] token, InetAddress ip, long nowNanos) {
    maybeRotate(nowNanos);
    return token != null
        && (MessageDigest.isEqual(token, token(ip, current)) || MessageDigest.isEqual(token, token(ip, previous)));
  }

  private static byte[] token(InetAddress ip, byte[] secret) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(ip.getAddress());
      sha1.update(secret);
      return Arrays.copyOf(sha1.digest(), TOKEN_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JDK", e);
    }
  }
}
