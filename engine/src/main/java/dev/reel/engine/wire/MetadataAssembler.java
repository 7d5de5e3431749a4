package dev.reel.engine.wire;

import dev.reel.engine.metainfo.InfoHash;
import java.util.Arrays;
import java.util.BitSet;
import java.util.OptionalInt;

/**
 * Collects the {@link MetadataMessage#BLOCK_SIZE} blocks of a torrent's info dictionary fetched with ut_metadata
 * (BEP 9) and verifies them against the info-hash. Thread-safe: one assembler per torrent may be fed by every peer
 * connection.
 *
 * <p>Request scheduling, kept simple: {@link #nextToRequest(long, long)} hands out the lowest block that is neither
 * received nor requested within the last {@code timeoutNanos}, and marks it requested at {@code nowNanos}; so several
 * peers asking in turn get different blocks, and a block whose peer never answered is handed out again after the
 * timeout. Call {@link #released(int)} when a peer rejects a block or disconnects, so it is handed out at once.
 * {@link #nextMissing()} is the plain query: the lowest block not yet received, requested or not.
 *
 * <p>When the last block arrives the whole dictionary is hashed. On a mismatch every block is discarded (we cannot
 * tell which peer lied), {@link #hashFailures()} goes up and fetching starts over.
 */
public final class MetadataAssembler {
  /** Largest info dictionary accepted: 16 MiB (libtorrent's limit). */
  public static final int MAX_METADATA = 16 * 1024 * 1024;

  private final InfoHash infoHash;
  private final int totalSize;
  private final int blockCount;
  private final byte[] buffer;
  private final BitSet received;
  private final BitSet requested;
  private final long[] requestedAt;
  private boolean complete;
  private int hashFailures;

  /**
   * @param totalSize the {@code metadata_size} from the peer's extension handshake
   * @throws IllegalArgumentException if {@code totalSize} is not in 1..{@link #MAX_METADATA}; check {@link
   *     #isValidSize} first for sizes from peers
   */
  public MetadataAssembler(InfoHash infoHash, int totalSize) {
    if (!isValidSize(totalSize)) {
      throw new IllegalArgumentException("metadata size " + totalSize + " out of range 1.." + MAX_METADATA);
    }
    this.infoHash = infoHash;
    this.totalSize = totalSize;
    this.blockCount = blockCount(totalSize);
    this.buffer = new byte[totalSize];
    this.received = new BitSet(blockCount);
    this.requested = new BitSet(blockCount);
    this.requestedAt = new long[blockCount];
  }

  /** True for a metadata size we are willing to fetch: 1..{@link #MAX_METADATA}. */
  public static boolean isValidSize(long totalSize) {
    return totalSize > 0 && totalSize <= MAX_METADATA;
  }

  /** Number of blocks of a dictionary of {@code totalSize} bytes. */
  public static int blockCount(int totalSize) {
    return (int) ((totalSize + (long) MetadataMessage.BLOCK_SIZE - 1) / MetadataMessage.BLOCK_SIZE);
  }

  /** Length of block {@code piece}, or -1 if there is no such block. */
  static int blockLength(int totalSize, int piece) {
    long start = (long) piece * MetadataMessage.BLOCK_SIZE;
    if (piece < 0 || start >= totalSize) {
      return -1;
    }
    return (int) Math.min(MetadataMessage.BLOCK_SIZE, totalSize - start);
  }

  /**
   * Block {@code piece} of an info dictionary, for serving ut_metadata requests.
   *
   * @throws IllegalArgumentException if the dictionary has no such block (answer with a reject)
   */
  public static byte[] block(byte[] info, int piece) {
    int n = blockLength(info.length, piece);
    if (n < 0) {
      throw new IllegalArgumentException("no metadata block " + piece + " in " + info.length + " bytes");
    }
    int start = piece * MetadataMessage.BLOCK_SIZE;
    return Arrays.copyOfRange(info, start, start + n);
  }

  public InfoHash infoHash() {
    return infoHash;
  }

  public int totalSize() {
    return totalSize;
  }

  public int blockCount() {
    return blockCount;
  }

  /**
   * Adds a received block. Duplicates, and anything after completion, are ignored.
   *
   * @return true exactly once: when this block completed the dictionary and its SHA-1 matched the info-hash. False
   *     otherwise, including when the hash did not match (then everything was discarded; see {@link #hashFailures})
   * @throws ProtocolException if there is no such block or {@code data} has the wrong size for it
   */
  public synchronized boolean add(int piece, byte[] data) throws ProtocolException {
    int expected = blockLength(totalSize, piece);
    if (expected < 0) {
      throw new ProtocolException("metadata block " + piece + " does not exist in " + totalSize + " bytes");
    }
    if (data.length != expected) {
      throw new ProtocolException("metadata block " + piece + " must have " + expected + " bytes, not " + data.length);
    }
    if (complete || received.get(piece)) {
      return false;
    }
    System.arraycopy(data, 0, buffer, piece * MetadataMessage.BLOCK_SIZE, data.length);
    received.set(piece);
    requested.clear(piece);
    if (received.cardinality() < blockCount) {
      return false;
    }
    if (InfoHash.ofInfoBytes(buffer).equals(infoHash)) {
      complete = true;
      return true;
    }
    hashFailures++;
    received.clear();
    requested.clear();
    return false;
  }

  /** The lowest block not received yet, whether requested or not; empty once complete. */
  public synchronized OptionalInt nextMissing() {
    int next = received.nextClearBit(0);
    return complete || next >= blockCount ? OptionalInt.empty() : OptionalInt.of(next);
  }

  /**
   * The lowest block that is not received and not requested within the last {@code timeoutNanos}; it is marked
   * requested at {@code nowNanos}. Empty when every missing block is already requested (or all are received).
   */
  public synchronized OptionalInt nextToRequest(long nowNanos, long timeoutNanos) {
    if (complete) {
      return OptionalInt.empty();
    }
    for (int i = received.nextClearBit(0); i < blockCount; i = received.nextClearBit(i + 1)) {
      if (!requested.get(i) || nowNanos - requestedAt[i] >= timeoutNanos) {
        requested.set(i);
        requestedAt[i] = nowNanos;
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  /** Forgets that a block was requested (the peer rejected it or went away), so it is handed out again. */
  public synchronized void released(int piece) {
    if (piece >= 0 && piece < blockCount) {
      requested.clear(piece);
    }
  }

  public synchronized boolean isComplete() {
    return complete;
  }

  /** Blocks received so far (resets to 0 after a hash failure). */
  public synchronized int receivedBlocks() {
    return received.cardinality();
  }

  /** How many times the assembled dictionary did not match the info-hash. */
  public synchronized int hashFailures() {
    return hashFailures;
  }

  /**
   * A copy of the verified info dictionary.
   *
   * @throws IllegalStateException if not {@link #isComplete()}
   */
  public synchronized byte[] result() {
    if (!complete) {
      throw new IllegalStateException("metadata incomplete: " + received.cardinality() + " of " + blockCount + " blocks");
    }
    return buffer.clone();
  }
}
