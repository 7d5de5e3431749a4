package dev.reel.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test for {@link Metainfo#parse} (see docs/FUZZING.md). Plain {@code mvn test} replays the seeds in
 * {@code src/test/resources/dev/reel/engine/metainfo/MetainfoParseFuzzTestInputs/parse/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class MetainfoParseFuzzTest {

  /** Only InvalidTorrentException may escape; whatever parses is self-consistent and survives a round-trip. */
  @FuzzTest
  @DictionaryEntries({"4:info", "6:pieces", "12:piece length", "6:length", "4:name", "5:files", "4:path",
      "8:announce", "13:announce-list", "8:url-list", "7:private", "4:attr", "12:meta version", "9:file tree"})
  void parse(byte[] input) throws InvalidTorrentException {
    Metainfo m;
    try {
      m = Metainfo.parse(input);
    } catch (InvalidTorrentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(m.pieceCount()).isPositive();
    assertThat(m.files()).isNotEmpty();
    assertThat(m.files().getLast().offset() + m.files().getLast().length()).isEqualTo(m.totalLength());
    for (int p = 0; p < m.pieceCount(); p++) {
      assertThat(m.pieceHash(p)).hasSize(20);
    }
    long sum = (long) (m.pieceCount() - 1) * m.pieceLength() + m.pieceSize(m.pieceCount() - 1);
    assertThat(sum).isEqualTo(m.totalLength());
    Metainfo again = Metainfo.parse(m.toTorrentBytes());
    assertThat(again.infoHash()).isEqualTo(m.infoHash());
    assertThat(again.files()).isEqualTo(m.files());
  }
}
