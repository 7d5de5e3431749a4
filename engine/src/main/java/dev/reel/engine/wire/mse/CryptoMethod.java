package dev.reel.engine.wire.mse;

import java.util.Collection;

/**
 * The payload encodings MSE negotiates: the bits of {@code crypto_provide} (the initiator's offer) and
 * {@code crypto_select} (the responder's choice, exactly one bit).
 */
public enum CryptoMethod {
  /** 0x01: after the handshake the BitTorrent stream is sent as is (only the handshake is obfuscated). */
  PLAINTEXT(0x01),
  /** 0x02: the whole stream stays RC4-encrypted. */
  RC4(0x02);

  private final int bit;

  CryptoMethod(int bit) {
    this.bit = bit;
  }

  /** The bit on the wire. */
  public int bit() {
    return bit;
  }

  /** The union of the methods' bits. */
  public static int bits(Collection<CryptoMethod> methods) {
    int b = 0;
    for (CryptoMethod m : methods) {
      b |= m.bit;
    }
    return b;
  }

  /** The method whose bit is exactly {@code bits}, or null (zero or several bits, or an unknown one). */
  public static CryptoMethod ofSelect(int bits) {
    for (CryptoMethod m : values()) {
      if (m.bit == bits) {
        return m;
      }
    }
    return null;
  }
}
