package dev.reel.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageLayoutTest {
  // Files: z0 (0) | a [0,5) | e1 (0) | e2 (0) | b [5,7) | c [7,13) | z3 (0); pieces of 4 bytes.
  private static final StorageLayout LAYOUT = StorageLayout.builder(4)
      .file("z0", 0).file("a", 5).file("e1", 0).file("e2", 0).file("b", 2).file("c", 6).file("z3", 0).build();

  @ParameterizedTest(name = "byte {0} is in file {1}")
  @CsvSource({"0,1", "4,1", "5,4", "6,4", "7,5", "12,5"})
  void fileAtSkipsZeroLengthFiles(long offset, int file) {
    assertThat(LAYOUT.fileAt(offset)).isEqualTo(file);
  }

  @Test
  void fileAtRejectsOffsetsOutsideTheTorrent() {
    assertThatThrownBy(() -> LAYOUT.fileAt(13)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> LAYOUT.fileAt(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void piecesCutTheConcatenatedFiles() {
    assertThat(LAYOUT.totalLength()).isEqualTo(13);
    assertThat(LAYOUT.pieceCount()).isEqualTo(4);
    assertThat(LAYOUT.pieceSize(0)).isEqualTo(4);
    assertThat(LAYOUT.pieceSize(3)).as("last piece is shorter").isEqualTo(1);
    assertThat(LAYOUT.pieceOffset(3)).isEqualTo(12);
    assertThatThrownBy(() -> LAYOUT.pieceSize(4)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @ParameterizedTest(name = "file {0} spans pieces {1}..{2}")
  @CsvSource({"0,-1,-1", "1,0,1", "2,-1,-1", "4,1,1", "5,1,3"})
  void filesKnowTheirPieces(int file, int first, int last) {
    assertThat(LAYOUT.firstPiece(file)).isEqualTo(first);
    assertThat(LAYOUT.lastPiece(file)).isEqualTo(last);
  }

  @Test
  void exactMultipleOfThePieceLength() {
    StorageLayout l = StorageLayout.singleFile(Path.of("x"), 32, 16);
    assertThat(l.pieceCount()).isEqualTo(2);
    assertThat(l.pieceSize(1)).isEqualTo(16);
  }

  @Test
  void emptyTorrentHasNoPieces() {
    StorageLayout l = StorageLayout.builder(16).file("nothing", 0).build();
    assertThat(l.pieceCount()).isZero();
  }

  @Test
  void bigTorrentOffsetsDoNotOverflow() {
    StorageLayout l = StorageLayout.builder(16 * 1024 * 1024).file("a", 5_000_000_000L).file("b", 30_000_000_000L).build();
    assertThat(l.pieceCount()).isEqualTo(2087);
    assertThat(l.fileAt(5_000_000_000L)).isEqualTo(1);
    assertThat(l.pieceOffset(2086)).isEqualTo(2086L * 16 * 1024 * 1024);
    assertThat(l.firstPiece(1)).isEqualTo(298);
  }

  @Test
  void inconsistentLayoutsAreRejected() {
    assertThatThrownBy(() -> new StorageLayout(16, 10, List.of(new StoredFile(Path.of("a"), 10, 1, false))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starts at 1, expected 0");
    assertThatThrownBy(() -> new StorageLayout(16, 11, List.of(new StoredFile(Path.of("a"), 10, 0, false))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add up to 10");
    assertThatThrownBy(() -> StorageLayout.builder(0).file("a", 1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("piece length");
    assertThatThrownBy(() -> StorageLayout.builder(16).file("a", 1).file("a", 2).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share the path a");
    assertThatThrownBy(() -> StorageLayout.builder(16).file("a", (long) StorageLayout.MAX_PIECES * 16 + 1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too many pieces");
    assertThatThrownBy(() -> StorageLayout.builder(16).file("a", -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
  }

  @Test
  void paddingFilesMayShareTheirPath() {
    StorageLayout l = StorageLayout.builder(16).file("a", 10).padding(6).file("b", 10).padding(6).file("c", 1).build();
    assertThat(l.files()).filteredOn(StoredFile::padding).hasSize(2)
        .allSatisfy(f -> assertThat(f.relativePath()).isEqualTo(Path.of(".pad", "6")));
  }
}
