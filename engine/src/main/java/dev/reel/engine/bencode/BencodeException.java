package dev.reel.engine.bencode;

/** Malformed or over-limit bencoded input. The message says what was wrong and at which byte offset. */
public final class BencodeException extends Exception {
  private final int offset;

  public BencodeException(String what, int offset) {
    super(what + " at offset " + offset);
    this.offset = offset;
  }

  /** Byte offset in the input where the problem was found. */
  public int offset() {
    return offset;
  }
}
