package dev.reel.engine.webseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PieceSpanTest {
  // pieces of 64 bytes over: a [0,100) | padding [100,128) | b [128,256) | empty [256,256) | d [256,306)
  private static final List<FileEntry> FILES = List.of(
      new FileEntry(0, List.of("a"), 100, 0, false),
      new FileEntry(1, List.of("._____padding_file", "0"), 28, 100, true),
      new FileEntry(2, List.of("b"), 128, 128, false),
      new FileEntry(3, List.of("empty"), 0, 256, false),
      new FileEntry(4, List.of("d"), 50, 256, false));
  private final PieceSpan span = new PieceSpan(FILES, 64);

  @ParameterizedTest(name = "bytes {0}+{1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      // start | length | segments as file:fileOffset+length@bufferOffset
      "0       | 64     | 0:0+64@0",
      "64      | 64     | 0:64+36@0",              // the piece's tail is padding: not requested
      "90      | 60     | 0:90+10@0 2:0+22@38",    // across the padding into b
      "100     | 28     | ''",                     // all padding: nothing to fetch
      "128     | 128    | 2:0+128@0",
      "250     | 10     | 2:122+6@0 4:0+4@6",      // across the empty file
      "256     | 50     | 4:0+50@0",               // the short last piece
      "0       | 306    | 0:0+100@0 2:0+128@128 4:0+50@256",
      "305     | 1      | 4:49+1@0",
      "17      | 0      | ''",
  })
  void mapsRangesOntoFilesSkippingPadding(long start, int length, String expected) {
    List<String> got = new ArrayList<>();
    for (FileSegment s : span.segments(start, length)) {
      got.add(s.fileIndex() + ":" + s.fileOffset() + "+" + s.length() + "@" + s.bufferOffset());
    }

    assertThat(String.join(" ", got)).isEqualTo(expected);
  }

  @Test
  void pieceAndOffsetAddressTheSameBytes() {
    assertThat(span.segments(1, 26, 40)).isEqualTo(span.segments(90, 40));
    assertThat(span.allPadding(100, 28)).isTrue();
    assertThat(span.allPadding(99, 2)).isFalse();
  }

  @Test
  void rangesOutsideTheTorrentAreRefused() {
    assertThatThrownBy(() -> span.segments(300, 7)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("outside the torrent's 306 bytes");
    assertThatThrownBy(() -> span.segments(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void neverRequestsAPaddingFileOfARealHybridTorrent() throws Exception {
    Metainfo m;
    try (InputStream in = getClass().getResourceAsStream("/torrents/hybrid.torrent")) {
      m = Metainfo.parse(in.readAllBytes());
    }
    PieceSpan s = PieceSpan.of(m);
    long requested = 0;
    for (int p = 0; p < m.pieceCount(); p++) {
      for (FileSegment seg : s.segments(p, 0, m.pieceSize(p))) {
        assertThat(m.files().get(seg.fileIndex()).padding()).as("file %d", seg.fileIndex()).isFalse();
        requested += seg.length();
      }
    }

    long real = m.files().stream().filter(f -> !f.padding()).mapToLong(FileEntry::length).sum();
    assertThat(requested).isEqualTo(real);
  }
}
