package dev.reel.engine.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Locates the top-level Matroska/WebM elements a player reads before the first frame (Matroska spec,
 * draft-ietf-cellar-matroska §5–§6): the EBML header, the Segment header and its SeekHead, then — via the
 * SeekHead's positions, which are relative to the Segment's data — Info, Tracks, Cues (often at the end),
 * Chapters, Tags, Attachments and any further SeekHead. Reads element headers only, plus the SeekHead and Info payloads (bounded).
 * Elements before the first Cluster are also found by walking headers, in case the SeekHead is missing.
 */
final class MatroskaLayout {

  static final long EBML = 0x1A45DFA3L;
  static final long DOC_TYPE = 0x4282L;
  static final long SEGMENT = 0x18538067L;
  static final long SEEK_HEAD = 0x114D9B74L;
  static final long SEEK = 0x4DBBL;
  static final long SEEK_ID = 0x53ABL;
  static final long SEEK_POSITION = 0x53ACL;
  static final long INFO = 0x1549A966L;
  static final long TIMESTAMP_SCALE = 0x2AD7B1L;
  static final long DURATION = 0x4489L;
  static final long TRACKS = 0x1654AE6BL;
  static final long CUES = 0x1C53BB6BL;
  static final long CHAPTERS = 0x1043A770L;
  static final long TAGS = 0x1254C367L;
  static final long ATTACHMENTS = 0x1941A469L;
  static final long CLUSTER = 0x1F43B675L;

  /** The elements returned, in the order a player needs them. */
  private static final List<Long> WANTED = List.of(INFO, TRACKS, CUES, CHAPTERS, TAGS, ATTACHMENTS);

  /** Top-level elements skipped before the Segment (Void, CRC-32, a second EBML header...). */
  static final int MAX_ELEMENTS_BEFORE_SEGMENT = 16;
  /** Segment children walked by header before the first Cluster. */
  static final int MAX_LEADING_CHILDREN = 64;
  /** SeekHeads followed (the first may point at a second one). */
  static final int MAX_SEEK_HEADS = 4;
  /** SeekHead entries followed per SeekHead (each costs one header read). */
  static final int MAX_SEEK_ENTRIES = 64;
  /** A SeekHead or Info payload larger than this is not read. */
  static final int MAX_PAYLOAD_BYTES = Reads.MAX_READ_BYTES;

  private MatroskaLayout() {}

  static Layout parse(RangeSource src) throws IOException {
    long length = src.length();
    Ebml.Element segment = findSegment(src, length);
    long base = segment.data();
    long segEnd = segment.end(length);

    Map<Long, Ebml.Element> found = new LinkedHashMap<>();
    Deque<Long> seekHeads = new ArrayDeque<>();
    List<Long> seekHeadsSeen = new ArrayList<>();
    List<ByteRange> moreSeekHeads = new ArrayList<>();
    long headEnd = segment.data();

    // Walk the Segment's leading children by header until the first Cluster.
    long pos = base;
    for (int i = 0; i < MAX_LEADING_CHILDREN && pos < segEnd; i++) {
      Ebml.Element e = Ebml.readElement(src, pos, segEnd);
      if (e.id() == CLUSTER || e.size() == Ebml.UNKNOWN_SIZE) {
        break;
      }
      if (e.id() == SEEK_HEAD && seekHeads.isEmpty() && seekHeadsSeen.isEmpty()) {
        seekHeads.add(e.start());
        headEnd = e.end(segEnd);
      } else if (WANTED.contains(e.id())) {
        found.putIfAbsent(e.id(), e);
      }
      pos = e.end(segEnd);
    }

    // Follow SeekHeads to whatever the walk did not reach (typically Cues after the Clusters).
    while (!seekHeads.isEmpty() && seekHeadsSeen.size() < MAX_SEEK_HEADS) {
      long at = seekHeads.poll();
      seekHeadsSeen.add(at);
      Ebml.Element head = Ebml.readElement(src, at, segEnd);
      if (head.id() != SEEK_HEAD) {
        continue;
      }
      if (seekHeadsSeen.size() > 1) {
        moreSeekHeads.add(ByteRange.of(head.start(), head.end(segEnd)));
      }
      for (Seek seek : seekEntries(src, head, base)) {
        if (seek.position() >= segEnd || found.containsKey(seek.id())) {
          continue; // dangling, or already located by the walk
        }
        Ebml.Element e = Ebml.readElement(src, seek.position(), segEnd);
        if (e.id() != seek.id()) {
          continue; // the SeekHead lies; do not trust it
        }
        if (e.id() == SEEK_HEAD && e.size() != Ebml.UNKNOWN_SIZE && !seekHeadsSeen.contains(e.start())
            && !seekHeads.contains(e.start())) {
          seekHeads.add(e.start());
        } else if (WANTED.contains(e.id()) && e.size() != Ebml.UNKNOWN_SIZE) {
          found.putIfAbsent(e.id(), e);
        }
      }
    }

    List<ByteRange> ranges = new ArrayList<>();
    ranges.add(ByteRange.of(0, headEnd));
    for (long id : WANTED) {
      Ebml.Element e = found.get(id);
      if (e != null) {
        ranges.add(ByteRange.of(e.start(), e.end(segEnd)));
      }
    }
    ranges.addAll(moreSeekHeads);
    Optional<Duration> duration = Optional.empty();
    if (found.containsKey(INFO)) {
      try {
        duration = infoDuration(src, found.get(INFO));
      } catch (MalformedMediaException e) {
        // A broken Info costs the duration hint, not the ranges.
      }
    }
    return new Layout(ranges, duration, !found.containsKey(CUES));
  }

  /** Skips the EBML header (and any other element) to the Segment's header. */
  private static Ebml.Element findSegment(RangeSource src, long length) throws IOException {
    long pos = 0;
    for (int i = 0; i < MAX_ELEMENTS_BEFORE_SEGMENT && pos < length; i++) {
      Ebml.Element e = Ebml.readElement(src, pos, length);
      if (i == 0 && e.id() != EBML) {
        throw new MalformedMediaException("matroska", 0, "no EBML header");
      }
      if (e.id() == SEGMENT) {
        return e;
      }
      if (e.size() == Ebml.UNKNOWN_SIZE) {
        break;
      }
      pos = e.end(length);
    }
    throw new MalformedMediaException("matroska", pos, "no Segment element");
  }

  /** One SeekHead entry: the ID of the element and its absolute position. */
  private record Seek(long id, long position) {}

  /**
   * The entries of a SeekHead that name a wanted element or another SeekHead (each SeekPosition is relative to
   * the Segment data); entries for Clusters and anything else are dropped before any read.
   */
  private static List<Seek> seekEntries(RangeSource src, Ebml.Element head, long base) throws IOException {
    if (head.size() == Ebml.UNKNOWN_SIZE || head.size() > MAX_PAYLOAD_BYTES) {
      throw new MalformedMediaException("matroska", head.start(), "SeekHead of " + head.size() + " bytes");
    }
    ByteBuffer p = Reads.upTo(src, head.data(), (int) head.size());
    List<Seek> out = new ArrayList<>();
    int at = 0;
    while (at < p.limit() && out.size() < MAX_SEEK_ENTRIES) {
      Ebml.Element seek = Ebml.parseElement(p, at, head.data(), head.end(0));
      if (seek.size() == Ebml.UNKNOWN_SIZE) {
        break;
      }
      int next = (int) (seek.end(0) - head.data());
      if (seek.id() == SEEK) {
        long id = -1;
        long rel = -1;
        int c = (int) (seek.data() - head.data());
        while (c < next) {
          Ebml.Element child = Ebml.parseElement(p, c, head.data(), seek.end(0));
          if (child.size() == Ebml.UNKNOWN_SIZE) {
            break;
          }
          int d = (int) (child.data() - head.data());
          if (child.id() == SEEK_ID && child.size() >= 1 && child.size() <= 4) {
            id = Ebml.uint(p, d, (int) child.size(), child.start());
          } else if (child.id() == SEEK_POSITION && child.size() >= 1 && child.size() <= 8) {
            rel = Ebml.uint(p, d, (int) child.size(), child.start());
          }
          c = d + (int) child.size();
        }
        if ((id == SEEK_HEAD || WANTED.contains(id)) && rel >= 0 && rel < src.length() - base) {
          out.add(new Seek(id, base + rel));
        }
      }
      at = next;
    }
    return out;
  }

  /** Info's Duration (a float, in TimestampScale nanoseconds; default scale 1,000,000). */
  private static Optional<Duration> infoDuration(RangeSource src, Ebml.Element info) throws IOException {
    if (info.size() == Ebml.UNKNOWN_SIZE || info.size() > MAX_PAYLOAD_BYTES) {
      return Optional.empty();
    }
    ByteBuffer p = Reads.upTo(src, info.data(), (int) info.size());
    long scale = 1_000_000;
    double duration = -1;
    int at = 0;
    while (at < p.limit()) {
      Ebml.Element e = Ebml.parseElement(p, at, info.data(), info.end(0));
      if (e.size() == Ebml.UNKNOWN_SIZE) {
        break;
      }
      int d = (int) (e.data() - info.data());
      if (e.id() == TIMESTAMP_SCALE && e.size() >= 1 && e.size() <= 8) {
        scale = Ebml.uint(p, d, (int) e.size(), e.start());
      } else if (e.id() == DURATION && e.size() == 4) {
        duration = p.getFloat(d);
      } else if (e.id() == DURATION && e.size() == 8) {
        duration = p.getDouble(d);
      }
      at = d + (int) e.size();
    }
    if (scale <= 0 || duration <= 0) {
      return Optional.empty();
    }
    return Reads.duration(duration * scale / 1e9);
  }

  /** DocType from an EBML header at the start of {@code head}, or null when absent or unreadable. */
  static String docType(ByteBuffer head) {
    try {
      Ebml.Element ebml = Ebml.parseElement(head, 0, 0, Long.MAX_VALUE);
      if (ebml.id() != EBML || ebml.size() == Ebml.UNKNOWN_SIZE) {
        return null;
      }
      long end = Math.min(ebml.end(0), head.limit());
      int at = (int) ebml.data();
      while (at < end) {
        Ebml.Element e = Ebml.parseElement(head, at, 0, end);
        if (e.size() == Ebml.UNKNOWN_SIZE) {
          return null;
        }
        if (e.id() == DOC_TYPE) {
          byte[] b = new byte[(int) e.size()];
          head.get((int) e.data(), b);
          return new String(b, java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "");
        }
        at = (int) e.end(0);
      }
    } catch (MalformedMediaException e) {
      return null;
    }
    return null;
  }
}
