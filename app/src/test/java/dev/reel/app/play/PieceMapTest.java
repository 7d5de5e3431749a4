package dev.reel.app.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The buffered ranges a session reports: verified pieces mapped into one file's byte range, merged. */
class PieceMapTest {
  private static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
  private static final int PIECE = 100;

  private static SessionView.Range r(long start, long end) {
    return new SessionView.Range(start, end);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // verified pieces, file offset, file length, expected ranges (file coordinates)
        Arguments.of(List.of(), 0L, 1000L, List.of()),
        Arguments.of(List.of(0), 0L, 1000L, List.of(r(0, 100))),
        Arguments.of(List.of(0, 1, 2, 5), 0L, 1000L, List.of(r(0, 300), r(500, 600))),
        Arguments.of(List.of(9), 0L, 950L, List.of(r(900, 950))), // last piece is short
        Arguments.of(List.of(1, 2), 150L, 200L, List.of(r(0, 150))), // file starts inside piece 1
        Arguments.of(List.of(0, 4), 150L, 200L, List.of()), // pieces outside the file
        Arguments.of(List.of(1, 3), 150L, 200L, List.of(r(0, 50), r(150, 200))));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void mapsVerifiedPiecesToMergedFileRanges(List<Integer> pieces, long offset, long length,
      List<SessionView.Range> expected) {
    PieceMap map = new PieceMap();
    pieces.forEach(p -> map.verified(HASH, p));
    assertThat(map.ranges(HASH, offset, length, PIECE)).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void forgetsATorrent(List<Integer> pieces, long offset, long length, List<SessionView.Range> expected) {
    PieceMap map = new PieceMap();
    pieces.forEach(p -> map.verified(HASH, p));
    map.forget(HASH);
    assertThat(map.ranges(HASH, offset, length, PIECE)).isEmpty();
  }
}
