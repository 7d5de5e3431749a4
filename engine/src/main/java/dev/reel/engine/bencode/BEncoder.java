package dev.reel.engine.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Canonical bencode encoder: dictionary keys sorted as raw byte strings (BEP 3). Also encodes plain Java values, which
 * keeps message builders short: {@code Map<String,?>} (keys are UTF-8 text), {@code List<?>}, {@code byte[]},
 * {@code String} (UTF-8), {@code Integer}/{@code Long}, and {@link BValue}. Thread-safe. Anything else, a null, or a
 * map key that is not a String is an {@link IllegalArgumentException}.
 */
public final class BEncoder {
  private BEncoder() {}

  public static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, value);
    return out.toByteArray();
  }

  /** The canonical encoding of a value, ignoring its source span. */
  public static byte[] canonical(BValue value) {
    return encode(value);
  }

  private static void write(ByteArrayOutputStream out, Object value) {
    switch (value) {
      case null -> throw new IllegalArgumentException("cannot bencode null");
      case BString s -> bytes(out, s.bytes());
      case BInt i -> integer(out, i.value());
      case BList l -> {
        out.write('l');
        for (BValue v : l.items()) {
          write(out, v);
        }
        out.write('e');
      }
      case BDict d -> {
        out.write('d');
        // ISO-8859-1 keys compare as unsigned bytes.
        for (Map.Entry<String, BValue> e : new TreeMap<>(d.entries()).entrySet()) {
          bytes(out, e.getKey().getBytes(StandardCharsets.ISO_8859_1));
          write(out, e.getValue());
        }
        out.write('e');
      }
      case byte[] b -> bytes(out, b);
      case String s -> bytes(out, s.getBytes(StandardCharsets.UTF_8));
      case Integer i -> integer(out, i);
      case Long l -> integer(out, l);
      case Map<?, ?> m -> {
        out.write('d');
        TreeMap<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!(e.getKey() instanceof String k)) {
            throw new IllegalArgumentException("dictionary key must be a String, not " + e.getKey());
          }
          sorted.put(new String(k.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), e.getValue());
        }
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
          bytes(out, e.getKey().getBytes(StandardCharsets.ISO_8859_1));
          write(out, e.getValue());
        }
        out.write('e');
      }
      case List<?> l -> {
        out.write('l');
        for (Object v : l) {
          write(out, v);
        }
        out.write('e');
      }
      default -> throw new IllegalArgumentException("cannot bencode " + value.getClass().getName());
    }
  }

  private static void bytes(ByteArrayOutputStream out, byte[] b) {
    out.writeBytes(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
    out.write(':');
    out.writeBytes(b);
  }

  private static void integer(ByteArrayOutputStream out, long v) {
    out.write('i');
    out.writeBytes(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
    out.write('e');
  }

  /** Convenience for building lists in message code. */
  public static List<Object> list(Object... items) {
    return new ArrayList<>(List.of(items));
  }
}
