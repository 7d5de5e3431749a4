package dev.reel.engine.stream;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What a {@link TorrentReader} needs from the torrent it reads: verified-piece waits, storage reads, and a place to
 * report its window. Implemented by the engine's session; a fake in tests. Must be thread-safe.
 */
public interface ReaderHost {

  /**
   * Blocks until the piece is downloaded and hash-verified, or {@code timeoutNanos} passed.
   *
   * @return true if the piece is verified, false on timeout
   * @throws IOException if it can never be (the torrent was removed or failed)
   * @throws InterruptedException if the waiting thread is interrupted
   */
  boolean awaitVerified(int piece, long timeoutNanos) throws IOException, InterruptedException;

  /** Reads {@code dst.remaining()} bytes of a verified piece at {@code offset} inside it. */
  void read(int piece, int offset, ByteBuffer dst) throws IOException;

  /** The reader's window changed (it opened, moved to another piece, seeked or its readahead grew). */
  void windowChanged(TorrentReader reader);

  /** The reader was closed: its window no longer counts. Called once. */
  void closed(TorrentReader reader);

  /** The byte rate of the file's stream from its container (length / duration), or 0 if unknown yet. */
  double bitrateHint(int fileIndex);
}
