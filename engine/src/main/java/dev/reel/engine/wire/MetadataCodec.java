package dev.reel.engine.wire;

import dev.reel.engine.bencode.BDecoder;
import dev.reel.engine.bencode.BDict;
import dev.reel.engine.bencode.BValue;
import dev.reel.engine.bencode.BencodeException;
import dev.reel.engine.wire.MetadataMessage.MetadataData;
import dev.reel.engine.wire.MetadataMessage.MetadataReject;
import dev.reel.engine.wire.MetadataMessage.MetadataRequest;
import dev.reel.engine.wire.MetadataMessage.MetadataUnknown;
import java.util.Arrays;

/** Decoding of ut_metadata payloads (BEP 9); see {@link MetadataMessage#decode}. */
final class MetadataCodec {
  static final int MAX_PIECES = MetadataAssembler.MAX_METADATA / MetadataMessage.BLOCK_SIZE;
  private static final BDecoder DECODER = new BDecoder(new BDecoder.Limits(8, 1_000, 64 * 1024));

  private MetadataCodec() {}

  static MetadataMessage decode(byte[] payload) throws ProtocolException {
    BValue v;
    try {
      v = DECODER.decodePrefix(payload, 0, payload.length);
    } catch (BencodeException e) {
      throw new ProtocolException("malformed ut_metadata message: " + e.getMessage(), e);
    }
    if (!(v instanceof BDict d)) {
      throw new ProtocolException("ut_metadata message is not a dictionary");
    }
    long type = d.integer("msg_type").orElseThrow(() -> new ProtocolException("ut_metadata message without msg_type"));
    long piece = d.integer("piece").orElseThrow(() -> new ProtocolException("ut_metadata message without piece"));
    if (piece < 0 || piece >= MAX_PIECES) {
      throw new ProtocolException("ut_metadata piece " + piece + " out of range");
    }
    int p = (int) piece;
    int dataStart = v.span().offset() + v.span().length();
    return switch ((int) Math.max(-1, Math.min(type, Integer.MAX_VALUE))) {
      case MetadataMessage.MSG_REQUEST -> new MetadataRequest(p);
      case MetadataMessage.MSG_REJECT -> new MetadataReject(p);
      case MetadataMessage.MSG_DATA -> {
        long total = d.integer("total_size")
            .orElseThrow(() -> new ProtocolException("ut_metadata data without total_size"));
        if (total <= 0 || total > MetadataAssembler.MAX_METADATA) {
          throw new ProtocolException("ut_metadata total_size " + total + " out of range 1.."
              + MetadataAssembler.MAX_METADATA);
        }
        int expected = MetadataAssembler.blockLength((int) total, p);
        if (expected < 0) {
          throw new ProtocolException("ut_metadata block " + p + " lies beyond total_size " + total);
        }
        int got = payload.length - dataStart;
        if (got != expected) {
          throw new ProtocolException("ut_metadata block " + p + " of a " + total + "-byte info dictionary must have "
              + expected + " bytes, not " + got);
        }
        yield new MetadataData(p, (int) total, Arrays.copyOfRange(payload, dataStart, payload.length));
      }
      default -> new MetadataUnknown((int) Math.max(Integer.MIN_VALUE, Math.min(type, Integer.MAX_VALUE)), p);
    };
  }
}
