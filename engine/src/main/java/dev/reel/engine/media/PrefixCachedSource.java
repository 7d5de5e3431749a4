package dev.reel.engine.media;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Answers reads that fall inside an already-read prefix from memory; everything else goes to the source. */
final class PrefixCachedSource implements RangeSource {

  private final RangeSource source;
  private final ByteBuffer prefix;

  PrefixCachedSource(RangeSource source, ByteBuffer prefix) {
    this.source = source;
    this.prefix = prefix.duplicate();
  }

  @Override
  public long length() {
    return source.length();
  }

  @Override
  public void read(long position, ByteBuffer dst) throws IOException {
    if (position >= 0 && position + dst.remaining() <= prefix.limit()) {
      dst.put(prefix.slice((int) position, dst.remaining()));
    } else {
      source.read(position, dst);
    }
  }
}
