package dev.reel.app.api;

import dev.reel.app.catalog.HttpFetcher;
import dev.reel.app.catalog.SwarmHealth;
import dev.reel.app.library.Library;
import dev.reel.app.play.PlaySessions;
import dev.reel.engine.Engine;

/**
 * What the routes work on, wired once by the composition root. Immutable.
 *
 * @param version Reel's version, for {@code GET /api/info}
 * @param metadataWait how long {@code POST /api/play} waits for a magnet's metadata before answering 202
 * @param transfers the transfer list (downloads kept in the download folder)
 * @param playerDirs where {@code POST /api/sessions/{id}/open} looks for vlc and mpv (PATH by default)
 */
public record ApiContext(Library library, Catalogs catalogs, PlaySessions sessions,
    dev.reel.app.play.Transfers transfers, Engine engine, Tokens tokens,
    HttpFetcher http, SwarmHealth health, String version, java.time.Duration metadataWait,
    java.util.List<java.nio.file.Path> playerDirs) {

  public ApiContext {
    playerDirs = java.util.List.copyOf(playerDirs);
  }

  /** Installs every API route on {@code api}. */
  public void install(ApiHandler api) {
    new InfoRoutes(this).install(api);
    new CatalogRoutes(this).install(api);
    new PlayRoutes(this).install(api);
    new TransferRoutes(this).install(api);
    new OpenRoutes(this).install(api);
    new LibraryRoutes(this).install(api);
    new AdminRoutes(this).install(api);
  }
}
