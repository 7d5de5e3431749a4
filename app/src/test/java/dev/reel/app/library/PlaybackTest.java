package dev.reel.app.library;

import static dev.reel.app.library.Fixtures.SERIES;
import static dev.reel.app.library.Fixtures.SERIES_SNAPSHOT;
import static dev.reel.app.library.Fixtures.SINTEL;
import static dev.reel.app.library.Fixtures.SINTEL_SNAPSHOT;
import static dev.reel.app.library.Fixtures.TEARS;
import static dev.reel.app.library.Fixtures.TEARS_SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Watched marks, resume positions (automatically watched at 90%) and history. */
class PlaybackTest {
  @TempDir Path tmp;
  final TestClock clock = new TestClock();
  Library library;
  Playback playback;

  @BeforeEach
  void open() {
    library = Fixtures.open(tmp, clock);
    playback = library.playback();
  }

  @AfterEach
  void close() {
    library.close();
  }

  @ParameterizedTest(name = "{0}s of {1}s -> watched {2}")
  @CsvSource({
      "0,      5400, false",
      "4859,   5400, false", // 89.98%
      "4860,   5400, true", // exactly 90%
      "5399.9, 5400, true",
      "5400,   5400, true",
      "6000,   5400, true", // players overshoot at the end
      "100000, 0,    false", // unknown duration never counts as watched
  })
  void aPositionAtNinetyPercentMarksTheVideoWatchedAndForgetsTheResumePoint(
      double position, double duration, boolean watched) {
    var stored = playback.savePosition(SINTEL.movie(), 0, position, duration);

    assertThat(playback.isWatched(SINTEL.movie())).isEqualTo(watched);
    assertThat(stored.isPresent()).isEqualTo(!watched);
    assertThat(playback.position(SINTEL.movie()).isPresent()).isEqualTo(!watched);
    if (watched) {
      assertThat(playback.watchMark(SINTEL.movie())).hasValueSatisfying(mark -> {
        assertThat(mark.source()).isEqualTo(WatchMark.Source.AUTO);
        assertThat(mark.watchedAt()).isEqualTo(TestClock.START);
      });
    }
  }

  @Test
  void savingAgainMovesTheResumePointAndItsTime() {
    playback.savePosition(TEARS.movie(), 0, 10, 734);
    clock.advance(Duration.ofMinutes(5));
    playback.savePosition(TEARS.movie(), 1, 300, 734);

    assertThat(playback.position(TEARS.movie())).hasValueSatisfying(p -> {
      assertThat(p.fileIndex()).isEqualTo(1);
      assertThat(p.positionSeconds()).isEqualTo(300);
      assertThat(p.fraction()).isCloseTo(300 / 734.0, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(p.updatedAt()).isEqualTo(TestClock.START.plus(Duration.ofMinutes(5)));
    });
  }

  @Test
  void aManualMarkStaysManualWhenPlaybackLaterPassesNinetyPercent() {
    playback.markWatched(SINTEL.movie());
    clock.advance(Duration.ofHours(1));
    playback.savePosition(SINTEL.movie(), 0, 95, 100);

    assertThat(playback.watchMark(SINTEL.movie())).hasValueSatisfying(mark -> {
      assertThat(mark.source()).isEqualTo(WatchMark.Source.MANUAL);
      assertThat(mark.watchedAt()).isEqualTo(TestClock.START);
    });
  }

  @Test
  void markingWatchedByHandForgetsTheResumePointAndUnwatchRemovesTheMark() {
    playback.savePosition(SINTEL.movie(), 0, 100, 888);
    playback.markWatched(SINTEL.movie());
    assertThat(playback.position(SINTEL.movie())).isEmpty();

    assertThat(playback.unwatch(SINTEL.movie())).isTrue();
    assertThat(playback.unwatch(SINTEL.movie())).isFalse();
    assertThat(playback.isWatched(SINTEL.movie())).isFalse();
  }

  @Test
  void episodesAreMarkedOneByOne() {
    playback.markWatched(SERIES.video("tt0000001:1:1"));
    clock.advance(Duration.ofMinutes(1));
    playback.savePosition(SERIES.video("tt0000001:1:2"), 1, 2000, 2100);
    playback.savePosition(SERIES.video("tt0000001:1:3"), 2, 10, 2100);

    assertThat(playback.watchedIn(SERIES)).extracting(m -> m.video().videoId())
        .containsExactly("tt0000001:1:1", "tt0000001:1:2");
    assertThat(playback.watchedIn(SINTEL)).isEmpty();
  }

  @Test
  void continueWatchingListsTheMostRecentlyPlayedFirst() {
    playback.savePosition(SINTEL.movie(), 0, 10, 888);
    clock.advance(Duration.ofMinutes(1));
    playback.savePosition(TEARS.movie(), 0, 10, 734);

    assertThat(playback.inProgress(0, 10).items()).extracting(ResumePosition::video)
        .containsExactly(TEARS.movie(), SINTEL.movie());
    assertThat(playback.clearPosition(TEARS.movie())).isTrue();
    assertThat(playback.inProgress(0, 10).total()).isEqualTo(1);
  }

  @Test
  void badPositionsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> playback.savePosition(SINTEL.movie(), 0, -1, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position");
    assertThatThrownBy(() -> playback.savePosition(SINTEL.movie(), 0, Double.NaN, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> playback.savePosition(SINTEL.movie(), 0, 1, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
    assertThatThrownBy(() -> playback.savePosition(SINTEL.movie(), -1, 1, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file index");
    assertThat(playback.position(SINTEL.movie())).isEmpty();
  }

  @Test
  void historyIsPagedNewestFirst() {
    for (int i = 0; i < 7; i++) {
      playback.recordPlay(i % 2 == 0 ? SINTEL.movie() : SERIES.video("tt0000001:1:" + i),
          i % 2 == 0 ? SINTEL_SNAPSHOT : SERIES_SNAPSHOT);
      clock.advance(Duration.ofMinutes(1));
    }

    Page<HistoryEntry> first = playback.history(0, 3);
    Page<HistoryEntry> last = playback.history(6, 3);

    assertThat(first.total()).isEqualTo(7);
    assertThat(first.hasMore()).isTrue();
    assertThat(first.items()).extracting(e -> e.video().videoId())
        .containsExactly(SINTEL.itemId(), "tt0000001:1:5", SINTEL.itemId());
    assertThat(first.items().get(0).playedAt()).isEqualTo(TestClock.START.plus(Duration.ofMinutes(6)));
    assertThat(last.items()).hasSize(1);
    assertThat(last.hasMore()).isFalse();
    assertThat(last.items().get(0).playedAt()).isEqualTo(TestClock.START);

    assertThat(playback.removeFromHistory(first.items().get(0).id())).isTrue();
    assertThat(playback.history(0, 10).total()).isEqualTo(6);
    assertThat(playback.clearHistory()).isEqualTo(6);
    assertThat(playback.history(0, 10).items()).isEmpty();
  }

  @Test
  void pagesAreBounded() {
    assertThatThrownBy(() -> playback.history(-1, 10)).hasMessageContaining("skip");
    assertThatThrownBy(() -> playback.history(0, 0)).hasMessageContaining("limit");
    assertThatThrownBy(() -> playback.history(0, Page.MAX_LIMIT + 1)).hasMessageContaining("limit");
  }

  @Test
  void historyKeepsTheSnapshotOfTheTime() {
    playback.recordPlay(TEARS.movie(), TEARS_SNAPSHOT);
    assertThat(playback.history(0, 1).items().get(0).snapshot()).isEqualTo(TEARS_SNAPSHOT);
  }
}
