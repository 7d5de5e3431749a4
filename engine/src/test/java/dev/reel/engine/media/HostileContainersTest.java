package dev.reel.engine.media;

import static dev.reel.engine.media.Fixtures.ascii;
import static dev.reel.engine.media.Fixtures.box;
import static dev.reel.engine.media.Fixtures.chunk;
import static dev.reel.engine.media.Fixtures.concat;
import static dev.reel.engine.media.Fixtures.ebmlHeader;
import static dev.reel.engine.media.Fixtures.el;
import static dev.reel.engine.media.Fixtures.ftyp;
import static dev.reel.engine.media.Fixtures.list;
import static dev.reel.engine.media.Fixtures.mvhd;
import static dev.reel.engine.media.Fixtures.rawBox;
import static dev.reel.engine.media.Fixtures.riff;
import static dev.reel.engine.media.Fixtures.seek;
import static dev.reel.engine.media.MatroskaLayout.CLUSTER;
import static dev.reel.engine.media.MatroskaLayout.CUES;
import static dev.reel.engine.media.MatroskaLayout.INFO;
import static dev.reel.engine.media.MatroskaLayout.SEEK_HEAD;
import static dev.reel.engine.media.MatroskaLayout.SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken and hostile files: a structure that cannot be trusted yields the generic head + tail and a message
 * naming the offset; nothing hangs, recurses or reads more than a bounded number of bytes.
 */
class HostileContainersTest {

  private static final long HEAD = 1024;
  /** Far above what any valid walk needs, far below the 10 MB test files. */
  private static final long READ_BUDGET = 64 * 1024;

  static Stream<Arguments> broken() {
    byte[] ftyp = ftyp();
    return Stream.of(
        Arguments.of("mp4 box larger than the file",
            concat(ftyp, rawBox(1_000_000, "mdat"), new byte[5000]),
            "mp4: box 'mdat' size 1000000 does not fit in the 5008 bytes left at offset " + ftyp.length),
        Arguments.of("mp4 size-0 mdat leaves no room for moov",
            concat(ftyp, rawBox(0, "mdat"), new byte[3000], box("moov", mvhd(1, 1))),
            "mp4: no moov box before end of file"),
        Arguments.of("mp4 size 3", concat(ftyp, rawBox(3, "free"), new byte[100]),
            "box 'free' size 3 < 8 at offset " + ftyp.length),
        Arguments.of("mp4 largesize 8", concat(ftyp, rawBox(1, "mdat"), Fixtures.uint(8), new byte[100]),
            "box 'mdat' largesize 8 < 16"),
        Arguments.of("mp4 largesize negative", concat(ftyp, rawBox(1, "mdat"), Fixtures.uint(-1), new byte[100]),
            "largesize -1 < 16"),
        Arguments.of("mp4 largesize beyond the file",
            concat(ftyp, rawBox(1, "mdat"), Fixtures.uint(Long.MAX_VALUE), new byte[100]), "does not fit"),
        Arguments.of("mp4 truncated before moov", truncate(Fixtures.mp4MoovAtEnd(20_000), 10_000),
            "box 'mdat' size 20008 does not fit"),
        Arguments.of("mp4 10,000 tiny boxes", concat(ftyp, repeat(box("free"), 10_000), box("moov")),
            "no moov within the first 1024 boxes"),
        Arguments.of("mkv invalid ID byte", concat(ebmlHeader("matroska"), new byte[] {0, 0, 0, 0}, new byte[100]),
            "invalid element ID byte 0x0"),
        Arguments.of("mkv Segment larger than the file",
            concat(ebmlHeader("matroska"), Fixtures.id(SEGMENT), Fixtures.size8(1L << 40), new byte[100]),
            "does not fit"),
        Arguments.of("mkv without Segment", concat(ebmlHeader("matroska"), el(0xEC, new byte[10])),
            "no Segment element"),
        Arguments.of("mkv SeekHead over 64 KiB",
            concat(ebmlHeader("matroska"), el(SEGMENT, el(SEEK_HEAD, new byte[70_000]))), "SeekHead of 70000 bytes"),
        Arguments.of("avi size beyond the file",
            riff("AVI ", list("hdrl"), chunk("JUNK"), new byte[] {'L', 'I', 'S', 'T', -1, -1, -1, 0x7F}),
            "chunk 'LIST' size 2147483647 does not fit"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void brokenStructureFallsBackToHeadAndTailWithAClearMessage(String name, byte[] file, String message)
      throws Exception {
    Fixtures.CountingSource src = new Fixtures.CountingSource(RangeSource.of(file), READ_BUDGET);

    ProbeResult r = ContainerProbe.probe(src, HEAD);

    assertThat(r.problem()).hasValueSatisfying(p -> assertThat(p).contains(message).contains("at offset"));
    assertThat(r.criticalRanges()).containsExactlyElementsOf(
        ContainerProbe.merge(java.util.List.of(new ByteRange(0, HEAD),
            ByteRange.of(Math.max(0, file.length - ContainerProbe.TAIL_BYTES), file.length)), file.length));
    assertThat(r.duration()).isEmpty();
  }

  @Test
  void deeplyNestedBoxesInsideMoovAreNotWalked() throws Exception {
    byte[] nested = new byte[0];
    for (int i = 0; i < 10_000; i++) {
      nested = box("trak", nested);
    }
    byte[] moov = box("moov", nested);
    byte[] file = concat(ftyp(), box("mdat", new byte[5000]), moov);
    Fixtures.CountingSource src = new Fixtures.CountingSource(RangeSource.of(file), READ_BUDGET);

    ProbeResult r = ContainerProbe.probe(src, HEAD);

    assertThat(r.problem()).isEmpty();
    assertThat(r.criticalRanges()).last().isEqualTo(ByteRange.of(file.length - moov.length, file.length));
    assertThat(r.duration()).isEmpty();
  }

  @Test
  void mvhdWithZeroTimescaleOrUnknownDurationGivesNoDuration() throws Exception {
    for (byte[] mvhd : new byte[][] {mvhd(0, 100), mvhd(1000, -1), box("mvhd", new byte[3])}) {
      byte[] file = concat(ftyp(), box("moov", mvhd), box("mdat", new byte[100]));

      ProbeResult r = ContainerProbe.probe(RangeSource.of(file), HEAD);

      assertThat(r.problem()).isEmpty();
      assertThat(r.duration()).isEmpty();
    }
  }

  @Test
  void seekHeadsThatPointAtThemselvesOrLieAreNotFollowedForever() throws Exception {
    // Segment data: [SeekHead A][SeekHead B][Cluster][Cues]; A points at A, B, past the end and "Cues" at the
    // Cluster; B points back at A.
    byte[] cluster = el(CLUSTER, new byte[2 << 20]);
    int seekHeadLen = el(SEEK_HEAD, seek(SEEK_HEAD, 0), seek(SEEK_HEAD, 0), seek(CUES, 0), seek(CUES, 0)).length;
    int bLen = el(SEEK_HEAD, seek(SEEK_HEAD, 0)).length;
    byte[] a = el(SEEK_HEAD, seek(SEEK_HEAD, 0), seek(SEEK_HEAD, seekHeadLen), seek(CUES, 1L << 50),
        seek(CUES, seekHeadLen + bLen));
    byte[] b = el(SEEK_HEAD, seek(SEEK_HEAD, 0));
    byte[] file = concat(ebmlHeader("matroska"), el(SEGMENT, a, b, cluster, el(CUES, new byte[10])));
    Fixtures.CountingSource src = new Fixtures.CountingSource(RangeSource.of(file), READ_BUDGET);

    ProbeResult r = ContainerProbe.probe(src, HEAD);

    assertThat(r.problem()).isEmpty();
    assertThat(r.criticalRanges()).as("Cues not found, so the tail").containsExactly(new ByteRange(0, HEAD),
        ByteRange.of(file.length - ContainerProbe.TAIL_BYTES, file.length));
    assertThat(src.reads).isLessThan(20);
  }

  @Test
  void thousandsOfVoidElementsStopTheWalkAndFetchTheTail() throws Exception {
    byte[] file = concat(ebmlHeader("webm"),
        el(SEGMENT, repeat(el(0xEC), 10_000), el(CLUSTER, new byte[2 << 20]), el(CUES, new byte[10])));
    Fixtures.CountingSource src = new Fixtures.CountingSource(RangeSource.of(file), READ_BUDGET);

    ProbeResult r = ContainerProbe.probe(src, HEAD);

    assertThat(r.problem()).isEmpty();
    assertThat(r.criticalRanges()).containsExactly(new ByteRange(0, HEAD),
        ByteRange.of(file.length - ContainerProbe.TAIL_BYTES, file.length));
    assertThat(src.bytesRead).isLessThanOrEqualTo(ContainerProbe.DETECT_BYTES + 64 * Ebml.MAX_HEADER_BYTES);
  }

  @Test
  void liveMatroskaWithUnknownSegmentSizeIsFine() throws Exception {
    byte[] info = el(INFO, el(MatroskaLayout.DURATION, ByteBuffer.allocate(8).putDouble(Double.NaN).array()));
    byte[] file = concat(ebmlHeader("webm"), Fixtures.id(SEGMENT), new byte[] {(byte) 0xFF}, info,
        Fixtures.id(CLUSTER), new byte[] {(byte) 0xFF}, new byte[3000]);

    ProbeResult r = ContainerProbe.probe(RangeSource.of(file), HEAD);

    assertThat(r.problem()).isEmpty();
    assertThat(r.container()).isEqualTo(Container.WEBM);
    assertThat(r.duration()).as("NaN duration").isEmpty();
  }

  @Test
  void aviWithZeroRiffSizeAndNoIdx1FetchesTheTail() throws Exception {
    byte[] file = riff("AVI ", list("hdrl"), list("movi", new byte[4000]));
    ByteBuffer.wrap(file).putInt(4, 0);

    ProbeResult r = ContainerProbe.probe(RangeSource.of(file), HEAD);

    assertThat(r.problem()).isEmpty();
    assertThat(r.criticalRanges()).containsExactly(ByteRange.of(0, file.length));
  }

  @Test
  void tinyAndEmptyFilesAreSane() throws Exception {
    for (byte[] file : new byte[][] {new byte[0], new byte[] {0x1A}, ascii("RIFF"), rawBox(8, "ftyp")}) {
      ProbeResult r = ContainerProbe.probe(RangeSource.of(file), HEAD);

      assertThat(r.criticalRanges()).isEqualTo(file.length == 0
          ? java.util.List.of() : java.util.List.of(ByteRange.of(0, file.length)));
    }
  }

  @Test
  void failuresOfTheSourceItselfPropagate() {
    byte[] file = Fixtures.mp4MoovAtEnd(100_000);
    RangeSource failing = new RangeSource() {
      @Override
      public long length() {
        return file.length;
      }

      @Override
      public void read(long position, ByteBuffer dst) throws IOException {
        if (position > 0) {
          throw new IOException("torrent removed");
        }
        RangeSource.of(file).read(position, dst);
      }
    };

    assertThatThrownBy(() -> ContainerProbe.probe(failing, HEAD)).isInstanceOf(IOException.class)
        .hasMessage("torrent removed");
  }

  private static byte[] repeat(byte[] part, int times) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < times; i++) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] truncate(byte[] file, int length) {
    return java.util.Arrays.copyOf(file, length);
  }
}
