package dev.reel.engine.session;

import dev.reel.engine.EngineConfig.Encryption;
import dev.reel.engine.wire.Handshake;
import dev.reel.engine.wire.mse.CryptoMethod;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * The engine's encryption policy applied to the MSE handshake ({@link dev.reel.engine.wire.mse}): what we offer as an
 * initiator, what we select as a responder, and telling an incoming plaintext handshake from an MSE key. Stateless.
 */
final class PeerCrypto {
  /** An MSE handshake (all five steps) must finish within this, however slowly the peer trickles bytes. */
  static final int MSE_HANDSHAKE_TIMEOUT_MS = 10_000;
  /** Bytes that begin a plaintext handshake: 19 and "BitTorrent protocol". */
  static final int PLAINTEXT_PREFIX = 20;

  static final SecureRandom RANDOM = new SecureRandom();

  private static final byte[] PREFIX = ("\u0013" + Handshake.PROTOCOL).getBytes(StandardCharsets.ISO_8859_1);

  private PeerCrypto() {}

  /**
   * What we offer as an initiator, and accept as a responder in order of preference: REQUIRED only RC4; ENABLED
   * plaintext first (only the handshake obfuscated, as libtorrent's default), then RC4; DISABLED nothing.
   */
  static List<CryptoMethod> methods(Encryption policy) {
    return switch (policy) {
      case DISABLED -> List.of();
      case ENABLED -> List.of(CryptoMethod.PLAINTEXT, CryptoMethod.RC4);
      case REQUIRED -> List.of(CryptoMethod.RC4);
    };
  }

  /**
   * True if the connection starts with a plaintext BitTorrent handshake, false if it is something else (an MSE key).
   * Peeks with mark/reset: reads 1 byte, and 20 only when the first is 19, so nothing is consumed. Blocks.
   */
  static boolean startsPlaintext(InputStream in) throws IOException {
    if (!in.markSupported()) {
      throw new IllegalArgumentException("need a stream with mark/reset");
    }
    in.mark(PLAINTEXT_PREFIX);
    byte[] head = in.readNBytes(1);
    if (head.length == 0) {
      throw new java.io.EOFException("stream ended before the handshake");
    }
    if (head[0] != PREFIX[0]) {
      in.reset();
      return false;
    }
    byte[] rest = in.readNBytes(PLAINTEXT_PREFIX - 1);
    in.reset();
    return rest.length == PLAINTEXT_PREFIX - 1 && Arrays.equals(rest, 0, rest.length, PREFIX, 1, PLAINTEXT_PREFIX);
  }
}
