package dev.reel.engine.wire;

import dev.reel.engine.metainfo.InfoHash;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 68-byte BitTorrent handshake (BEP 3): {@code 19, "BitTorrent protocol", 8 reserved bytes, info-hash, peer id}.
 * Immutable (arrays are copied in and out). Reading blocks; a stream that ends early fails with {@link EOFException}
 * and anything but the BitTorrent protocol string fails with {@link ProtocolException}.
 *
 * <p>An outgoing connection writes its handshake and {@link #read}s the peer's. A listener does not yet know the
 * torrent, so it reads in two steps: {@link #readHeader} (up to and including the info-hash), looks the torrent up,
 * answers with its own handshake, then {@link #readPeerId} (some clients wait for our reply before sending it).
 */
public record Handshake(byte[] reserved, InfoHash infoHash, byte[] peerId) {
  /** Total length on the wire. */
  public static final int LENGTH = 68;
  /** Length of the part {@link #readHeader} consumes. */
  public static final int HEADER_LENGTH = 48;
  public static final String PROTOCOL = "BitTorrent protocol";
  public static final int PEER_ID_LENGTH = 20;
  public static final int RESERVED_LENGTH = 8;

  private static final byte[] PROTOCOL_BYTES = PROTOCOL.getBytes(StandardCharsets.US_ASCII);

  public Handshake {
    if (reserved.length != RESERVED_LENGTH) {
      throw new IllegalArgumentException("reserved must be 8 bytes, not " + reserved.length);
    }
    if (peerId.length != PEER_ID_LENGTH) {
      throw new IllegalArgumentException("a peer id has 20 bytes, not " + peerId.length);
    }
    if (infoHash == null) {
      throw new NullPointerException("infoHash");
    }
    reserved = reserved.clone();
    peerId = peerId.clone();
  }

  /** Our handshake for a torrent, with {@link #defaultReserved()}. */
  public static Handshake of(InfoHash infoHash, byte[] peerId) {
    return new Handshake(defaultReserved(), infoHash, peerId);
  }

  /** The first 48 bytes of a handshake: reserved bits and info-hash. */
  public record Header(byte[] reserved, InfoHash infoHash) {
    public Header {
      if (reserved.length != RESERVED_LENGTH) {
        throw new IllegalArgumentException("reserved must be 8 bytes, not " + reserved.length);
      }
      reserved = reserved.clone();
    }

    @Override
    public byte[] reserved() {
      return reserved.clone();
    }

    /** The full handshake once the peer id has been read. */
    public Handshake withPeerId(byte[] peerId) {
      return new Handshake(reserved, infoHash, peerId);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Header h && Arrays.equals(reserved, h.reserved) && infoHash.equals(h.infoHash);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(reserved) + infoHash.hashCode();
    }

    @Override
    public String toString() {
      return "Handshake.Header[reserved=" + HexFormat.of().formatHex(reserved) + ", infoHash=" + infoHash + "]";
    }
  }

  /** Reserved bits: extension protocol (BEP 10), Fast extension (BEP 6) and DHT (BEP 5). */
  public static byte[] defaultReserved() {
    byte[] r = new byte[RESERVED_LENGTH];
    r[5] |= 0x10;
    r[7] |= 0x04 | 0x01;
    return r;
  }

  /** BEP 10: {@code reserved[5] & 0x10}. */
  public boolean supportsExtensions() {
    return (reserved[5] & 0x10) != 0;
  }

  /** BEP 6: {@code reserved[7] & 0x04}. */
  public boolean supportsFast() {
    return (reserved[7] & 0x04) != 0;
  }

  /** BEP 5: {@code reserved[7] & 0x01}. */
  public boolean supportsDht() {
    return (reserved[7] & 0x01) != 0;
  }

  /** Reads a whole 68-byte handshake. */
  public static Handshake read(InputStream in) throws IOException {
    return readHeader(in).withPeerId(readPeerId(in));
  }

  /**
   * Reads the first 48 bytes: protocol string, reserved bytes and info-hash. The protocol length byte is checked
   * before anything else is read, so a non-BitTorrent (or encrypted) peer is refused after one byte.
   */
  public static Header readHeader(InputStream in) throws IOException {
    int pstrlen = in.read();
    if (pstrlen < 0) {
      throw new EOFException("stream ended before the handshake");
    }
    if (pstrlen != PROTOCOL_BYTES.length) {
      throw new ProtocolException(
          "not a BitTorrent handshake: protocol string length " + pstrlen + " at offset 0, expected 19");
    }
    byte[] rest = readExactly(in, HEADER_LENGTH - 1, "handshake");
    if (!Arrays.equals(rest, 0, PROTOCOL_BYTES.length, PROTOCOL_BYTES, 0, PROTOCOL_BYTES.length)) {
      String got = new String(rest, 0, PROTOCOL_BYTES.length, StandardCharsets.ISO_8859_1)
          .replaceAll("[^\\x20-\\x7e]", "?");
      throw new ProtocolException("not a BitTorrent handshake: protocol string '" + got + "' at offset 1");
    }
    byte[] reserved = Arrays.copyOfRange(rest, 19, 27);
    InfoHash hash = InfoHash.of(Arrays.copyOfRange(rest, 27, 47));
    return new Header(reserved, hash);
  }

  /** Reads the last 20 bytes of a handshake: the peer id. */
  public static byte[] readPeerId(InputStream in) throws IOException {
    return readExactly(in, PEER_ID_LENGTH, "handshake peer id");
  }

  /** Writes the 68 bytes; does not flush. */
  public void write(OutputStream out) throws IOException {
    out.write(encode());
  }

  /** The 68 bytes on the wire. */
  public byte[] encode() {
    byte[] b = new byte[LENGTH];
    b[0] = (byte) PROTOCOL_BYTES.length;
    System.arraycopy(PROTOCOL_BYTES, 0, b, 1, PROTOCOL_BYTES.length);
    System.arraycopy(reserved, 0, b, 20, RESERVED_LENGTH);
    System.arraycopy(infoHash.bytes(), 0, b, 28, InfoHash.LENGTH);
    System.arraycopy(peerId, 0, b, 48, PEER_ID_LENGTH);
    return b;
  }

  @Override
  public byte[] reserved() {
    return reserved.clone();
  }

  @Override
  public byte[] peerId() {
    return peerId.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Handshake h
        && Arrays.equals(reserved, h.reserved)
        && infoHash.equals(h.infoHash)
        && Arrays.equals(peerId, h.peerId);
  }

  @Override
  public int hashCode() {
    return (31 * Arrays.hashCode(reserved) + infoHash.hashCode()) * 31 + Arrays.hashCode(peerId);
  }

  @Override
  public String toString() {
    return "Handshake[reserved=" + HexFormat.of().formatHex(reserved) + ", infoHash=" + infoHash
        + ", client=" + PeerIds.client(peerId) + "]";
  }

  static byte[] readExactly(InputStream in, int n, String what) throws IOException {
    byte[] b = new byte[n];
    int got = in.readNBytes(b, 0, n);
    if (got != n) {
      throw new EOFException("stream ended after " + got + " of " + n + " bytes of the " + what);
    }
    return b;
  }
}
