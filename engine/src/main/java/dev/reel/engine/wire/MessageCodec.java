package dev.reel.engine.wire;

import dev.reel.engine.wire.Message.AllowedFast;
import dev.reel.engine.wire.Message.Bitfield;
import dev.reel.engine.wire.Message.Cancel;
import dev.reel.engine.wire.Message.Choke;
import dev.reel.engine.wire.Message.Extended;
import dev.reel.engine.wire.Message.Have;
import dev.reel.engine.wire.Message.HaveAll;
import dev.reel.engine.wire.Message.HaveNone;
import dev.reel.engine.wire.Message.Interested;
import dev.reel.engine.wire.Message.KeepAlive;
import dev.reel.engine.wire.Message.NotInterested;
import dev.reel.engine.wire.Message.Piece;
import dev.reel.engine.wire.Message.Port;
import dev.reel.engine.wire.Message.RejectRequest;
import dev.reel.engine.wire.Message.Request;
import dev.reel.engine.wire.Message.SuggestPiece;
import dev.reel.engine.wire.Message.Unchoke;
import dev.reel.engine.wire.Message.Unknown;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Reads and writes length-prefixed peer wire messages (BEP 3, BEP 6, BEP 10). Stateless and thread-safe; each call
 * works on the stream it is given, which the caller must not share between threads during the call.
 *
 * <p>Reading blocks until a whole message has arrived. Every length is checked before anything is allocated: a
 * length over {@link #MAX_MESSAGE} or a length that does not fit the message id fails with {@link
 * ProtocolException}; a stream that ends early fails with {@link java.io.EOFException}. Messages with unknown ids are
 * read, discarded and returned as {@link Unknown}.
 *
 * <p>Writing never flushes; wrap sockets in a {@link java.io.BufferedOutputStream} and flush when the batch is done.
 */
public final class MessageCodec {
  /** Largest message length accepted (the 4-byte prefix): 1 MiB, as libtorrent. Larger ones disconnect. */
  public static final int MAX_MESSAGE = 1024 * 1024;

  /**
   * Largest block a peer may request (16 KiB). {@link #read} still decodes larger {@link Request}s, {@link
   * Cancel}s and {@link RejectRequest}s; the session decides whether to reject or disconnect.
   */
  public static final int MAX_REQUEST = 16 * 1024;

  /** Bytes of a piece message before its block: length prefix, id, index, begin. */
  public static final int PIECE_HEADER = 13;

  private MessageCodec() {}

  /**
   * Reads one message. Blocks until it is complete.
   *
   * @throws ProtocolException if the length is over {@link #MAX_MESSAGE}, wrong for the id, or a field is out of range
   * @throws java.io.EOFException if the stream ends inside the message
   */
  public static Message read(DataInputStream in) throws IOException {
    return read(in, null);
  }

  /**
   * As {@link #read(DataInputStream)}, but a {@link Piece} whose block fits in {@code blockBuffer} is read straight
   * into that array (no allocation, no extra copy): the returned message's data then wraps {@code blockBuffer} and is
   * valid only until the next call with the same array. Other messages, and larger blocks, are read as usual.
   *
   * @param blockBuffer the caller's reusable block array, or null to allocate one per block
   */
  public static Message read(DataInputStream in, byte[] blockBuffer) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_MESSAGE) {
      throw new ProtocolException(
          "message length " + Integer.toUnsignedString(length) + " exceeds the limit of " + MAX_MESSAGE);
    }
    if (length == 0) {
      return KeepAlive.INSTANCE;
    }
    int id = in.readUnsignedByte();
    return switch (id) {
      case Message.CHOKE -> fixed(id, length, 1, Choke.INSTANCE);
      case Message.UNCHOKE -> fixed(id, length, 1, Unchoke.INSTANCE);
      case Message.INTERESTED -> fixed(id, length, 1, Interested.INSTANCE);
      case Message.NOT_INTERESTED -> fixed(id, length, 1, NotInterested.INSTANCE);
      case Message.HAVE_ALL -> fixed(id, length, 1, HaveAll.INSTANCE);
      case Message.HAVE_NONE -> fixed(id, length, 1, HaveNone.INSTANCE);
      case Message.HAVE -> {
        expectLength(id, length, 5);
        yield new Have(index(in, "piece index"));
      }
      case Message.SUGGEST_PIECE -> {
        expectLength(id, length, 5);
        yield new SuggestPiece(index(in, "piece index"));
      }
      case Message.ALLOWED_FAST -> {
        expectLength(id, length, 5);
        yield new AllowedFast(index(in, "piece index"));
      }
      case Message.REQUEST, Message.CANCEL, Message.REJECT_REQUEST -> {
        expectLength(id, length, 13);
        int piece = index(in, "piece index");
        int offset = index(in, "block offset");
        int blockLength = index(in, "block length");
        yield switch (id) {
          case Message.REQUEST -> new Request(piece, offset, blockLength);
          case Message.CANCEL -> new Cancel(piece, offset, blockLength);
          default -> new RejectRequest(piece, offset, blockLength);
        };
      }
      case Message.PIECE -> {
        if (length < 9) {
          throw new ProtocolException("piece message of length " + length + " is shorter than its 9-byte header");
        }
        int piece = index(in, "piece index");
        int offset = index(in, "block offset");
        int n = length - 9;
        byte[] block = blockBuffer != null && n <= blockBuffer.length ? blockBuffer : new byte[n];
        in.readFully(block, 0, n);
        yield new Piece(piece, offset, ByteBuffer.wrap(block, 0, n));
      }
      case Message.BITFIELD -> {
        byte[] bits = new byte[length - 1];
        in.readFully(bits);
        yield new Bitfield(bits);
      }
      case Message.PORT -> {
        expectLength(id, length, 3);
        yield new Port(in.readUnsignedShort());
      }
      case Message.EXTENDED -> {
        if (length < 2) {
          throw new ProtocolException("extended message of length " + length + " has no extended id");
        }
        int extendedId = in.readUnsignedByte();
        byte[] payload = new byte[length - 2];
        in.readFully(payload);
        yield new Extended(extendedId, payload);
      }
      default -> {
        in.skipNBytes(length - 1);
        yield new Unknown(id, length - 1);
      }
    };
  }

  private static Message fixed(int id, int length, int expected, Message m) throws ProtocolException {
    expectLength(id, length, expected);
    return m;
  }

  private static void expectLength(int id, int length, int expected) throws ProtocolException {
    if (length != expected) {
      throw new ProtocolException(
          "message id " + id + " must have length " + expected + ", not " + length);
    }
  }

  /** Reads a 32-bit unsigned value that must fit a non-negative int. */
  private static int index(DataInputStream in, String what) throws IOException {
    int v = in.readInt();
    if (v < 0) {
      throw new ProtocolException(what + " " + Integer.toUnsignedString(v) + " is out of range");
    }
    return v;
  }

  /**
   * Writes one message (length prefix included). A {@link Piece}'s block is written straight from its buffer after
   * a 13-byte header, without an intermediate copy when the buffer has an array; its position does not move.
   *
   * @throws IllegalArgumentException for {@link Unknown}, or a message longer than {@link #MAX_MESSAGE}
   */
  public static void write(Message m, OutputStream out) throws IOException {
    if (m instanceof Piece p) {
      ByteBuffer data = p.data();
      int n = data.remaining();
      checkLength(9L + n);
      byte[] header = new byte[PIECE_HEADER];
      putInt(header, 0, 9 + n);
      header[4] = Message.PIECE;
      putInt(header, 5, p.piece());
      putInt(header, 9, p.offset());
      out.write(header);
      if (data.hasArray()) {
        out.write(data.array(), data.arrayOffset() + data.position(), n);
      } else {
        byte[] copy = new byte[n];
        data.duplicate().get(copy);
        out.write(copy);
      }
      return;
    }
    out.write(toBytes(m));
  }

  /**
   * The whole frame of a message (length prefix included) in a new heap buffer, position 0, ready to be written to a
   * channel.
   */
  public static ByteBuffer encode(Message m) {
    return ByteBuffer.wrap(toBytes(m));
  }

  /** The number of bytes {@link #write} produces for a message, length prefix included. */
  public static int frameLength(Message m) {
    return 4 + switch (m) {
      case KeepAlive k -> 0;
      case Choke c -> 1;
      case Unchoke u -> 1;
      case Interested i -> 1;
      case NotInterested n -> 1;
      case HaveAll a -> 1;
      case HaveNone n -> 1;
      case Have h -> 5;
      case SuggestPiece s -> 5;
      case AllowedFast a -> 5;
      case Request r -> 13;
      case Cancel c -> 13;
      case RejectRequest r -> 13;
      case Port p -> 3;
      case Bitfield b -> 1 + b.bits().length;
      case Piece p -> 9 + p.data().remaining();
      case Extended e -> 2 + e.payload().length;
      case Unknown u -> throw new IllegalArgumentException("an unknown message cannot be written");
    };
  }

  private static byte[] toBytes(Message m) {
    int frame = frameLength(m);
    checkLength(frame - 4L);
    byte[] b = new byte[frame];
    putInt(b, 0, frame - 4);
    if (frame > 4) {
      b[4] = (byte) m.messageId();
    }
    switch (m) {
      case Have h -> putInt(b, 5, h.piece());
      case SuggestPiece s -> putInt(b, 5, s.piece());
      case AllowedFast a -> putInt(b, 5, a.piece());
      case Request r -> putBlock(b, r.piece(), r.offset(), r.length());
      case Cancel c -> putBlock(b, c.piece(), c.offset(), c.length());
      case RejectRequest r -> putBlock(b, r.piece(), r.offset(), r.length());
      case Port p -> {
        b[5] = (byte) (p.port() >>> 8);
        b[6] = (byte) p.port();
      }
      case Bitfield bf -> System.arraycopy(bf.bits(), 0, b, 5, bf.bits().length);
      case Piece p -> {
        putInt(b, 5, p.piece());
        putInt(b, 9, p.offset());
        p.data().duplicate().get(b, PIECE_HEADER, p.data().remaining());
      }
      case Extended e -> {
        b[5] = (byte) e.id();
        System.arraycopy(e.payload(), 0, b, 6, e.payload().length);
      }
      default -> {
        // No payload.
      }
    }
    return b;
  }

  private static void checkLength(long length) {
    if (length > MAX_MESSAGE) {
      throw new IllegalArgumentException(
          "message of " + length + " bytes exceeds the limit of " + MAX_MESSAGE + "; peers would disconnect");
    }
  }

  private static void putBlock(byte[] b, int piece, int offset, int length) {
    putInt(b, 5, piece);
    putInt(b, 9, offset);
    putInt(b, 13, length);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
