package dev.reel.app.library;

import java.nio.file.Path;

/** Shared test values. */
final class Fixtures {
  static final ItemRef SINTEL = new ItemRef("reel-open", "movie", "reel-open:sintel");
  static final ItemSnapshot SINTEL_SNAPSHOT = new ItemSnapshot("Sintel", "https://example.org/sintel.jpg", 2010);
  static final ItemRef TEARS = new ItemRef("reel-open", "movie", "reel-open:tears-of-steel");
  static final ItemSnapshot TEARS_SNAPSHOT = new ItemSnapshot("Tears of Steel", null, 2012);
  static final ItemRef SERIES = new ItemRef("org.example.addon", "series", "tt0000001");
  static final ItemSnapshot SERIES_SNAPSHOT = new ItemSnapshot("A Public-Domain Series", null, null);

  private Fixtures() {}

  static Library open(Path dataDir, TestClock clock) {
    return Library.open(dataDir, Settings.defaults(Path.of("/home/u/Downloads/Reel")), clock);
  }
}
