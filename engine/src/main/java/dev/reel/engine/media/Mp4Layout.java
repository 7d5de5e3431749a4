package dev.reel.engine.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Finds the {@code moov} box of an ISO base media file (ISO/IEC 14496-12 §4.2) by walking top-level box headers
 * only: 8 bytes each (16 with a 64-bit {@code largesize}), skipping every payload by its declared size. A
 * {@code moov} after {@code mdat} (the default when a muxer does not "faststart") costs one header read at the
 * end of {@code mdat}.
 */
final class Mp4Layout {

  /** Top-level boxes walked before giving up (real files have a handful; fragmented ones put moov first). */
  static final int MAX_TOP_LEVEL_BOXES = 1024;
  /** Children of moov walked looking for mvhd (it is normally the first). */
  static final int MAX_MOOV_CHILDREN = 64;

  private static final int MOOV = Reads.fourCc("moov");
  private static final int MVHD = Reads.fourCc("mvhd");
  private static final int UUID = Reads.fourCc("uuid");

  private Mp4Layout() {}

  /** One box header: where it starts, where its payload starts and where it ends. */
  record Box(int type, long start, long payload, long end) {}

  static Layout parse(RangeSource src) throws IOException {
    long length = src.length();
    long pos = 0;
    for (int i = 0; i < MAX_TOP_LEVEL_BOXES && pos < length; i++) {
      Box box = readBox(src, pos, length);
      if (box.type() == MOOV) {
        Optional<Duration> duration;
        try {
          duration = mvhdDuration(src, box);
        } catch (MalformedMediaException e) {
          duration = Optional.empty(); // a broken child of moov costs the duration hint, not the ranges
        }
        return new Layout(List.of(ByteRange.of(box.start(), box.end())), duration, false);
      }
      pos = box.end();
    }
    if (pos < length) {
      throw new MalformedMediaException("mp4", pos, "no moov within the first " + MAX_TOP_LEVEL_BOXES + " boxes");
    }
    throw new MalformedMediaException("mp4", pos, "no moov box before end of file");
  }

  /** Reads and validates the box header at {@code pos}, which must end within {@code [pos, limit]}. */
  static Box readBox(RangeSource src, long pos, long limit) throws IOException {
    if (limit - pos < 8) {
      throw new MalformedMediaException("mp4", pos, (limit - pos) + " bytes left, too few for a box header");
    }
    ByteBuffer h = Reads.upTo(src, pos, 16);
    long size = Integer.toUnsignedLong(h.getInt(0));
    int type = h.getInt(4);
    long header = 8;
    if (size == 1) {
      if (h.limit() < 16 || limit - pos < 16) {
        throw new MalformedMediaException("mp4", pos, "box '" + Reads.fourCc(type) + "' largesize cut off");
      }
      size = h.getLong(8);
      header = 16;
      if (size < 16) {
        throw new MalformedMediaException("mp4", pos, "box '" + Reads.fourCc(type) + "' largesize " + size + " < 16");
      }
    } else if (size == 0) {
      size = limit - pos; // the box extends to the end of its container / of the file
    } else if (size < 8) {
      throw new MalformedMediaException("mp4", pos, "box '" + Reads.fourCc(type) + "' size " + size + " < 8");
    }
    if (type == UUID) {
      header += 16;
    }
    if (size > limit - pos || size < header) {
      throw new MalformedMediaException("mp4", pos,
          "box '" + Reads.fourCc(type) + "' size " + size + " does not fit in the " + (limit - pos) + " bytes left");
    }
    return new Box(type, pos, pos + header, pos + size);
  }

  /** The movie duration from mvhd (§8.2.2): duration / timescale; empty if absent, unknown or odd. */
  private static Optional<Duration> mvhdDuration(RangeSource src, Box moov) throws IOException {
    long pos = moov.payload();
    for (int i = 0; i < MAX_MOOV_CHILDREN && moov.end() - pos >= 8; i++) {
      Box child = readBox(src, pos, moov.end());
      if (child.type() == MVHD) {
        ByteBuffer p = Reads.upTo(src, child.payload(), (int) Math.min(32, child.end() - child.payload()));
        int version = p.limit() > 0 ? p.get(0) & 0xFF : -1;
        long timescale;
        long duration;
        if (version == 1 && p.limit() >= 32) {
          timescale = Integer.toUnsignedLong(p.getInt(20));
          duration = p.getLong(24);
        } else if (version == 0 && p.limit() >= 20) {
          timescale = Integer.toUnsignedLong(p.getInt(12));
          duration = Integer.toUnsignedLong(p.getInt(16));
          if (duration == 0xFFFF_FFFFL) {
            return Optional.empty(); // "unknown"
          }
        } else {
          return Optional.empty();
        }
        if (timescale == 0 || duration <= 0) {
          return Optional.empty();
        }
        return Reads.duration((double) duration / timescale);
      }
      pos = child.end();
    }
    return Optional.empty();
  }

  /** Whether {@code type} is a top-level box that may start a QuickTime file without an ftyp. */
  static boolean isBareQuickTimeStart(int type) {
    return type == MOOV || type == Reads.fourCc("mdat") || type == Reads.fourCc("wide")
        || type == Reads.fourCc("free") || type == Reads.fourCc("skip") || type == Reads.fourCc("pnot");
  }
}
