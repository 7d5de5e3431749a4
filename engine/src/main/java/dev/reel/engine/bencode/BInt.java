package dev.reel.engine.bencode;

/** An integer. Bencode allows arbitrary size; we accept what fits in a signed 64-bit long. */
public record BInt(long value, Span span) implements BValue {
  public static BInt of(long v) {
    return new BInt(v, Span.NONE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BInt i && i.value == value;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }
}
