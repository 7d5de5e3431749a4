package dev.reel.engine.media;

import static dev.reel.engine.media.Fixtures.ascii;
import static dev.reel.engine.media.Fixtures.indexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The probe on real files written by ffmpeg (4 s of 320x240 test pattern and a sine tone). The expected offsets
 * are found by scanning the bytes independently of the parsers. Skipped without ffmpeg unless CI=true.
 */
class FfmpegContainersTest {

  /** A head smaller than the test files, so that an index at the end shows up as its own range. */
  private static final long HEAD = 16 * 1024;
  /** What the probe may read beyond its detection prefix: headers and two small Matroska payloads. */
  private static final long HEADER_BUDGET = 2048;
  private static final int MUTATION_ROUNDS = 300;

  private static final List<String> INPUT = List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=4",
      "-f", "lavfi", "-i", "sine=duration=4");
  private static final List<String> H264_AAC = List.of("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac");

  @TempDir static Path dir;

  @BeforeAll
  static void requireFfmpeg() {
    if (!Files.isExecutable(Path.of("/usr/bin/ffmpeg"))) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("ffmpeg is missing (required when CI=true)");
      }
      Assumptions.abort("ffmpeg is not installed");
    }
  }

  @Test
  void mp4WithoutFaststartHasMoovAtTheEnd() throws Exception {
    byte[] file = make("end.mp4", H264_AAC);
    ByteRange moov = topLevelMoovByScan(file);
    assertThat(moov.end()).as("ffmpeg writes moov last by default").isEqualTo(file.length);

    ProbeResult r = probe("end.mp4");

    assertThat(r.container()).isEqualTo(Container.MP4);
    assertThat(r.criticalRanges()).containsExactly(new ByteRange(0, HEAD), moov);
    assertThat(r.duration().orElseThrow().toMillis()).isCloseTo(4000, within(100L));
  }

  @Test
  void mp4WithFaststartHasMoovInTheHead() throws Exception {
    List<String> args = new ArrayList<>(H264_AAC);
    args.addAll(List.of("-movflags", "+faststart"));
    byte[] file = make("fast.mp4", args);
    ByteRange moov = topLevelMoovByScan(file);
    assertThat(moov.start()).isLessThan(100);

    ProbeResult r = ContainerProbe.probe(source("fast.mp4"), 512);

    assertThat(r.criticalRanges()).containsExactly(ByteRange.of(0, moov.end()));
    assertThat(r.duration().orElseThrow().toMillis()).isCloseTo(4000, within(100L));
  }

  @ParameterizedTest
  @ValueSource(strings = {"mkv", "webm"})
  void matroskaCuesAreLocatedAtTheEnd(String ext) throws Exception {
    List<String> codecs = ext.equals("webm")
        ? List.of("-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus")
        : H264_AAC;
    byte[] file = make("a." + ext, codecs);
    int firstCluster = indexOf(file, Fixtures.id(MatroskaLayout.CLUSTER), 0);

    ProbeResult r = probe("a." + ext);

    assertThat(r.container()).isEqualTo(ext.equals("webm") ? Container.WEBM : Container.MATROSKA);
    assertThat(r.criticalRanges()).hasSize(2);
    assertThat(r.criticalRanges().get(0)).isEqualTo(new ByteRange(0, HEAD));
    ByteRange cues = r.criticalRanges().get(1);
    assertThat(cues.start()).isGreaterThan(firstCluster).isGreaterThan(file.length / 2);
    assertThat(ByteRange.of(cues.start(), cues.start() + 4 + vintLength(file[(int) cues.start() + 4])
        + vintValue(file, (int) cues.start() + 4))).isEqualTo(cues);
    assertThat(new String(file, (int) cues.start(), 4, StandardCharsets.ISO_8859_1))
        .isEqualTo(new String(Fixtures.id(MatroskaLayout.CUES), StandardCharsets.ISO_8859_1));
    assertThat(r.duration().orElseThrow().toMillis()).isCloseTo(4000, within(100L));
  }

  @Test
  void aviIdx1IsLocatedAfterMovi() throws Exception {
    byte[] file = make("a.avi", List.of("-c:v", "mpeg4", "-c:a", "pcm_s16le", "-f", "avi"));
    int idx1 = lastIndexOf(file, ascii("idx1"));
    long idx1Size = ByteBuffer.wrap(file, idx1 + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL;
    assertThat(idx1).isGreaterThan(indexOf(file, ascii("movi"), 0));

    ProbeResult r = probe("a.avi");

    assertThat(r.container()).isEqualTo(Container.AVI);
    assertThat(r.criticalRanges()).containsExactly(new ByteRange(0, HEAD), new ByteRange(idx1, 8 + idx1Size));
    assertThat(r.duration().orElseThrow().toMillis()).isCloseTo(4000, within(100L));
  }

  @Test
  void transportStreamIsJustTheHead() throws Exception {
    make("a.ts", List.of("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-f", "mpegts"));

    ProbeResult r = probe("a.ts");

    assertThat(r.container()).isEqualTo(Container.MPEG_TS);
    assertThat(r.criticalRanges()).containsExactly(new ByteRange(0, HEAD));
  }

  @ParameterizedTest
  @ValueSource(strings = {"end.mp4", "a.mkv", "a.avi"})
  void probeReadsOnlyHeadersBeyondTheDetectionPrefix(String name) throws Exception {
    switch (name) {
      case "end.mp4" -> make(name, H264_AAC);
      case "a.mkv" -> make(name, H264_AAC);
      default -> make(name, List.of("-c:v", "mpeg4", "-c:a", "pcm_s16le", "-f", "avi"));
    }
    Fixtures.CountingSource counting =
        new Fixtures.CountingSource(source(name), ContainerProbe.DETECT_BYTES + HEADER_BUDGET);

    ProbeResult r = ContainerProbe.probe(counting, HEAD);

    assertThat(r.problem()).isEmpty();
    assertThat(r.criticalRanges()).hasSizeGreaterThan(1);
    assertThat(counting.reads).isLessThan(32);
  }

  @ParameterizedTest
  @ValueSource(strings = {"end.mp4", "fast.mp4", "a.mkv", "a.avi"})
  void mutatedRealFilesNeverCrash(String name) throws Exception {
    List<String> args = new ArrayList<>(name.endsWith("avi")
        ? List.of("-c:v", "mpeg4", "-c:a", "pcm_s16le", "-f", "avi") : H264_AAC);
    if (name.equals("fast.mp4")) {
      args.addAll(List.of("-movflags", "+faststart"));
    }
    byte[] file = make(name, args);
    java.util.SplittableRandom random = new java.util.SplittableRandom(name.hashCode());
    for (int round = 0; round < MUTATION_ROUNDS; round++) {
      // Mutate either the start or the last 8 KiB (where moov, Cues and idx1 live), keeping the media in between.
      int cut = random.nextBoolean() ? 4096 : file.length - 8192;
      byte[] part = java.util.Arrays.copyOfRange(file, cut == 4096 ? 0 : cut, cut == 4096 ? cut : file.length);
      byte[] mutated = ContainerProbeFuzzTest.mutate(part, random);
      byte[] whole = cut == 4096
          ? Fixtures.concat(mutated, java.util.Arrays.copyOfRange(file, cut, file.length))
          : Fixtures.concat(java.util.Arrays.copyOf(file, cut), mutated);
      ContainerProbeFuzzTest.check(whole, name + " round " + round, new int[2]);
    }
  }

  // ---- helpers ----

  private static ProbeResult probe(String name) throws IOException {
    return ContainerProbe.probe(source(name), HEAD);
  }

  private static RangeSource source(String name) throws IOException {
    return RangeSource.of(Files.readAllBytes(dir.resolve(name)));
  }

  /** Runs ffmpeg once per output name; probes a FileChannel once to exercise that source too. */
  private static synchronized byte[] make(String name, List<String> codecArgs) throws Exception {
    Path out = dir.resolve(name);
    if (!Files.exists(out)) {
      List<String> cmd = new ArrayList<>(List.of("/usr/bin/ffmpeg", "-v", "error", "-y"));
      cmd.addAll(INPUT);
      cmd.addAll(codecArgs);
      cmd.add(out.toString());
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("ffmpeg finished").isTrue();
      assertThat(p.exitValue()).as(log).isZero();
      try (FileChannel ch = FileChannel.open(out, StandardOpenOption.READ)) {
        assertThat(ContainerProbe.probe(RangeSource.of(ch), HEAD).criticalRanges())
            .isEqualTo(ContainerProbe.probe(RangeSource.of(Files.readAllBytes(out)), HEAD).criticalRanges());
      }
    }
    byte[] bytes = Files.readAllBytes(out);
    assertThat((long) bytes.length).as("test file larger than the head").isGreaterThan(4 * HEAD);
    return bytes;
  }

  /** The top-level moov found by walking 32-bit box sizes from offset 0, independently of Mp4Layout. */
  private static ByteRange topLevelMoovByScan(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file);
    int pos = 0;
    while (pos + 8 <= file.length) {
      int size = b.getInt(pos);
      String type = new String(file, pos + 4, 4, StandardCharsets.ISO_8859_1);
      if (type.equals("moov")) {
        return new ByteRange(pos, size);
      }
      assertThat(size).as("box at %d", pos).isGreaterThanOrEqualTo(8);
      pos += size;
    }
    throw new AssertionError("no moov");
  }

  private static int lastIndexOf(byte[] data, byte[] pattern) {
    int last = -1;
    for (int i = indexOf(data, pattern, 0); i >= 0; i = indexOf(data, pattern, i + 1)) {
      last = i;
    }
    return last;
  }

  private static int vintLength(byte first) {
    return Integer.numberOfLeadingZeros(first & 0xFF) - 23;
  }

  private static long vintValue(byte[] file, int at) {
    int len = vintLength(file[at]);
    long v = file[at] & (0xFF >> len);
    for (int i = 1; i < len; i++) {
      v = (v << 8) | (file[at + i] & 0xFF);
    }
    return v;
  }
}
