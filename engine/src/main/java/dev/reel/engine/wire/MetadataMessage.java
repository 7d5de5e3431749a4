package dev.reel.engine.wire;

import dev.reel.engine.bencode.BEncoder;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A ut_metadata message (BEP 9): the payload of an extended message sent under the peer's {@code ut_metadata} id.
 * A bencoded dictionary ({@code msg_type}, {@code piece}, and for data {@code total_size}); a data message is followed
 * by the raw block. The info dictionary is split in {@link #BLOCK_SIZE} blocks; only the last may be shorter.
 *
 * <p>Immutable, except that {@link MetadataData#data()} is not copied (the receiver owns it).
 */
public sealed interface MetadataMessage {
  int MSG_REQUEST = 0;
  int MSG_DATA = 1;
  int MSG_REJECT = 2;
  /** Metadata block size (16 KiB). */
  int BLOCK_SIZE = 16 * 1024;

  /** The block index. */
  int piece();

  /** The extended message payload. */
  byte[] encode();

  /** "Please send me block {@code piece}." */
  record MetadataRequest(int piece) implements MetadataMessage {
    public MetadataRequest {
      checkPiece(piece);
    }

    @Override
    public byte[] encode() {
      return header(MSG_REQUEST, piece, Optional.empty());
    }
  }

  /** Block {@code piece} of a {@code totalSize}-byte info dictionary. */
  record MetadataData(int piece, int totalSize, byte[] data) implements MetadataMessage {
    public MetadataData {
      checkPiece(piece);
      if (totalSize <= 0) {
        throw new IllegalArgumentException("total_size must be positive: " + totalSize);
      }
      if (data.length > BLOCK_SIZE) {
        throw new IllegalArgumentException("a metadata block has at most 16 KiB, not " + data.length);
      }
    }

    /** The data message serving block {@code piece} of our info dictionary. */
    public static MetadataData of(byte[] info, int piece) {
      return new MetadataData(piece, info.length, MetadataAssembler.block(info, piece));
    }

    @Override
    public byte[] encode() {
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 + data.length);
      out.writeBytes(header(MSG_DATA, piece, Optional.of(totalSize)));
      out.writeBytes(data);
      return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MetadataData d
          && d.piece == piece
          && d.totalSize == totalSize
          && Arrays.equals(d.data, data);
    }

    @Override
    public int hashCode() {
      return (31 * piece + totalSize) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "MetadataData[piece=" + piece + ", totalSize=" + totalSize + ", " + data.length + " bytes]";
    }
  }

  /** "I will not send block {@code piece}" (e.g. we do not have the metadata yet). */
  record MetadataReject(int piece) implements MetadataMessage {
    public MetadataReject {
      checkPiece(piece);
    }

    @Override
    public byte[] encode() {
      return header(MSG_REJECT, piece, Optional.empty());
    }
  }

  /** A message type this version does not know; BEP 9 says to ignore it. Cannot be encoded. */
  record MetadataUnknown(int msgType, int piece) implements MetadataMessage {
    @Override
    public byte[] encode() {
      throw new UnsupportedOperationException("unknown ut_metadata msg_type " + msgType);
    }
  }

  /**
   * Decodes a ut_metadata payload.
   *
   * @throws ProtocolException if the dictionary is malformed, a required key is missing or out of range, or a data
   *     block does not have the size that {@code piece} and {@code total_size} imply
   */
  static MetadataMessage decode(byte[] payload) throws ProtocolException {
    return MetadataCodec.decode(payload);
  }

  private static byte[] header(int type, int piece, Optional<Integer> totalSize) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("msg_type", type);
    d.put("piece", piece);
    totalSize.ifPresent(t -> d.put("total_size", t));
    return BEncoder.encode(d);
  }

  private static void checkPiece(int piece) {
    if (piece < 0) {
      throw new IllegalArgumentException("piece must not be negative: " + piece);
    }
  }
}
