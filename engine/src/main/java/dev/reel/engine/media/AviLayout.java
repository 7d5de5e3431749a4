package dev.reel.engine.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Locates the {@code hdrl} list and the legacy {@code idx1} index of an AVI file (Microsoft "AVI RIFF File
 * Reference") by walking the RIFF chunk headers of the first {@code RIFF 'AVI '} form: 8 bytes each (12 for a
 * {@code LIST}), sizes little-endian, payloads padded to an even length. {@code idx1} follows {@code movi}, so
 * finding it costs one header read at the end of {@code movi}.
 *
 * <p>OpenDML files (over 1 GiB, {@code RIFF 'AVIX'} extensions) keep an {@code indx} super-index inside
 * {@code hdrl}, which the head covers; their per-stream {@code ix##} chunks are spread through {@code movi} and
 * are not located here.
 */
final class AviLayout {

  /** Top-level chunks of the RIFF form walked before giving up (real files: hdrl, INFO, JUNK, movi, idx1). */
  static final int MAX_CHUNKS = 256;

  private static final int RIFF = Reads.fourCc("RIFF");
  private static final int AVI = Reads.fourCc("AVI ");
  private static final int LIST = Reads.fourCc("LIST");
  private static final int HDRL = Reads.fourCc("hdrl");
  private static final int AVIH = Reads.fourCc("avih");
  private static final int IDX1 = Reads.fourCc("idx1");

  private AviLayout() {}

  static Layout parse(RangeSource src) throws IOException {
    long length = src.length();
    ByteBuffer riff = Reads.upTo(src, 0, 12);
    if (riff.limit() < 12 || riff.getInt(0) != RIFF || riff.getInt(8) != AVI) {
      throw new MalformedMediaException("avi", 0, "no RIFF 'AVI ' header");
    }
    long riffSize = Integer.toUnsignedLong(riff.order(ByteOrder.LITTLE_ENDIAN).getInt(4));
    // Writers that crashed leave 0; a size beyond the file is a truncated or lying header: walk to the end.
    long riffEnd = riffSize < 4 || riffSize > length - 8 ? length : 8 + riffSize;

    List<ByteRange> ranges = new ArrayList<>();
    Optional<Duration> duration = Optional.empty();
    boolean idx1 = false;
    long pos = 12;
    for (int i = 0; i < MAX_CHUNKS && riffEnd - pos >= 8; i++) {
      ByteBuffer h = Reads.upTo(src, pos, 12).order(ByteOrder.LITTLE_ENDIAN);
      int id = h.order(ByteOrder.BIG_ENDIAN).getInt(0);
      long size = Integer.toUnsignedLong(h.order(ByteOrder.LITTLE_ENDIAN).getInt(4));
      if (size > length - pos - 8) {
        throw new MalformedMediaException("avi", pos, "chunk '" + Reads.fourCc(id) + "' size " + size
            + " does not fit in the " + (length - pos - 8) + " bytes left");
      }
      long end = Math.min(length, pos + 8 + size + (size & 1));
      if (id == LIST && h.limit() >= 12 && h.order(ByteOrder.BIG_ENDIAN).getInt(8) == HDRL) {
        ranges.add(ByteRange.of(pos, end));
        duration = avihDuration(src, pos + 12, end);
      } else if (id == IDX1) {
        ranges.add(ByteRange.of(pos, end));
        idx1 = true;
        break;
      }
      pos = end;
    }
    return new Layout(ranges, duration, !idx1);
  }

  /** dwMicroSecPerFrame × dwTotalFrames from the main AVI header, if it opens {@code hdrl}. */
  private static Optional<Duration> avihDuration(RangeSource src, long pos, long end) throws IOException {
    if (end - pos < 8 + 20) {
      return Optional.empty();
    }
    ByteBuffer h = Reads.upTo(src, pos, 8 + 20).order(ByteOrder.LITTLE_ENDIAN);
    if (h.order(ByteOrder.BIG_ENDIAN).getInt(0) != AVIH) {
      return Optional.empty();
    }
    h.order(ByteOrder.LITTLE_ENDIAN);
    long microsPerFrame = Integer.toUnsignedLong(h.getInt(8));
    long frames = Integer.toUnsignedLong(h.getInt(8 + 16));
    return Reads.duration(microsPerFrame * (double) frames / 1e6);
  }
}
