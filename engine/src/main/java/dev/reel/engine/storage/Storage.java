package dev.reel.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Piece-addressed storage of one torrent's data: the narrow seam between the session and the disk (or memory).
 * Blocks are addressed by piece index and offset within the piece and never cross a piece's end; the storage maps
 * them onto files per its {@link StorageLayout}. Padding files (BEP 47) are never written; reads of them return
 * zeros.
 *
 * <p>Thread-safety: implementations are safe for concurrent use; concurrent writes to disjoint blocks are the normal
 * case (several peer threads). Concurrent writes to the same bytes leave one of them, unspecified which.
 *
 * <p>Buffers stay owned by the caller: a call consumes {@code src} / fills {@code dst} from its position to its
 * limit (advancing the position) and keeps no reference to it afterwards. On an exception the buffer's position is
 * unspecified; its limit is restored.
 *
 * <p>Every implementation passes {@code StorageContract} (the shared test).
 */
public interface Storage extends AutoCloseable {

  /**
   * Writes {@code src.remaining()} bytes at {@code offset} in {@code piece}. Blocks until the bytes are handed to the
   * operating system (not necessarily on the device: see {@link #flush()}).
   *
   * @throws IndexOutOfBoundsException if the block does not lie within the piece
   * @throws IOException if the data cannot be written (the message names the file), or the storage is closed
   */
  void write(int piece, int offset, ByteBuffer src) throws IOException;

  /**
   * Reads {@code dst.remaining()} bytes from {@code offset} in {@code piece}, filling {@code dst} fully.
   *
   * @throws IndexOutOfBoundsException if the block does not lie within the piece
   * @throws IOException if any of the bytes is not stored (a file is missing or shorter, or the bytes were never
   *     written): the message says which file and offset; or the storage is closed
   */
  void read(int piece, int offset, ByteBuffer dst) throws IOException;

  /** Forces every byte written so far onto the device. */
  void flush() throws IOException;

  /**
   * How many leading bytes of file {@code fileIndex} (an index into the layout's files) may be readable: for a file
   * store, its size on disk capped at its length. A hint that lets a recheck skip pieces of missing or short files
   * without reading them; the default, {@link Long#MAX_VALUE}, means "unknown, try reading".
   */
  default long availableBytes(int fileIndex) throws IOException {
    return Long.MAX_VALUE;
  }

  /** Releases open files; later reads and writes fail. Idempotent. */
  @Override
  void close() throws IOException;
}
