package dev.reel.app.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data folder follows XDG unless --data-dir says otherwise (the CLI's rule). */
class DataDirsTest {
  static final Path HOME = Path.of("/home/u");

  @Test
  void theOptionWinsAndIsMadeAbsolute() {
    assertThat(DataDirs.dataDir(Path.of("/srv/reel/../reel"), Map.of("XDG_DATA_HOME", "/xdg"), HOME))
        .isEqualTo(Path.of("/srv/reel"));
    assertThat(DataDirs.dataDir(Path.of("state"), Map.of(), HOME))
        .isEqualTo(Path.of("state").toAbsolutePath());
  }

  @Test
  void xdgDataHomeWhenAbsoluteElseTheHomeDefault() {
    assertThat(DataDirs.dataDir(null, Map.of("XDG_DATA_HOME", "/xdg/data"), HOME)).isEqualTo(Path.of("/xdg/data/reel"));
    assertThat(DataDirs.dataDir(null, Map.of(), HOME)).isEqualTo(Path.of("/home/u/.local/share/reel"));
    assertThat(DataDirs.dataDir(null, Map.of("XDG_DATA_HOME", " "), HOME))
        .isEqualTo(Path.of("/home/u/.local/share/reel"));
    assertThat(DataDirs.dataDir(null, Map.of("XDG_DATA_HOME", "relative"), HOME))
        .as("XDG says a relative path is invalid and ignored").isEqualTo(Path.of("/home/u/.local/share/reel"));
  }

  @Test
  void theDatabaseAndTheDownloadFolder() {
    assertThat(DataDirs.libraryDb(Path.of("/d"))).isEqualTo(Path.of("/d/library.db"));
    assertThat(DataDirs.defaultDownloadDir(Map.of(), HOME)).isEqualTo(Path.of("/home/u/Downloads/Reel"));
    assertThat(DataDirs.defaultDownloadDir(Map.of("XDG_DOWNLOAD_DIR", "/dl"), HOME)).isEqualTo(Path.of("/dl/Reel"));
  }
}
