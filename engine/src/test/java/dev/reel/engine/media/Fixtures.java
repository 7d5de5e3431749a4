package dev.reel.engine.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-built container files and a byte-counting source, for the probe tests. */
final class Fixtures {

  private Fixtures() {}

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  // ---- MP4 ----

  /** An MP4 box with a 32-bit size. */
  static byte[] box(String type, byte[]... payload) {
    byte[] body = concat(payload);
    return concat(ByteBuffer.allocate(8).putInt(8 + body.length).put(ascii(type)).array(), body);
  }

  /** An MP4 box with size 1 and a 64-bit largesize. */
  static byte[] largeBox(String type, byte[]... payload) {
    byte[] body = concat(payload);
    return concat(ByteBuffer.allocate(16).putInt(1).put(ascii(type)).putLong(16L + body.length).array(), body);
  }

  /** An MP4 box header with an arbitrary 32-bit size field. */
  static byte[] rawBox(long size, String type) {
    return ByteBuffer.allocate(8).putInt((int) size).put(ascii(type)).array();
  }

  static byte[] ftyp() {
    return box("ftyp", ascii("isom"), new byte[4], ascii("isomiso2avc1mp41"));
  }

  /** mvhd version 0 with the given timescale and duration. */
  static byte[] mvhd(int timescale, int duration) {
    return box("mvhd", ByteBuffer.allocate(100).putInt(0).putInt(0).putInt(0).putInt(timescale).putInt(duration)
        .array());
  }

  /** ftyp, free, mdat of {@code mdatBytes}, moov (mvhd 4 s + a trak stand-in). */
  static byte[] mp4MoovAtEnd(int mdatBytes) {
    return concat(ftyp(), box("free"), box("mdat", new byte[mdatBytes]),
        box("moov", mvhd(1000, 4000), box("trak", new byte[300])));
  }

  // ---- EBML / Matroska ----

  static byte[] id(long id) {
    int n = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (id >>> (8 * (n - 1 - i)));
    }
    return b;
  }

  /** A size as an 8-byte vint. */
  static byte[] size8(long size) {
    return ByteBuffer.allocate(8).putLong(size | 0x0100_0000_0000_0000L).array();
  }

  static byte[] el(long id, byte[]... payload) {
    byte[] body = concat(payload);
    return concat(id(id), size8(body.length), body);
  }

  static byte[] uint(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static byte[] ebmlHeader(String docType) {
    return el(MatroskaLayout.EBML, el(0x4286, uint(1)), el(MatroskaLayout.DOC_TYPE, ascii(docType)));
  }

  static byte[] seek(long id, long position) {
    return el(MatroskaLayout.SEEK, el(MatroskaLayout.SEEK_ID, id(id)),
        el(MatroskaLayout.SEEK_POSITION, uint(position)));
  }

  /**
   * EBML header, Segment { SeekHead(Info, Tracks, Cues), Info(4 s), Tracks, Cluster of {@code clusterBytes},
   * Cues }.
   */
  static byte[] matroska(int clusterBytes) {
    byte[] info = el(MatroskaLayout.INFO, el(MatroskaLayout.TIMESTAMP_SCALE, uint(1_000_000)),
        el(MatroskaLayout.DURATION, ByteBuffer.allocate(8).putDouble(4000.0).array()));
    byte[] tracks = el(MatroskaLayout.TRACKS, new byte[120]);
    byte[] cluster = el(MatroskaLayout.CLUSTER, new byte[clusterBytes]);
    byte[] cues = el(MatroskaLayout.CUES, new byte[200]);
    int seekHeadLen = el(MatroskaLayout.SEEK_HEAD, seek(MatroskaLayout.INFO, 0),
        seek(MatroskaLayout.TRACKS, 0), seek(MatroskaLayout.CUES, 0)).length;
    long infoAt = seekHeadLen;
    long tracksAt = infoAt + info.length;
    long cuesAt = tracksAt + tracks.length + cluster.length;
    byte[] seekHead = el(MatroskaLayout.SEEK_HEAD, seek(MatroskaLayout.INFO, infoAt),
        seek(MatroskaLayout.TRACKS, tracksAt), seek(MatroskaLayout.CUES, cuesAt));
    return concat(ebmlHeader("matroska"), el(MatroskaLayout.SEGMENT, seekHead, info, tracks, cluster, cues));
  }

  // ---- AVI ----

  static byte[] chunk(String id, byte[]... payload) {
    byte[] body = concat(payload);
    ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    h.put(ascii(id)).putInt(body.length);
    return concat(h.array(), body, new byte[body.length & 1]);
  }

  static byte[] list(String type, byte[]... payload) {
    return chunk("LIST", ascii(type), concat(payload));
  }

  static byte[] riff(String type, byte[]... payload) {
    return chunk("RIFF", ascii(type), concat(payload));
  }

  /** RIFF AVI { hdrl { avih: 40 ms × 100 frames }, movi of {@code moviBytes}, idx1 }. */
  static byte[] avi(int moviBytes) {
    byte[] avih = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN).putInt(40_000).putInt(0).putInt(0)
        .putInt(0).putInt(100).array();
    return riff("AVI ", list("hdrl", chunk("avih", avih)), chunk("JUNK", new byte[13]),
        list("movi", new byte[moviBytes]), chunk("idx1", new byte[64]));
  }

  /** Index of the first occurrence of {@code pattern} in {@code data} at or after {@code from}, or -1. */
  static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** A source that counts what is read and fails once a budget is exceeded. */
  static final class CountingSource implements RangeSource {
    private final RangeSource delegate;
    private final long budget;
    long bytesRead;
    int reads;

    CountingSource(RangeSource delegate, long budget) {
      this.delegate = delegate;
      this.budget = budget;
    }

    CountingSource(byte[] data) {
      this(RangeSource.of(data), Long.MAX_VALUE);
    }

    @Override
    public long length() {
      return delegate.length();
    }

    @Override
    public void read(long position, ByteBuffer dst) throws IOException {
      reads++;
      bytesRead += dst.remaining();
      if (bytesRead > budget) {
        throw new AssertionError("probe read " + bytesRead + " bytes in " + reads + " reads, over budget " + budget);
      }
      delegate.read(position, dst);
    }
  }
}
