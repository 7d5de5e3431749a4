package dev.reel.engine.media;

import static dev.reel.engine.media.Fixtures.ascii;
import static dev.reel.engine.media.Fixtures.avi;
import static dev.reel.engine.media.Fixtures.box;
import static dev.reel.engine.media.Fixtures.chunk;
import static dev.reel.engine.media.Fixtures.concat;
import static dev.reel.engine.media.Fixtures.ebmlHeader;
import static dev.reel.engine.media.Fixtures.el;
import static dev.reel.engine.media.Fixtures.ftyp;
import static dev.reel.engine.media.Fixtures.indexOf;
import static dev.reel.engine.media.Fixtures.largeBox;
import static dev.reel.engine.media.Fixtures.list;
import static dev.reel.engine.media.Fixtures.matroska;
import static dev.reel.engine.media.Fixtures.mp4MoovAtEnd;
import static dev.reel.engine.media.Fixtures.mvhd;
import static dev.reel.engine.media.Fixtures.riff;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The probe on hand-built files: layouts, merging, detection and durations. */
class ContainerProbeTest {

  private static final long HEAD = 4096;
  private static final long MIB = 1024 * 1024;

  static Stream<Arguments> detection() {
    byte[] ts = new byte[188 * 6];
    for (int i = 0; i < 6; i++) {
      ts[i * 188] = 0x47;
    }
    byte[] m2ts = new byte[192 * 6];
    for (int i = 0; i < 6; i++) {
      m2ts[4 + i * 192] = 0x47;
    }
    return Stream.of(
        Arguments.of("ftyp", ftyp(), Container.MP4),
        Arguments.of("bare QuickTime moov", box("moov"), Container.MP4),
        Arguments.of("bare QuickTime mdat size 0", Fixtures.rawBox(0, "mdat"), Container.MP4),
        Arguments.of("matroska doctype", ebmlHeader("matroska"), Container.MATROSKA),
        Arguments.of("webm doctype", ebmlHeader("webm"), Container.WEBM),
        Arguments.of("EBML magic, header cut off", new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 0x01},
            Container.MATROSKA),
        Arguments.of("riff avi", riff("AVI ", list("hdrl")), Container.AVI),
        Arguments.of("riff wave", riff("WAVE", chunk("fmt ")), Container.UNKNOWN),
        Arguments.of("transport stream", ts, Container.MPEG_TS),
        Arguments.of("m2ts", m2ts, Container.MPEG_TS),
        Arguments.of("one 0x47 only", new byte[] {0x47, 1, 2, 3}, Container.UNKNOWN),
        Arguments.of("text", ascii("hello, world, this is not a video"), Container.UNKNOWN),
        Arguments.of("empty", new byte[0], Container.UNKNOWN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detection")
  void detectsTheContainerFromItsFirstBytes(String name, byte[] head, Container expected) {
    ByteBuffer buf = ByteBuffer.wrap(head);

    assertThat(ContainerProbe.detect(buf)).isEqualTo(expected);
    assertThat(buf.position()).isZero();
  }

  @Test
  void mp4MoovAtTheEndIsTheSecondRange() throws Exception {
    byte[] file = mp4MoovAtEnd(100_000);
    int moov = indexOf(file, ascii("moov"), 0) - 4;

    ProbeResult r = ContainerProbe.probe(RangeSource.of(file), HEAD);

    assertThat(r.container()).isEqualTo(Container.MP4);
    assertThat(r.criticalRanges()).containsExactly(new ByteRange(0, HEAD), ByteRange.of(moov, file.length));
    assertThat(r.duration()).contains(Duration.ofSeconds(4));
    assertThat(r.bytesPerSecond()).hasValue(file.length / 4);
    assertThat(r.problem()).isEmpty();
  }

  @Test
  void mp4MoovFirstExtendsTheHead() throws Exception {
    byte[] moov = box("moov", mvhd(600, 1200), box("trak", new byte[10_000]));
    byte[] file = concat(ftyp(), moov, box("mdat", new byte[50_000]));

    ProbeResult r = ContainerProbe.probe(RangeSource.of(file), HEAD);

    assertThat(r.criticalRanges()).containsExactly(new ByteRange(0, ftyp().length + moov.length));
    assertThat(r.duration()).contains(Duration.ofSeconds(2));
  }

  @Test
  void mp4LargesizeMdatBeforeMoov() throws Exception {
    byte[] moovBox = box("moov", mvhd(1000, 500));
    byte[] file = concat(ftyp(), largeBox("mdat", new byte[20_000]), moovBox);

    ProbeResult r = ContainerProbe.probe(RangeSource.of(file), HEAD);

    assertThat(r.criticalRanges()).containsExactly(new ByteRange(0, HEAD),
        ByteRange.of(file.length - moovBox.length, file.length));
    assertThat(r.duration()).contains(Duration.ofMillis(500));
  }

  @Test
  void mp4SizeZeroMoovRunsToTheEndOfTheFile() throws Exception {
    byte[] moov = concat(Fixtures.rawBox(0, "moov"), mvhd(1, 7), new byte[3000]);
    byte[] file = concat(ftyp(), box("mdat", new byte[20_000]), moov);

    ProbeResult r = ContainerProbe.probe(RangeSource.of(file), HEAD);

    assertThat(r.criticalRanges()).last().isEqualTo(ByteRange.of(file.length - moov.length, file.length));
    assertThat(r.duration()).contains(Duration.ofSeconds(7));
  }

  @Test
  void matroskaRangesComeFromTheSeekHead() throws Exception {
    byte[] file = matroska(50_000);
    int cues = indexOf(file, Fixtures.id(MatroskaLayout.CUES), 20_000);

    ProbeResult r = ContainerProbe.probe(RangeSource.of(file), HEAD);

    assertThat(r.container()).isEqualTo(Container.MATROSKA);
    assertThat(r.criticalRanges()).containsExactly(new ByteRange(0, HEAD), ByteRange.of(cues, file.length));
    assertThat(r.duration()).contains(Duration.ofSeconds(4));
  }

  @Test
  void matroskaHeadersBeyondASmallHeadAreFetchedInFull() throws Exception {
    byte[] file = matroska(50_000);
    int cluster = indexOf(file, Fixtures.id(MatroskaLayout.CLUSTER), 0);
    int cues = indexOf(file, Fixtures.id(MatroskaLayout.CUES), cluster);

    ProbeResult r = ContainerProbe.probe(RangeSource.of(file), 16);

    // EBML + Segment + SeekHead, Info and Tracks are contiguous up to the Cluster, so they merge into the head.
    assertThat(r.criticalRanges()).containsExactly(ByteRange.of(0, cluster), ByteRange.of(cues, file.length));
  }

  @Test
  void matroskaSecondSeekHeadAtTheEndIsFollowed() throws Exception {
    byte[] info = el(MatroskaLayout.INFO, new byte[30]);
    byte[] cluster = el(MatroskaLayout.CLUSTER, new byte[50_000]);
    byte[] cues = el(MatroskaLayout.CUES, new byte[100]);
    int aLen = el(MatroskaLayout.SEEK_HEAD, Fixtures.seek(MatroskaLayout.SEEK_HEAD, 0)).length;
    long cuesAt = aLen + info.length + cluster.length;
    long bAt = cuesAt + cues.length;
    byte[] a = el(MatroskaLayout.SEEK_HEAD, Fixtures.seek(MatroskaLayout.SEEK_HEAD, bAt));
    byte[] b = el(MatroskaLayout.SEEK_HEAD, Fixtures.seek(MatroskaLayout.CUES, cuesAt));
    byte[] file = concat(ebmlHeader("matroska"), el(MatroskaLayout.SEGMENT, a, info, cluster, cues, b));
    long base = file.length - (bAt + b.length);

    ProbeResult r = ContainerProbe.probe(RangeSource.of(file), HEAD);

    assertThat(r.problem()).isEmpty();
    assertThat(r.criticalRanges()).containsExactly(new ByteRange(0, HEAD), ByteRange.of(base + cuesAt, file.length));
  }

  @Test
  void matroskaWithoutSeekHeadFindsLeadingElementsAndFetchesTheTail() throws Exception {
    byte[] info = el(MatroskaLayout.INFO, el(MatroskaLayout.DURATION, ByteBuffer.allocate(4).putFloat(1500f).array()));
    byte[] file = concat(ebmlHeader("webm"),
        el(MatroskaLayout.SEGMENT, info, el(MatroskaLayout.TRACKS, new byte[50]),
            el(MatroskaLayout.CLUSTER, new byte[3 * (int) MIB])));

    ProbeResult r = ContainerProbe.probe(RangeSource.of(file), HEAD);

    assertThat(r.container()).isEqualTo(Container.WEBM);
    assertThat(r.criticalRanges()).containsExactly(new ByteRange(0, HEAD),
        ByteRange.of(file.length - MIB, file.length));
    assertThat(r.duration()).contains(Duration.ofMillis(1500));
  }

  @Test
  void aviRangesAreHdrlAndIdx1() throws Exception {
    byte[] file = avi(100_000);
    int idx1 = indexOf(file, ascii("idx1"), 0);

    ProbeResult r = ContainerProbe.probe(RangeSource.of(file), 64);

    assertThat(r.container()).isEqualTo(Container.AVI);
    int hdrlEnd = 12 + 12 + 8 + 56;
    assertThat(r.criticalRanges()).containsExactly(new ByteRange(0, hdrlEnd), ByteRange.of(idx1, file.length));
    assertThat(r.duration()).contains(Duration.ofSeconds(4));
  }

  @Test
  void unknownGetsHeadAndTail() throws Exception {
    byte[] file = new byte[3 * (int) MIB];

    ProbeResult r = ContainerProbe.probe(RangeSource.of(file));

    assertThat(r.container()).isEqualTo(Container.UNKNOWN);
    assertThat(r.criticalRanges()).containsExactly(new ByteRange(0, MIB), new ByteRange(2 * MIB, MIB));
  }

  @Test
  void smallUnknownFileIsOneRange() throws Exception {
    assertThat(ContainerProbe.criticalRanges(RangeSource.of(new byte[1000])))
        .containsExactly(new ByteRange(0, 1000));
    assertThat(ContainerProbe.criticalRanges(RangeSource.of(new byte[0]))).isEmpty();
  }

  @Test
  void mergeKeepsFirstAppearanceOrderAndJoinsTouchingRanges() {
    List<ByteRange> merged = ContainerProbe.merge(List.of(ByteRange.of(0, 10), ByteRange.of(50, 60),
        ByteRange.of(10, 12), ByteRange.of(30, 40), ByteRange.of(35, 55), ByteRange.of(90, 200)), 100);

    assertThat(merged).containsExactly(ByteRange.of(0, 12), ByteRange.of(30, 60), ByteRange.of(90, 100));
  }
}
