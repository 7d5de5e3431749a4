package dev.reel.engine.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A peer wire message (BEP 3, Fast extension BEP 6, extension protocol BEP 10). Immutable values, except that the
 * arrays and buffers inside {@link Bitfield}, {@link Piece} and {@link Extended} are not copied: whoever builds or
 * receives such a message owns it and must not modify its contents afterwards.
 *
 * <p>Piece indexes, offsets and lengths are non-negative {@code int}s (the wire carries unsigned 32-bit values; the
 * codec rejects those above {@link Integer#MAX_VALUE}). Range checks against the torrent (piece count, piece size,
 * {@link MessageCodec#MAX_REQUEST}) belong to the caller.
 */
public sealed interface Message {
  // Message ids (BEP 3, BEP 5 port, BEP 6, BEP 10).
  int CHOKE = 0;
  int UNCHOKE = 1;
  int INTERESTED = 2;
  int NOT_INTERESTED = 3;
  int HAVE = 4;
  int BITFIELD = 5;
  int REQUEST = 6;
  int PIECE = 7;
  int CANCEL = 8;
  int PORT = 9;
  int SUGGEST_PIECE = 13;
  int HAVE_ALL = 14;
  int HAVE_NONE = 15;
  int REJECT_REQUEST = 16;
  int ALLOWED_FAST = 17;
  int EXTENDED = 20;

  /** The message id byte, or -1 for {@link KeepAlive} which has none. */
  int messageId();

  /** True for the messages that exist only when both sides set the Fast extension bit (BEP 6). */
  default boolean isFast() {
    return false;
  }

  /** A zero-length message. */
  record KeepAlive() implements Message {
    public static final KeepAlive INSTANCE = new KeepAlive();

    @Override
    public int messageId() {
      return -1;
    }
  }

  record Choke() implements Message {
    public static final Choke INSTANCE = new Choke();

    @Override
    public int messageId() {
      return CHOKE;
    }
  }

  record Unchoke() implements Message {
    public static final Unchoke INSTANCE = new Unchoke();

    @Override
    public int messageId() {
      return UNCHOKE;
    }
  }

  record Interested() implements Message {
    public static final Interested INSTANCE = new Interested();

    @Override
    public int messageId() {
      return INTERESTED;
    }
  }

  record NotInterested() implements Message {
    public static final NotInterested INSTANCE = new NotInterested();

    @Override
    public int messageId() {
      return NOT_INTERESTED;
    }
  }

  record Have(int piece) implements Message {
    public Have {
      nonNegative("piece", piece);
    }

    @Override
    public int messageId() {
      return HAVE;
    }
  }

  /** Raw bitfield bytes, piece 0 in the high bit of byte 0; validate and convert with {@link Bitfields}. */
  record Bitfield(byte[] bits) implements Message {
    public Bitfield {
      if (bits == null) {
        throw new NullPointerException("bits");
      }
    }

    @Override
    public int messageId() {
      return BITFIELD;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bitfield b && Arrays.equals(bits, b.bits);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
      return "Bitfield[" + bits.length + " bytes]";
    }
  }

  record Request(int piece, int offset, int length) implements Message {
    public Request {
      nonNegative("piece", piece);
      nonNegative("offset", offset);
      nonNegative("length", length);
    }

    @Override
    public int messageId() {
      return REQUEST;
    }
  }

  /**
   * A block of data. {@code data}'s remaining bytes are the block; the codec's {@link MessageCodec#read} returns a
   * heap buffer of exactly the block (position 0, limit = capacity = length). Writing does not move its position.
   */
  record Piece(int piece, int offset, ByteBuffer data) implements Message {
    public Piece {
      nonNegative("piece", piece);
      nonNegative("offset", offset);
      if (data == null) {
        throw new NullPointerException("data");
      }
    }

    /** Block length in bytes. */
    public int length() {
      return data.remaining();
    }

    @Override
    public int messageId() {
      return PIECE;
    }

    @Override
    public String toString() {
      return "Piece[piece=" + piece + ", offset=" + offset + ", length=" + data.remaining() + "]";
    }
  }

  record Cancel(int piece, int offset, int length) implements Message {
    public Cancel {
      nonNegative("piece", piece);
      nonNegative("offset", offset);
      nonNegative("length", length);
    }

    @Override
    public int messageId() {
      return CANCEL;
    }
  }

  /** DHT port (BEP 5). */
  record Port(int port) implements Message {
    public Port {
      if (port < 0 || port > 0xffff) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
    }

    @Override
    public int messageId() {
      return PORT;
    }
  }

  record SuggestPiece(int piece) implements Message {
    public SuggestPiece {
      nonNegative("piece", piece);
    }

    @Override
    public int messageId() {
      return SUGGEST_PIECE;
    }

    @Override
    public boolean isFast() {
      return true;
    }
  }

  record HaveAll() implements Message {
    public static final HaveAll INSTANCE = new HaveAll();

    @Override
    public int messageId() {
      return HAVE_ALL;
    }

    @Override
    public boolean isFast() {
      return true;
    }
  }

  record HaveNone() implements Message {
    public static final HaveNone INSTANCE = new HaveNone();

    @Override
    public int messageId() {
      return HAVE_NONE;
    }

    @Override
    public boolean isFast() {
      return true;
    }
  }

  record RejectRequest(int piece, int offset, int length) implements Message {
    public RejectRequest {
      nonNegative("piece", piece);
      nonNegative("offset", offset);
      nonNegative("length", length);
    }

    /** The reject answering a request. */
    public static RejectRequest of(Request r) {
      return new RejectRequest(r.piece(), r.offset(), r.length());
    }

    @Override
    public int messageId() {
      return REJECT_REQUEST;
    }

    @Override
    public boolean isFast() {
      return true;
    }
  }

  record AllowedFast(int piece) implements Message {
    public AllowedFast {
      nonNegative("piece", piece);
    }

    @Override
    public int messageId() {
      return ALLOWED_FAST;
    }

    @Override
    public boolean isFast() {
      return true;
    }
  }

  /**
   * An extension protocol message (BEP 10). {@code id} 0 is the extension handshake ({@link ExtensionHandshake});
   * others are the ids the receiver assigned in its handshake's {@code m} dictionary.
   */
  record Extended(int id, byte[] payload) implements Message {
    /** The extended message id of the extension handshake. */
    public static final int HANDSHAKE = 0;

    public Extended {
      if (id < 0 || id > 255) {
        throw new IllegalArgumentException("extended message id out of range 0..255: " + id);
      }
      if (payload == null) {
        throw new NullPointerException("payload");
      }
    }

    /** Always 20; the extended message id is {@link #id()}. */
    @Override
    public int messageId() {
      return EXTENDED;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Extended e && e.id == id && Arrays.equals(payload, e.payload);
    }

    @Override
    public int hashCode() {
      return 31 * id + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      String head = HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 16));
      return "Extended[id=" + id + ", " + payload.length + " bytes: " + head + (payload.length > 16 ? "...]" : "]");
    }
  }

  /**
   * A message with an id this codec does not know. Its payload ({@code length} bytes after the id) was read and
   * discarded; BEP 3 peers ignore messages they do not understand. Cannot be written.
   */
  record Unknown(int id, int length) implements Message {
    @Override
    public int messageId() {
      return id;
    }
  }

  private static void nonNegative(String what, int v) {
    if (v < 0) {
      throw new IllegalArgumentException(what + " must not be negative: " + v);
    }
  }
}
