package dev.reel.app.serve;

import dev.reel.app.player.PlayerLauncher;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run {@link ReelServer}. Immutable; start from {@link #defaults(Path, Path)} and the {@code with...} methods.
 *
 * @param dataDir the library, the engine's state ({@code engine/}) and the metadata cache live here
 * @param cacheDir streamed torrents ({@code torrents/<info-hash>/}) and cached provider answers ({@code http/})
 * @param httpPort HTTP port; null = the {@code httpPort} setting; 0 = any free port
 * @param peerPort BitTorrent port; null = the {@code peerPort} setting; 0 = any free port
 * @param lan listen on every interface (needs {@code password})
 * @param password the LAN password, or null
 * @param archiveBase the Internet Archive's base URL (tests point it at a local server)
 * @param catalogTimeout how long each provider has to answer one call
 * @param scrape whether streams get a health from tracker scrapes
 * @param cacheLimitBytes overrides the {@code cacheLimitBytes} setting when non-null (tests use small limits)
 * @param idleTimeout a play session without readers or polls for this long ends
 * @param maintenanceInterval how often idle sessions and the cache limit are checked
 * @param metadataWait how long {@code POST /api/play} waits for a magnet's metadata
 * @param clock time stamps of the library and the cache
 * @param playerDirs where vlc and mpv are looked for by {@code POST /api/sessions/{id}/open}; defaults to PATH
 */
public record ServeConfig(Path dataDir, Path cacheDir, Integer httpPort, Integer peerPort, boolean lan, String password,
    URI archiveBase, Duration catalogTimeout, boolean scrape, Long cacheLimitBytes, Duration idleTimeout,
    Duration maintenanceInterval, Duration metadataWait, Clock clock,
    List<Path> playerDirs) {

  public ServeConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(cacheDir, "cacheDir");
    Objects.requireNonNull(clock, "clock");
    playerDirs = List.copyOf(playerDirs);
  }

  /** Without {@code playerDirs}: players are looked for on PATH. */
  public ServeConfig(Path dataDir, Path cacheDir, Integer httpPort, Integer peerPort, boolean lan, String password,
      URI archiveBase, Duration catalogTimeout, boolean scrape, Long cacheLimitBytes, Duration idleTimeout,
      Duration maintenanceInterval, Duration metadataWait, Clock clock) {
    this(dataDir, cacheDir, httpPort, peerPort, lan, password, archiveBase, catalogTimeout, scrape, cacheLimitBytes,
        idleTimeout, maintenanceInterval, metadataWait, clock, PlayerLauncher.searchDirs(System.getenv()));
  }

  /** Looks for vlc and mpv in {@code dirs} instead of PATH (tests put a fake player there). */
  public ServeConfig withPlayerDirs(List<Path> dirs) {
    return new ServeConfig(dataDir, cacheDir, httpPort, peerPort, lan, password, archiveBase, catalogTimeout, scrape,
        cacheLimitBytes, idleTimeout, maintenanceInterval, metadataWait, clock, dirs);
  }

  public static ServeConfig defaults(Path dataDir, Path cacheDir) {
    return new ServeConfig(dataDir, cacheDir, null, null, false, null,
        dev.reel.app.catalog.archive.ArchiveProvider.DEFAULT_BASE,
        dev.reel.app.catalog.CatalogService.DEFAULT_TIMEOUT, true, null,
        dev.reel.app.play.PlayConfig.DEFAULT_IDLE_TIMEOUT, dev.reel.app.play.PlayConfig.DEFAULT_MAINTENANCE,
        Duration.ofSeconds(20), Clock.systemUTC(),
        PlayerLauncher.searchDirs(System.getenv()));
  }

  public ServeConfig withPorts(Integer http, Integer peer) {
    return new ServeConfig(dataDir, cacheDir, http, peer, lan, password, archiveBase, catalogTimeout, scrape,
        cacheLimitBytes, idleTimeout, maintenanceInterval, metadataWait, clock, playerDirs);
  }

  public ServeConfig withLan(boolean on, String pass) {
    return new ServeConfig(dataDir, cacheDir, httpPort, peerPort, on, pass, archiveBase, catalogTimeout, scrape,
        cacheLimitBytes, idleTimeout, maintenanceInterval, metadataWait, clock, playerDirs);
  }

  public ServeConfig withArchive(URI base, Duration timeout, boolean scrapeTrackers) {
    return new ServeConfig(dataDir, cacheDir, httpPort, peerPort, lan, password, base, timeout, scrapeTrackers,
        cacheLimitBytes, idleTimeout, maintenanceInterval, metadataWait, clock, playerDirs);
  }

  public ServeConfig withCache(Long limitBytes, Duration idle, Duration maintenance) {
    return new ServeConfig(dataDir, cacheDir, httpPort, peerPort, lan, password, archiveBase, catalogTimeout, scrape,
        limitBytes, idle, maintenance, metadataWait, clock, playerDirs);
  }

  public ServeConfig withMetadataWait(Duration wait) {
    return new ServeConfig(dataDir, cacheDir, httpPort, peerPort, lan, password, archiveBase, catalogTimeout, scrape,
        cacheLimitBytes, idleTimeout, maintenanceInterval, wait, clock, playerDirs);
  }

  public ServeConfig withClock(Clock c) {
    return new ServeConfig(dataDir, cacheDir, httpPort, peerPort, lan, password, archiveBase, catalogTimeout, scrape,
        cacheLimitBytes, idleTimeout, maintenanceInterval, metadataWait, c, playerDirs);
  }
}
