package dev.reel.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings in the database: defaults until changed, atomic and validated updates. */
class SettingsStoreTest {
  @TempDir Path tmp;
  final TestClock clock = new TestClock();

  @Test
  void aNewLibraryHasTheDefaults() {
    try (Library library = Fixtures.open(tmp, clock)) {
      assertThat(library.settings().get()).isEqualTo(library.settings().defaults());
    }
  }

  @Test
  void anInvalidUpdateStoresNothing() {
    try (Library library = Fixtures.open(tmp, clock)) {
      assertThatThrownBy(() -> library.settings().update(Map.of("clearOnExit", true, "peerPort", -1)))
          .isInstanceOf(Settings.InvalidSettingsException.class).hasMessageContaining("peerPort");
      assertThat(library.settings().get().clearOnExit()).isFalse();
    }
  }

  @Test
  void updatesOfDifferentKeysBothLandAndResetRestoresTheDefaults() {
    try (Library library = Fixtures.open(tmp, clock)) {
      library.settings().update(Map.of("httpPort", 9999));
      Settings after = library.settings().update(Map.of("subtitleLanguage", "fr"));
      assertThat(after.httpPort()).isEqualTo(9999);
      assertThat(after.subtitleLanguage()).isEqualTo("fr");

      assertThat(library.settings().reset()).isEqualTo(library.settings().defaults());
    }
  }

  @Test
  void storedValuesApplyOverNewDefaults() {
    try (Library library = Fixtures.open(tmp, clock)) {
      library.settings().update(Map.of("maxConnections", 300));
    }
    Settings otherDefaults = Settings.defaults(Path.of("/elsewhere"));
    try (Library library = Library.open(tmp, otherDefaults, clock)) {
      assertThat(library.settings().get().maxConnections()).isEqualTo(300);
      assertThat(library.settings().get().downloadFolder()).isEqualTo(Path.of("/elsewhere"));
    }
  }
}
