package dev.reel.engine.utp;

import java.util.Arrays;
import java.util.Objects;

/**
 * One uTP packet (BEP 29): the 20-byte header, an optional selective ACK and the payload. Unknown extensions are
 * skipped when decoding and never written. Immutable apart from the arrays, which the caller must not change after
 * handing them over.
 *
 * @param type the packet type
 * @param connectionId the receiving side's connection id (16 bits)
 * @param timestampMicros the sender's clock when sent, in microseconds (low 32 bits)
 * @param timestampDiffMicros the sender's latest one-way delay sample of the other direction (32 bits, 0 if none)
 * @param windowSize bytes left in the sender's receive buffer
 * @param seqNr this packet's sequence number (16 bits); for {@code ST_STATE} the next one the sender will use
 * @param ackNr the last sequence number the sender received in order (16 bits)
 * @param selectiveAck the selective ACK bitmask (bit {@code i} acknowledges {@code ackNr + 2 + i}, least significant
 *     bit of each byte first), or null. BEP 29 asks for a multiple of 4 bytes, which we write; libtorrent writes
 *     any length, which we accept
 * @param payload the data (empty for all but {@code ST_DATA})
 */
public record UtpPacket(Type type, int connectionId, int timestampMicros, int timestampDiffMicros, long windowSize,
    int seqNr, int ackNr, byte[] selectiveAck, byte[] payload) {

  /** Header bytes before any extension. */
  public static final int HEADER = 20;
  /** The only protocol version (the low nibble of the first byte). */
  public static final int VERSION = 1;
  /** Extension type of a selective ACK. */
  static final int EXT_SACK = 1;
  /** The largest selective ACK bitmask: its length is one byte on the wire. */
  public static final int MAX_SACK_BYTES = 255;

  private static final byte[] EMPTY = new byte[0];

  /** Packet types, by their number on the wire. */
  public enum Type {
    DATA, FIN, STATE, RESET, SYN;

    static final Type[] BY_CODE = values();
  }

  public UtpPacket {
    Objects.requireNonNull(type, "type");
    if (payload == null) {
      payload = EMPTY;
    }
    if (selectiveAck != null && (selectiveAck.length == 0 || selectiveAck.length > MAX_SACK_BYTES)) {
      throw new IllegalArgumentException("selective ACK must be 1 to " + MAX_SACK_BYTES + " bytes: "
          + selectiveAck.length);
    }
    connectionId &= 0xFFFF;
    seqNr &= 0xFFFF;
    ackNr &= 0xFFFF;
    windowSize &= 0xFFFF_FFFFL;
  }

  /** True if {@code b} could start a uTP packet: version 1 in the low nibble, a known type in the high one. */
  public static boolean looksLikeUtp(int b) {
    return (b & 0x0F) == VERSION && ((b & 0xFF) >>> 4) < Type.BY_CODE.length;
  }

  /** Bytes on the wire. */
  public int wireLength() {
    return HEADER + (selectiveAck == null ? 0 : 2 + selectiveAck.length) + payload.length;
  }

  /** The packet as sent on the wire. */
  public byte[] encode() {
    byte[] out = new byte[wireLength()];
    out[0] = (byte) (type.ordinal() << 4 | VERSION);
    out[1] = (byte) (selectiveAck == null ? 0 : EXT_SACK);
    putShort(out, 2, connectionId);
    putInt(out, 4, timestampMicros);
    putInt(out, 8, timestampDiffMicros);
    putInt(out, 12, (int) windowSize);
    putShort(out, 16, seqNr);
    putShort(out, 18, ackNr);
    int at = HEADER;
    if (selectiveAck != null) {
      out[at++] = 0; // no further extension
      out[at++] = (byte) selectiveAck.length;
      System.arraycopy(selectiveAck, 0, out, at, selectiveAck.length);
      at += selectiveAck.length;
    }
    System.arraycopy(payload, 0, out, at, payload.length);
    return out;
  }

  /**
   * Parses a datagram.
   *
   * @throws MalformedPacketException if it is too short, of another version or type, or its extension chain runs
   *     past the end
   */
  public static UtpPacket decode(byte[] buf, int off, int len) throws MalformedPacketException {
    if (len < HEADER) {
      throw new MalformedPacketException("packet of " + len + " bytes is shorter than the 20-byte header");
    }
    int b0 = buf[off] & 0xFF;
    if ((b0 & 0x0F) != VERSION) {
      throw new MalformedPacketException("version " + (b0 & 0x0F) + " at offset 0, expected 1");
    }
    int code = b0 >>> 4;
    if (code >= Type.BY_CODE.length) {
      throw new MalformedPacketException("unknown packet type " + code + " at offset 0");
    }
    int ext = buf[off + 1] & 0xFF;
    int at = off + HEADER;
    int end = off + len;
    byte[] sack = null;
    while (ext != 0) {
      if (end - at < 2) {
        throw new MalformedPacketException("extension header at offset " + (at - off) + " runs past the end");
      }
      int next = buf[at] & 0xFF;
      int extLen = buf[at + 1] & 0xFF;
      at += 2;
      if (end - at < extLen) {
        throw new MalformedPacketException("extension " + ext + " of " + extLen + " bytes at offset " + (at - off)
            + " runs past the end");
      }
      if (ext == EXT_SACK) {
        if (extLen == 0) {
          throw new MalformedPacketException("empty selective ACK at offset " + (at - off));
        }
        sack = Arrays.copyOfRange(buf, at, at + extLen);
      }
      at += extLen;
      ext = next;
    }
    return new UtpPacket(Type.BY_CODE[code], getShort(buf, off + 2), getInt(buf, off + 4), getInt(buf, off + 8),
        getInt(buf, off + 12) & 0xFFFF_FFFFL, getShort(buf, off + 16), getShort(buf, off + 18), sack,
        Arrays.copyOfRange(buf, at, end));
  }

  public static UtpPacket decode(byte[] packet) throws MalformedPacketException {
    return decode(packet, 0, packet.length);
  }

  /** True if the selective ACK marks {@code seq} as received. */
  public boolean selectivelyAcks(int seq) {
    if (selectiveAck == null) {
      return false;
    }
    int bit = (seq - ackNr - 2) & 0xFFFF;
    return bit < selectiveAck.length * 8 && (selectiveAck[bit >>> 3] & (1 << (bit & 7))) != 0;
  }

  @Override
  public String toString() {
    return "UtpPacket[" + type + " conn=" + connectionId + " seq=" + seqNr + " ack=" + ackNr + " wnd=" + windowSize
        + (selectiveAck == null ? "" : " sack=" + selectiveAck.length * 8) + " len=" + payload.length + "]";
  }

  private static void putShort(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static int getShort(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
  }

  private static int getInt(byte[] b, int at) {
    return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
  }

  /** A datagram that is not a well-formed uTP packet. */
  public static final class MalformedPacketException extends Exception {
    public MalformedPacketException(String message) {
      super(message);
    }
  }
}
