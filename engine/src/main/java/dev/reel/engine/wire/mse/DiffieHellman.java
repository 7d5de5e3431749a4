package dev.reel.engine.wire.mse;

import dev.reel.engine.wire.ProtocolException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * One side's Diffie-Hellman key pair over the MSE group: the 768-bit prime {@link #P} and generator {@link #G} = 2,
 * with a random 160-bit private exponent as the spec asks. Public keys and the shared secret are
 * {@link #KEY_LENGTH} bytes, big-endian, left-padded with zeros. Immutable.
 */
public final class DiffieHellman {
  /** Bytes of a public key (Ya, Yb) and of the shared secret S. */
  public static final int KEY_LENGTH = 96;
  /** Bits of a private exponent (the spec: "Xa and Xb are a variable size random integers ... 160 bits"). */
  public static final int PRIVATE_BITS = 160;
  /** The spec's prime P (768 bits, the Oakley group 1 prime). */
  public static final BigInteger P = new BigInteger(
      "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A43"
          + "1B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A63A36210000000000090563", 16);
  /** The generator G = 2. */
  public static final BigInteger G = BigInteger.TWO;

  private final BigInteger privateKey;
  private final byte[] publicKey;

  private DiffieHellman(BigInteger privateKey) {
    this.privateKey = privateKey;
    this.publicKey = toBytes(G.modPow(privateKey, P));
  }

  /** A fresh key pair. */
  public static DiffieHellman generate(SecureRandom random) {
    BigInteger x;
    do {
      x = new BigInteger(PRIVATE_BITS, random);
    } while (x.bitLength() < PRIVATE_BITS / 2);
    return new DiffieHellman(x);
  }

  /** Ya or Yb as sent: {@link #KEY_LENGTH} bytes. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * S from the other side's public key. A key outside 2..P-2 (which would make S guessable) fails with a
   * {@link ProtocolException}.
   */
  public byte[] sharedSecret(byte[] theirPublicKey) throws ProtocolException {
    if (theirPublicKey.length != KEY_LENGTH) {
      throw new ProtocolException("a Diffie-Hellman key has " + KEY_LENGTH + " bytes, not " + theirPublicKey.length);
    }
    BigInteger y = new BigInteger(1, theirPublicKey);
    if (y.compareTo(BigInteger.TWO) < 0 || y.compareTo(P.subtract(BigInteger.TWO)) > 0) {
      throw new ProtocolException("peer's Diffie-Hellman key is out of range (not in 2..P-2)");
    }
    return toBytes(y.modPow(privateKey, P));
  }

  static byte[] toBytes(BigInteger v) {
    byte[] raw = v.toByteArray();
    if (raw.length == KEY_LENGTH) {
      return raw;
    }
    if (raw.length > KEY_LENGTH) { // a leading sign byte
      return Arrays.copyOfRange(raw, raw.length - KEY_LENGTH, raw.length);
    }
    byte[] out = new byte[KEY_LENGTH];
    System.arraycopy(raw, 0, out, KEY_LENGTH - raw.length, raw.length);
    return out;
  }
}
