package dev.reel.engine.bencode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict, bounded bencode decoder. Thread-safe (stateless apart from the limits); each call decodes one buffer.
 *
 * <p>Rejected: leading zeros and "-0" in integers, integers beyond 64 bits, string lengths past the end of the input,
 * duplicate dictionary keys, non-string keys, nesting deeper than {@link Limits#maxDepth()}, more than {@link
 * Limits#maxTokens()} values, and trailing bytes after the top-level value (unless {@link #decodePrefix} is used).
 * Unsorted dictionary keys are accepted (real torrents have them) and the raw bytes are kept in each value's span.
 */
public final class BDecoder {
  /** Explicit decoder limits. libtorrent's defaults: depth 100, 2,000,000 tokens. */
  public record Limits(int maxDepth, int maxTokens, int maxStringLength) {
    public static final int DEFAULT_MAX_DEPTH = 100;
    public static final int DEFAULT_MAX_TOKENS = 2_000_000;
    public static final int DEFAULT_MAX_STRING = 16 * 1024 * 1024;
    public static final Limits DEFAULT = new Limits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_TOKENS, DEFAULT_MAX_STRING);
  }

  public static final BDecoder DEFAULT = new BDecoder(Limits.DEFAULT);

  private final Limits limits;

  public BDecoder(Limits limits) {
    this.limits = limits;
  }

  /** Decodes a buffer holding exactly one value. */
  public static BValue decode(byte[] input) throws BencodeException {
    return DEFAULT.decodeAll(input);
  }

  /** Decodes a buffer holding exactly one value. */
  public BValue decodeAll(byte[] input) throws BencodeException {
    Cursor c = new Cursor(input, 0, input.length);
    BValue v = value(c, 0);
    if (c.pos != input.length) {
      throw new BencodeException("trailing data after the value", c.pos);
    }
    return v;
  }

  /**
   * Decodes one value starting at {@code offset} and returns it; the value's span tells where it ends. Used where a
   * bencoded value is followed by raw bytes (ut_metadata data messages). Spans and error offsets are indexes into
   * {@code input}; no byte at or after {@code end} is read.
   *
   * @throws IndexOutOfBoundsException if {@code [offset, end)} is not a range of {@code input}
   */
  public BValue decodePrefix(byte[] input, int offset, int end) throws BencodeException {
    java.util.Objects.checkFromToIndex(offset, end, input.length);
    return value(new Cursor(input, offset, end), 0);
  }

  private static final class Cursor {
    final byte[] in;
    final int end;
    int pos;
    int tokens;

    Cursor(byte[] in, int pos, int end) {
      this.in = in;
      this.pos = pos;
      this.end = end;
    }
  }

  private BValue value(Cursor c, int depth) throws BencodeException {
    if (c.pos >= c.end) {
      throw new BencodeException("unexpected end of input", c.pos);
    }
    if (++c.tokens > limits.maxTokens()) {
      throw new BencodeException("more than " + limits.maxTokens() + " values", c.pos);
    }
    int start = c.pos;
    byte b = c.in[c.pos];
    switch (b) {
      case 'i' -> {
        c.pos++;
        long v = integer(c, 'e');
        return new BInt(v, new Span(c.in, start, c.pos - start));
      }
      case 'l' -> {
        checkDepth(depth, start);
        c.pos++;
        List<BValue> items = new ArrayList<>();
        while (true) {
          if (c.pos >= c.end) {
            throw new BencodeException("unterminated list starting at " + start, c.pos);
          }
          if (c.in[c.pos] == 'e') {
            c.pos++;
            break;
          }
          items.add(value(c, depth + 1));
        }
        return new BList(items, new Span(c.in, start, c.pos - start));
      }
      case 'd' -> {
        checkDepth(depth, start);
        c.pos++;
        Map<String, BValue> entries = new LinkedHashMap<>();
        while (true) {
          if (c.pos >= c.end) {
            throw new BencodeException("unterminated dictionary starting at " + start, c.pos);
          }
          if (c.in[c.pos] == 'e') {
            c.pos++;
            break;
          }
          int keyAt = c.pos;
          byte kb = c.in[c.pos];
          if (kb < '0' || kb > '9') {
            throw new BencodeException("dictionary key is not a string", keyAt);
          }
          if (++c.tokens > limits.maxTokens()) {
            throw new BencodeException("more than " + limits.maxTokens() + " values", c.pos);
          }
          int len = length(c);
          String key = new String(c.in, c.pos, len, java.nio.charset.StandardCharsets.ISO_8859_1);
          c.pos += len;
          if (entries.containsKey(key)) {
            throw new BencodeException("duplicate dictionary key '" + printable(key) + "'", keyAt);
          }
          entries.put(key, value(c, depth + 1));
        }
        return new BDict(entries, new Span(c.in, start, c.pos - start));
      }
      default -> {
        if (b >= '0' && b <= '9') {
          int len = length(c);
          byte[] s = java.util.Arrays.copyOfRange(c.in, c.pos, c.pos + len);
          c.pos += len;
          return new BString(s, new Span(c.in, start, c.pos - start));
        }
        throw new BencodeException("unexpected byte 0x" + Integer.toHexString(b & 0xff), start);
      }
    }
  }

  private void checkDepth(int depth, int at) throws BencodeException {
    if (depth >= limits.maxDepth()) {
      throw new BencodeException("nesting deeper than " + limits.maxDepth(), at);
    }
  }

  /** Reads "len:" and checks that len bytes follow. Leaves pos at the first byte of the string. */
  private int length(Cursor c) throws BencodeException {
    int at = c.pos;
    long len = integer(c, ':');
    if (len < 0) {
      throw new BencodeException("negative string length", at);
    }
    if (len > limits.maxStringLength()) {
      throw new BencodeException("string of " + len + " bytes exceeds the limit of " + limits.maxStringLength(), at);
    }
    if (len > c.end - c.pos) {
      throw new BencodeException("string of " + len + " bytes runs past the end of input", at);
    }
    return (int) len;
  }

  /** Parses a decimal integer up to the terminator, enforcing canonical form. */
  private static long integer(Cursor c, char terminator) throws BencodeException {
    int start = c.pos;
    boolean negative = false;
    if (c.pos < c.end && c.in[c.pos] == '-') {
      if (terminator == ':') {
        throw new BencodeException("negative string length", start);
      }
      negative = true;
      c.pos++;
    }
    int digitsStart = c.pos;
    long v = 0;
    while (true) {
      if (c.pos >= c.end) {
        throw new BencodeException("unterminated integer", start);
      }
      byte d = c.in[c.pos];
      if (d == terminator) {
        break;
      }
      if (d < '0' || d > '9') {
        throw new BencodeException("invalid digit '" + printable(String.valueOf((char) (d & 0xff))) + "' in integer", c.pos);
      }
      int digit = d - '0';
      // Accumulate negatively so that Long.MIN_VALUE parses.
      if (v < (Long.MIN_VALUE + digit) / 10) {
        throw new BencodeException("integer overflows 64 bits", start);
      }
      v = v * 10 - digit;
      c.pos++;
    }
    int digits = c.pos - digitsStart;
    if (digits == 0) {
      throw new BencodeException("empty integer", start);
    }
    if (digits > 1 && c.in[digitsStart] == '0') {
      throw new BencodeException("leading zero in integer", start);
    }
    if (negative && v == 0) {
      throw new BencodeException("negative zero", start);
    }
    c.pos++; // terminator
    if (negative) {
      return v;
    }
    if (v == Long.MIN_VALUE) {
      throw new BencodeException("integer overflows 64 bits", start);
    }
    return -v;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char ch : s.toCharArray()) {
      if (ch >= 0x20 && ch < 0x7f) {
        b.append(ch);
      } else {
        b.append(String.format("\\x%02x", (int) ch));
      }
      if (b.length() > 64) {
        b.append("...");
        break;
      }
    }
    return b.toString();
  }
}
