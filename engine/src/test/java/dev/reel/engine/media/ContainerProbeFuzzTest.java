package dev.reel.engine.media;

import static dev.reel.engine.media.Fixtures.box;
import static dev.reel.engine.media.Fixtures.concat;
import static dev.reel.engine.media.Fixtures.ebmlHeader;
import static dev.reel.engine.media.Fixtures.el;
import static dev.reel.engine.media.Fixtures.ftyp;
import static dev.reel.engine.media.Fixtures.mvhd;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of valid files of every container: the probe returns sane ranges within a bounded
 * number of bytes read, and nothing but an {@link IOException} may escape. A failure message names the seed.
 */
class ContainerProbeFuzzTest {

  private static final int ROUNDS_PER_FILE = 3000;
  /** Generous bound on what any walk may read: 1024 MP4 headers, four 64 KiB SeekHeads, a 64 KiB Info. */
  private static final long READ_BUDGET = 512 * 1024;
  private static final int[] SPECIAL = {0, 1, 2, 7, 8, 16, -1, 0x7FFF_FFFF, 0x8000_0000, 0x1A45DFA3, 0x01FF_FFFF};

  @Test
  void mutatedFilesNeverHangCrashOrOverRead() {
    List<byte[]> bases = List.of(
        Fixtures.mp4MoovAtEnd(2000),
        concat(ftyp(), box("moov", mvhd(90_000, 360_000), box("trak", new byte[200])), box("mdat", new byte[2000])),
        Fixtures.matroska(2000),
        concat(ebmlHeader("webm"), el(MatroskaLayout.SEGMENT, el(MatroskaLayout.INFO, new byte[40]),
            el(MatroskaLayout.CLUSTER, new byte[2000]))),
        Fixtures.avi(2000));
    int[] outcomes = new int[2]; // [parsed, fell back]
    long seed = 0x5EED_2026L;
    for (int b = 0; b < bases.size(); b++) {
      for (int round = 0; round < ROUNDS_PER_FILE; round++) {
        long caseSeed = seed + b * 1_000_003L + round;
        byte[] file = mutate(bases.get(b), new SplittableRandom(caseSeed));
        check(file, "base " + b + " seed " + caseSeed, outcomes);
      }
    }
    assertThat(Arrays.stream(outcomes).min().orElseThrow()).as("parsed vs fell back: %s", Arrays.toString(outcomes))
        .isGreaterThan(500);
  }

  @Test
  void randomBytesBehindEachMagicNeverCrash() {
    Random random = new Random(42);
    byte[][] magics = {Fixtures.ascii("\0\0\0\u0018ftyp"), {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3},
        Fixtures.ascii("RIFF\0\0\0\0AVI "), {0x47}};
    for (int i = 0; i < 2000; i++) {
      byte[] magic = magics[i % magics.length];
      byte[] file = new byte[magic.length + random.nextInt(600)];
      random.nextBytes(file);
      System.arraycopy(magic, 0, file, 0, magic.length);
      check(file, "random " + i, new int[2]);
    }
  }

  static void check(byte[] file, String what, int[] outcomes) {
    Fixtures.CountingSource src = new Fixtures.CountingSource(RangeSource.of(file), READ_BUDGET);
    ProbeResult r;
    try {
      r = ContainerProbe.probe(src, 512);
    } catch (IOException e) {
      return; // allowed
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError(what + ": " + e, e);
    }
    outcomes[r.problem().isPresent() ? 1 : 0]++;
    List<ByteRange> ranges = r.criticalRanges();
    if (file.length == 0) {
      assertThat(ranges).as(what).isEmpty();
      return;
    }
    assertThat(ranges).as(what).isNotEmpty();
    assertThat(ranges.get(0).start()).as(what).isZero();
    for (int i = 0; i < ranges.size(); i++) {
      ByteRange a = ranges.get(i);
      assertThat(a.length()).as(what).isPositive();
      assertThat(a.end()).as(what).isLessThanOrEqualTo(file.length);
      for (int j = i + 1; j < ranges.size(); j++) {
        assertThat(a.touches(ranges.get(j))).as(what + " " + ranges).isFalse();
      }
    }
    r.duration().ifPresent(d -> assertThat(d).as(what).isPositive().isLessThanOrEqualTo(Reads.MAX_DURATION));
  }

  /** One to four mutations: overwrite bytes, plant a special 32-bit value, truncate, insert or delete. */
  static byte[] mutate(byte[] base, SplittableRandom random) {
    byte[] f = base.clone();
    int n = 1 + random.nextInt(4);
    for (int k = 0; k < n && f.length > 8; k++) {
      // Bias towards the start, where most headers are.
      int at = random.nextBoolean() ? random.nextInt(Math.min(f.length, 128)) : random.nextInt(f.length);
      switch (random.nextInt(5)) {
        case 0 -> f[at] = (byte) random.nextInt(256);
        case 1 -> {
          if (at + 4 <= f.length) {
            ByteBuffer.wrap(f).putInt(at, SPECIAL[random.nextInt(SPECIAL.length)]);
          }
        }
        case 2 -> f = Arrays.copyOf(f, 1 + random.nextInt(f.length));
        case 3 -> f = concat(Arrays.copyOf(f, at), new byte[1 + random.nextInt(16)],
            Arrays.copyOfRange(f, at, f.length));
        default -> f = concat(Arrays.copyOf(f, at),
            Arrays.copyOfRange(f, Math.min(f.length, at + 1 + random.nextInt(16)), f.length));
      }
    }
    return f;
  }
}
