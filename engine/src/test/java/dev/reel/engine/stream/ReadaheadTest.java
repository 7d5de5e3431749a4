package dev.reel.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadaheadTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void startsAtTheMinimumAndGrowsWithContiguousReading() {
    Readahead r = new Readahead(0);
    assertThat(r.bytes(0)).isEqualTo(Readahead.MIN_BYTES);
    for (long pos = 0; pos < 20 * MIB; pos += 64 * 1024) {
      r.onRead(pos, 64 * 1024);
    }
    assertThat(r.bytes(100_000)).isEqualTo(20 * MIB > 100_000 * 60 ? 6_000_000 : 20 * MIB);
    assertThat(r.bytes(1_000_000)).isEqualTo(20 * MIB);
  }

  @Test
  void aSeekResetsIt() {
    Readahead r = new Readahead(0);
    for (long pos = 0; pos < 10 * MIB; pos += MIB) {
      r.onRead(pos, MIB);
    }
    assertThat(r.bytes(1_000_000)).isEqualTo(10 * MIB);
    r.onSeek(50 * MIB);
    assertThat(r.run()).isZero();
    assertThat(r.bytes(1_000_000)).isEqualTo(8_000_000);
  }

  @Test
  void aReadElsewhereIsASeekToo() {
    Readahead r = new Readahead(0);
    r.onRead(0, 4 * MIB);
    r.onRead(40 * MIB, MIB);
    assertThat(r.run()).isEqualTo(MIB);
  }

  @Test
  void boundsScaleWithTheRate() {
    Readahead r = new Readahead(0);
    r.onRead(0, 1024L * MIB);
    assertThat(r.bytes(100_000)).as("60 s at 100 kB/s").isEqualTo(6_000_000);
    assertThat(r.bytes(100 * MIB)).as("capped").isEqualTo(Readahead.MAX_BYTES);
  }
}
