package dev.reel.engine.media;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * EBML variable-length integers and element headers (RFC 8794 §4–§6): an element ID of 1–4 bytes (marker bits
 * kept), then a data size of 1–8 bytes (marker removed; all value bits set means "unknown size").
 */
final class Ebml {

  static final long UNKNOWN_SIZE = -1;
  /** Largest element header: a 4-byte ID and an 8-byte size. */
  static final int MAX_HEADER_BYTES = 12;

  private Ebml() {}

  /**
   * An element header.
   *
   * @param id the element ID with its marker bits, as written in specifications (e.g. 0x1A45DFA3)
   * @param start offset of the ID
   * @param data offset of the first data byte
   * @param size data size, or {@link #UNKNOWN_SIZE}
   */
  record Element(long id, long start, long data, long size) {
    /** End of the data; for an unknown size, {@code limit}. */
    long end(long limit) {
      return size == UNKNOWN_SIZE ? limit : data + size;
    }
  }

  /** Reads the element header at {@code pos}; its data must end within {@code limit} unless its size is unknown. */
  static Element readElement(RangeSource src, long pos, long limit) throws IOException {
    if (pos >= limit) {
      throw new MalformedMediaException("matroska", pos, "element header past end of parent at " + limit);
    }
    ByteBuffer h = Reads.upTo(src, pos, (int) Math.min(MAX_HEADER_BYTES, limit - pos));
    return parseElement(h, 0, pos, limit);
  }

  /**
   * Parses an element header from {@code buf} at index {@code at}; {@code base} is the file offset of
   * {@code buf}'s index 0, {@code limit} the file offset where the parent ends.
   */
  static Element parseElement(ByteBuffer buf, int at, long base, long limit) throws MalformedMediaException {
    long pos = base + at;
    int first = byteAt(buf, at, pos);
    int idLen = Integer.numberOfLeadingZeros(first) - 23;
    if (first == 0 || idLen > 4) {
      throw new MalformedMediaException("matroska", pos, "invalid element ID byte 0x" + Integer.toHexString(first));
    }
    long id = 0;
    for (int i = 0; i < idLen; i++) {
      id = (id << 8) | byteAt(buf, at + i, pos);
    }
    int s = at + idLen;
    int sFirst = byteAt(buf, s, pos);
    int sizeLen = Integer.numberOfLeadingZeros(sFirst) - 23;
    if (sFirst == 0) {
      throw new MalformedMediaException("matroska", pos + idLen, "invalid element size byte 0x00");
    }
    long value = sFirst & (0xFF >> sizeLen);
    boolean allOnes = value == (0xFF >> sizeLen);
    for (int i = 1; i < sizeLen; i++) {
      int b = byteAt(buf, s + i, pos);
      allOnes &= b == 0xFF;
      value = (value << 8) | b;
    }
    long data = pos + idLen + sizeLen;
    long size = allOnes ? UNKNOWN_SIZE : value;
    if (data > limit || (size != UNKNOWN_SIZE && size > limit - data)) {
      throw new MalformedMediaException("matroska", pos, "element 0x" + Long.toHexString(id) + " of size " + size
          + " does not fit before " + limit);
    }
    return new Element(id, pos, data, size);
  }

  /** Unsigned big-endian integer of {@code len} (0–8) bytes at {@code at}. */
  static long uint(ByteBuffer buf, int at, int len, long pos) throws MalformedMediaException {
    if (len > 8) {
      throw new MalformedMediaException("matroska", pos, "integer of " + len + " bytes");
    }
    long v = 0;
    for (int i = 0; i < len; i++) {
      v = (v << 8) | byteAt(buf, at + i, pos);
    }
    return v;
  }

  private static int byteAt(ByteBuffer buf, int i, long pos) throws MalformedMediaException {
    if (i >= buf.limit()) {
      throw new MalformedMediaException("matroska", pos, "element header cut off");
    }
    return buf.get(i) & 0xFF;
  }
}
