package dev.reel.engine.wire.mse;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of an MSE RC4 stream: the JDK's {@code ARCFOUR} cipher keyed with a 20-byte key, with the first
 * {@link #DISCARD} bytes of keystream thrown away as the spec requires. Encrypting and decrypting are the same
 * operation. Not thread-safe: one instance per direction, used by one thread at a time.
 */
public final class Rc4 {
  /** Keystream bytes dropped after keying (MSE: "RC4-drop1024"). */
  public static final int DISCARD = 1024;

  private final Cipher cipher;

  /** Keys the cipher and drops the first {@link #DISCARD} bytes. */
  public Rc4(byte[] key) {
    try {
      cipher = Cipher.getInstance("ARCFOUR");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no ARCFOUR (RC4) cipher", e);
    }
    byte[] drop = new byte[DISCARD];
    apply(drop, 0, DISCARD);
  }

  /** Encrypts (or decrypts) {@code len} bytes of {@code b} from {@code off} in place. */
  public void apply(byte[] b, int off, int len) {
    if (len == 0) {
      return;
    }
    try {
      int n = cipher.update(b, off, len, b, off);
      if (n != len) {
        throw new IllegalStateException("ARCFOUR returned " + n + " of " + len + " bytes");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ARCFOUR failed", e);
    }
  }

  /** Encrypts (or decrypts) a copy of {@code b}. */
  public byte[] apply(byte[] b) {
    byte[] out = b.clone();
    apply(out, 0, out.length);
    return out;
  }
}
