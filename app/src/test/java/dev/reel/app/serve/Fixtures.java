package dev.reel.app.serve;

import dev.reel.app.catalog.FixtureAddon;
import dev.reel.app.catalog.FixtureServer;
import dev.reel.app.catalog.archive.ArchiveFixture;
import java.nio.file.Path;
import java.time.Duration;

/** Local fixture servers for the API tests: the Internet Archive's shapes and a Stremio addon. */
final class Fixtures {
  private Fixtures() {}

  /** A server with the Archive's search, metadata and download routes, and the fixture addon under /addon. */
  static FixtureServer providers() {
    return FixtureAddon.mount(ArchiveFixture.mount(FixtureServer.start()));
  }

  /** A server reel-test defaults for one test: every port free, fixtures for the Archive, no tracker scrapes. */
  static ServeConfig config(Path dir, FixtureServer providers) {
    return ServeConfig.defaults(dir.resolve("data"), dir.resolve("cache"))
        .withPorts(0, 0)
        .withArchive(providers.uri("/"), Duration.ofSeconds(3), false);
  }
}
