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

/** Favourites and the watchlist. */
class ItemListTest {
  @TempDir Path tmp;
  final TestClock clock = new TestClock();
  Library library;

  @BeforeEach
  void open() {
    library = Fixtures.open(tmp, clock);
  }

  @AfterEach
  void close() {
    library.close();
  }

  @Test
  void listsShowTheNewestFirstWithTheirSnapshots() {
    ItemList favourites = library.favourites();
    favourites.add(SINTEL, SINTEL_SNAPSHOT);
    clock.advance(Duration.ofSeconds(1));
    favourites.add(SERIES, SERIES_SNAPSHOT);
    clock.advance(Duration.ofSeconds(1));
    favourites.add(TEARS, TEARS_SNAPSHOT);

    Page<ListEntry> page = favourites.list(0, 2);
    assertThat(page.items()).extracting(ListEntry::item).containsExactly(TEARS, SERIES);
    assertThat(page.total()).isEqualTo(3);
    assertThat(favourites.list(2, 2).items()).extracting(ListEntry::snapshot).containsExactly(SINTEL_SNAPSHOT);
  }

  @Test
  void addingAgainRefreshesTheSnapshotAndKeepsThePlace() {
    library.favourites().add(SINTEL, SINTEL_SNAPSHOT);
    clock.advance(Duration.ofDays(1));
    ItemSnapshot renamed = new ItemSnapshot("Sintel (2010)", null, 2010);

    ListEntry entry = library.favourites().add(SINTEL, renamed);

    assertThat(entry.snapshot()).isEqualTo(renamed);
    assertThat(entry.addedAt()).isEqualTo(TestClock.START);
    assertThat(library.favourites().list(0, 10).total()).isEqualTo(1);
  }

  @Test
  void favouritesAndWatchlistAreSeparate() {
    library.favourites().add(SINTEL, SINTEL_SNAPSHOT);
    library.watchlist().add(TEARS, TEARS_SNAPSHOT);

    assertThat(library.favourites().contains(TEARS)).isFalse();
    assertThat(library.watchlist().contains(SINTEL)).isFalse();
    assertThat(library.watchlist().remove(SINTEL)).isFalse();
    assertThat(library.watchlist().remove(TEARS)).isTrue();
    assertThat(library.watchlist().contains(TEARS)).isFalse();
    assertThat(library.favourites().contains(SINTEL)).isTrue();
  }

  @Test
  void itemReferencesAndSnapshotsAreChecked() {
    assertThatThrownBy(() -> new ItemRef("p", " ", "x")).hasMessageContaining("type is empty");
    assertThatThrownBy(() -> new ItemRef("p", "movie", "x".repeat(ItemRef.MAX_LENGTH + 1)))
        .hasMessageContaining("item id");
    assertThatThrownBy(() -> new ItemSnapshot("t", null, 99)).hasMessageContaining("year 99");
  }
}
