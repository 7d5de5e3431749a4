package dev.reel.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * SHA-1 of pieces (BEP 3: each piece is checked against the 20-byte hash in the info dictionary).
 *
 * <p>Thread-safety: safe for concurrent use. The digest and read buffer are reused across calls from a small shared
 * pool rather than thread-locals, so callers on short-lived virtual threads reuse them too.
 */
public final class PieceHasher {
  /** Bytes read from storage per step while hashing. */
  static final int CHUNK = 128 * 1024;
  /** Scratch sets (digest + buffer) kept for reuse; more concurrent callers allocate and drop their own. */
  private static final int POOL_SIZE = 8;
  private static final ArrayBlockingQueue<Scratch> POOL = new ArrayBlockingQueue<>(POOL_SIZE);

  private static final class Scratch {
    final MessageDigest sha1 = newSha1();
    final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
  }

  private PieceHasher() {}

  /**
   * SHA-1 of {@code piece} as stored.
   *
   * @throws IOException if any byte of the piece cannot be read (a {@link MissingDataException} if it is not stored)
   */
  public static byte[] sha1(Storage storage, StorageLayout layout, int piece) throws IOException {
    int size = layout.pieceSize(piece);
    Scratch s = take();
    try {
      s.sha1.reset();
      for (int at = 0; at < size; ) {
        int n = Math.min(CHUNK, size - at);
        ByteBuffer b = s.buffer.clear().limit(n);
        storage.read(piece, at, b);
        s.sha1.update(s.buffer.array(), 0, n);
        at += n;
      }
      return s.sha1.digest();
    } finally {
      give(s);
    }
  }

  /** SHA-1 of the remaining bytes of {@code data}, which is consumed. */
  public static byte[] sha1(ByteBuffer data) {
    Scratch s = take();
    try {
      s.sha1.reset();
      s.sha1.update(data);
      return s.sha1.digest();
    } finally {
      give(s);
    }
  }

  /**
   * Whether {@code piece} as stored hashes to {@code expectedSha1}. A piece whose bytes are not stored fails the
   * check (returns false) rather than throwing.
   *
   * @throws IOException if reading fails for another reason than missing data
   */
  public static boolean verify(Storage storage, StorageLayout layout, int piece, byte[] expectedSha1)
      throws IOException {
    if (expectedSha1 == null || expectedSha1.length != 20) {
      throw new IllegalArgumentException("a piece hash has 20 bytes");
    }
    try {
      return MessageDigest.isEqual(sha1(storage, layout, piece), expectedSha1);
    } catch (MissingDataException e) {
      return false;
    }
  }

  private static Scratch take() {
    Scratch s = POOL.poll();
    return s != null ? s : new Scratch();
  }

  private static void give(Scratch s) {
    POOL.offer(s);
  }

  private static MessageDigest newSha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JDK", e);
    }
  }
}
