package dev.reel.engine.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container-aware start: which byte ranges of a video file a player reads before its first frame, found by
 * parsing the container's structure rather than guessing — the MP4 {@code moov} (often at the end), the
 * Matroska SeekHead, Info, Tracks and Cues, the AVI {@code hdrl} and {@code idx1}.
 *
 * <p>Reads as little as possible because every read may block on the network: a {@value #DETECT_BYTES}-byte
 * prefix, then box/element/chunk headers (at most 32 bytes each; those inside the prefix are not read again)
 * and two small Matroska payloads (SeekHead, Info), never a media payload. Every walk is bounded by a named
 * constant and every size is checked against the file length, so hostile input cannot cause a hang or a large
 * read.
 *
 * <p>Stateless and thread-safe; the methods block for as long as the {@link RangeSource} does.
 */
public final class ContainerProbe {

  /** Bytes read to detect the container. */
  public static final int DETECT_BYTES = 4096;
  /** Default length of the head range: the start of the stream that a player probes and decodes first. */
  public static final long DEFAULT_HEAD_BYTES = 1024 * 1024;
  /** Length of the tail range fetched when the index cannot be located (players often probe the end). */
  public static final long TAIL_BYTES = 1024 * 1024;
  /** MPEG-TS packets checked for the sync byte. */
  static final int TS_PACKETS_CHECKED = 5;

  private static final Logger log = LoggerFactory.getLogger(ContainerProbe.class);

  private ContainerProbe() {}

  /**
   * Detects the container from the first bytes of a file (the remaining bytes of {@code head}; its position is
   * not changed). {@value #DETECT_BYTES} bytes are plenty; fewer may yield {@link Container#UNKNOWN}.
   */
  public static Container detect(ByteBuffer head) {
    ByteBuffer b = head.slice().order(ByteOrder.BIG_ENDIAN);
    int n = b.limit();
    if (n >= 8) {
      int type = b.getInt(4);
      long size = Integer.toUnsignedLong(b.getInt(0));
      if (type == Reads.fourCc("ftyp") && (size >= 8 || size == 1)) {
        return Container.MP4;
      }
      if (Mp4Layout.isBareQuickTimeStart(type) && (size >= 8 || size == 0 || size == 1)) {
        return Container.MP4;
      }
    }
    if (n >= 4 && Integer.toUnsignedLong(b.getInt(0)) == MatroskaLayout.EBML) {
      String docType = MatroskaLayout.docType(b);
      return "webm".equals(docType) ? Container.WEBM : Container.MATROSKA;
    }
    if (n >= 12 && b.getInt(0) == Reads.fourCc("RIFF") && b.getInt(8) == Reads.fourCc("AVI ")) {
      return Container.AVI;
    }
    if (isTransportStream(b, 0, 188) || isTransportStream(b, 4, 192)) {
      return Container.MPEG_TS;
    }
    return Container.UNKNOWN;
  }

  private static boolean isTransportStream(ByteBuffer b, int first, int packet) {
    int packets = Math.min(TS_PACKETS_CHECKED, (b.limit() - first + packet - 1) / packet);
    if (packets < 2) {
      return false;
    }
    for (int i = 0; i < packets; i++) {
      if (b.get(first + i * packet) != 0x47) {
        return false;
      }
    }
    return true;
  }

  /** The critical ranges of {@code src} with the default head; see {@link #probe(RangeSource, long)}. */
  public static List<ByteRange> criticalRanges(RangeSource src) throws IOException {
    return probe(src).criticalRanges();
  }

  /** {@link #probe(RangeSource, long)} with {@link #DEFAULT_HEAD_BYTES}. */
  public static ProbeResult probe(RangeSource src) throws IOException {
    return probe(src, DEFAULT_HEAD_BYTES);
  }

  /**
   * Detects the container and locates the ranges a player needs first, in that order: the head
   * ({@code headBytes}, extended to cover a leading index such as a faststart {@code moov}), then
   * <ul>
   *   <li>MP4: the whole {@code moov} box, wherever it is;
   *   <li>Matroska/WebM: EBML header + Segment header + SeekHead, Info, Tracks, Cues, Chapters, Tags and
   *       Attachments as located by the SeekHead (and the tail when no Cues are found);
   *   <li>AVI: the {@code hdrl} list and the {@code idx1} chunk (and the tail when there is no idx1);
   *   <li>MPEG-TS: nothing more;
   *   <li>unknown: the last {@value #TAIL_BYTES} bytes.
   * </ul>
   * Overlapping and adjacent ranges are merged into the earlier one. A container whose structure is broken is
   * not an error: the result then holds the head and the tail, and {@link ProbeResult#problem()} says what was
   * wrong and where.
   *
   * @throws IOException only if {@code src} fails to read
   */
  public static ProbeResult probe(RangeSource src, long headBytes) throws IOException {
    if (headBytes <= 0) {
      throw new IllegalArgumentException("headBytes must be positive: " + headBytes);
    }
    long length = src.length();
    if (length < 0) {
      throw new IOException("negative length " + length);
    }
    ByteBuffer prefix = Reads.upTo(src, 0, (int) Math.min(DETECT_BYTES, length));
    Container container = detect(prefix);
    RangeSource cached = new PrefixCachedSource(src, prefix); // headers in the prefix cost no second read
    ByteRange head = new ByteRange(0, headBytes).clamp(length);
    ByteRange tail = ByteRange.of(Math.max(0, length - TAIL_BYTES), length);
    try {
      Layout layout = switch (container) {
        case MP4 -> Mp4Layout.parse(cached);
        case MATROSKA, WEBM -> MatroskaLayout.parse(cached);
        case AVI -> AviLayout.parse(cached);
        case MPEG_TS -> new Layout(List.of(), Optional.empty(), false);
        case UNKNOWN -> new Layout(List.of(), Optional.empty(), true);
      };
      List<ByteRange> ranges = new ArrayList<>();
      ranges.add(head);
      ranges.addAll(layout.ranges());
      if (layout.wantsTail()) {
        ranges.add(tail);
      }
      return new ProbeResult(container, length, merge(ranges, length), layout.duration(), Optional.empty());
    } catch (MalformedMediaException e) {
      log.debug("container probe fell back to head + tail: {}", e.getMessage());
      return new ProbeResult(container, length, merge(List.of(head, tail), length), Optional.empty(),
          Optional.of(e.getMessage()));
    }
  }

  /**
   * Clamps to the file, drops empty ranges and merges each range into an earlier one it overlaps or touches,
   * keeping the order of first appearance.
   */
  static List<ByteRange> merge(List<ByteRange> ranges, long length) {
    List<ByteRange> out = new ArrayList<>();
    for (ByteRange r : ranges) {
      ByteRange cur = r.clamp(length);
      if (cur.length() == 0) {
        continue;
      }
      int at = -1;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).touches(cur)) {
          cur = out.get(i).span(cur);
          if (at < 0) {
            at = i;
            out.set(i, cur);
          } else {
            out.remove(i--);
            out.set(at, cur);
          }
        }
      }
      if (at < 0) {
        out.add(cur);
      } else {
        out.set(at, cur);
      }
    }
    return out;
  }

}
