package dev.reel.app.library;

import static dev.reel.app.library.Fixtures.SERIES;
import static dev.reel.app.library.Fixtures.SERIES_SNAPSHOT;
import static dev.reel.app.library.Fixtures.SINTEL;
import static dev.reel.app.library.Fixtures.SINTEL_SNAPSHOT;
import static dev.reel.app.library.Fixtures.TEARS;
import static dev.reel.app.library.Fixtures.TEARS_SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.app.catalog.mine.MyTorrent;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library on a real SQLite file: created from nothing, and everything still there after a restart. */
class LibraryRestartTest {
  @TempDir Path tmp;
  final TestClock clock = new TestClock();

  @Test
  void migratesAnEmptyFolderToTheCurrentSchema() throws Exception {
    Path dataDir = tmp.resolve("not-yet/reel");
    try (Library library = Fixtures.open(dataDir, clock)) {
      assertThat(library.file()).isEqualTo(dataDir.resolve("library.db")).exists();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("library.db"));
        Statement s = c.createStatement()) {
      assertThat(strings(s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")))
          .contains("cache_entry", "history", "list_entry", "my_torrent", "provider", "resume_position", "setting",
              "watched", "transfer", "flyway_schema_history");
      assertThat(strings(s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1")))
          .containsExactly("1", "2");
      assertThat(strings(s.executeQuery("PRAGMA journal_mode"))).containsExactly("wal");
    }
  }

  @Test
  void foreignKeysAndWalAreOnForTheLibrarysConnection() {
    try (Library library = Fixtures.open(tmp, clock)) {
      Database db = library.database();
      long foreignKeys = db.read("pragma", c -> Database.queryLong(c, "PRAGMA foreign_keys"));
      long busyTimeout = db.read("pragma", c -> Database.queryLong(c, "PRAGMA busy_timeout"));
      String journal = db.read("pragma", c -> Database.queryOne(c, r -> r.getString(1), "PRAGMA journal_mode"))
          .orElseThrow();
      assertThat(foreignKeys).isEqualTo(1);
      assertThat(busyTimeout).isEqualTo(Database.BUSY_TIMEOUT_MILLIS);
      assertThat(journal).isEqualTo("wal");
    }
  }

  @Test
  void reopeningDoesNotMigrateAgainNorLoseData() {
    try (Library library = Fixtures.open(tmp, clock)) {
      library.favourites().add(SINTEL, SINTEL_SNAPSHOT);
    }
    for (int i = 0; i < 3; i++) {
      try (Library library = Fixtures.open(tmp, clock)) {
        assertThat(library.favourites().contains(SINTEL)).isTrue();
      }
    }
  }

  @Test
  void everythingTheUserDidSurvivesARestart() throws Exception {
    Metainfo sintel = MyTorrentsTest.sintel();
    InfoHash hash = sintel.infoHash();
    try (Library library = Fixtures.open(tmp, clock)) {
      library.favourites().add(SINTEL, SINTEL_SNAPSHOT);
      library.watchlist().add(TEARS, TEARS_SNAPSHOT);
      library.playback().markWatched(SERIES.video("tt0000001:1:1"));
      library.playback().savePosition(SERIES.video("tt0000001:1:2"), 3, 600.5, 2400);
      library.playback().savePosition(TEARS.movie(), 0, 61, 734);
      library.playback().recordPlay(TEARS.movie(), TEARS_SNAPSHOT);
      library.settings().update(Map.of("cacheLimitBytes", 2 * Settings.GIB, "clearOnExit", true));
      library.providers().registerBuiltin("reel-open", "Open Movies");
      library.providers().addAddon("org.example.addon", "Example", URI.create("http://127.0.0.1:1/manifest.json"));
      library.providers().setEnabled("reel-open", false);
      library.myTorrents().put(MyTorrent.of(sintel, clock.instant()).withGenres(List.of("Animation")).withYear(2010));
      library.cache().touch(hash, tmp.resolve("cache/sintel"), 123_456);
    }
    clock.advance(Duration.ofDays(1));
    try (Library library = Fixtures.open(tmp, clock)) {
      assertThat(library.favourites().list(0, 10).items()).extracting(ListEntry::item, ListEntry::snapshot)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(SINTEL, SINTEL_SNAPSHOT));
      assertThat(library.watchlist().contains(TEARS)).isTrue();
      assertThat(library.favourites().contains(TEARS)).isFalse();
      assertThat(library.playback().watchMark(SERIES.video("tt0000001:1:1")))
          .hasValueSatisfying(m -> assertThat(m.source()).isEqualTo(WatchMark.Source.MANUAL));
      assertThat(library.playback().isWatched(SERIES.video("tt0000001:1:2"))).isFalse();
      assertThat(library.playback().position(SERIES.video("tt0000001:1:2"))).hasValueSatisfying(p -> {
        assertThat(p.fileIndex()).isEqualTo(3);
        assertThat(p.positionSeconds()).isEqualTo(600.5);
        assertThat(p.durationSeconds()).isEqualTo(2400);
        assertThat(p.updatedAt()).isEqualTo(TestClock.START);
      });
      assertThat(library.playback().position(TEARS.movie())).map(ResumePosition::positionSeconds).contains(61.0);
      assertThat(library.playback().history(0, 10).items()).extracting(HistoryEntry::video)
          .containsExactly(TEARS.movie());
      assertThat(library.settings().get().cacheLimitBytes()).isEqualTo(2 * Settings.GIB);
      assertThat(library.settings().get().clearOnExit()).isTrue();
      assertThat(library.providers().list()).extracting(ProviderEntry::id, ProviderEntry::enabled)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("reel-open", false),
              org.assertj.core.groups.Tuple.tuple("org.example.addon", true));
      assertThat(library.myTorrents().find(hash)).hasValueSatisfying(t -> {
        assertThat(t.metainfo().infoHash()).isEqualTo(hash);
        assertThat(t.genres()).containsExactly("Animation");
        assertThat(t.year()).isEqualTo(2010);
      });
      assertThat(library.cache().find(hash)).map(CacheEntry::sizeBytes).contains(123_456L);
    }
  }

  @Test
  void aClosedLibrarySaysSo() {
    Library library = Fixtures.open(tmp, clock);
    library.close();
    library.close();
    assertThatThrownBy(() -> library.favourites().contains(SINTEL))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void aFileThatIsNotADatabaseFailsWithTheFileNamed() throws Exception {
    Files.writeString(tmp.resolve("library.db"), "this is not SQLite, it is a text file of some length ".repeat(40));
    assertThatThrownBy(() -> Fixtures.open(tmp, clock))
        .isInstanceOf(LibraryException.class).hasMessageContaining("library.db");
  }

  private static List<String> strings(ResultSet rows) throws Exception {
    List<String> result = new ArrayList<>();
    while (rows.next()) {
      result.add(rows.getString(1));
    }
    return result;
  }
}
