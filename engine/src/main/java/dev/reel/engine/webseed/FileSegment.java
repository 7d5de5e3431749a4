package dev.reel.engine.webseed;

/**
 * A run of bytes of one file that a web seed must serve: {@code length} bytes from {@code fileOffset} in file
 * {@code fileIndex}, which land at {@code bufferOffset} in the caller's buffer for the whole range. Never a padding
 * file (BEP 47: those are zeros, made locally).
 *
 * @param fileIndex index into the torrent's files
 * @param fileOffset first byte within the file
 * @param length bytes, {@code > 0}
 * @param bufferOffset where the bytes go, relative to the start of the requested range
 */
public record FileSegment(int fileIndex, long fileOffset, int length, int bufferOffset) {
  public FileSegment {
    if (fileIndex < 0 || fileOffset < 0 || length <= 0 || bufferOffset < 0) {
      throw new IllegalArgumentException("invalid segment: file " + fileIndex + " offset " + fileOffset + " length "
          + length + " at " + bufferOffset);
    }
  }

  /** The last byte's offset within the file (inclusive), as an HTTP Range needs it. */
  public long lastByte() {
    return fileOffset + length - 1;
  }
}
