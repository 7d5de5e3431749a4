/**
 * The user's library in SQLite (issue 5, items 4 and 6): favourites and watchlist, watched marks (automatic at 90%),
 * resume positions, history, settings, the provider registry, "my torrents" and the streaming cache's bookkeeping,
 * with the cache eviction rule {@link dev.reel.app.library.CachePolicy}.
 *
 * <p>Layout: {@link dev.reel.app.library.Library} is the facade, opened on the data folder that
 * {@link dev.reel.app.library.DataDirs} resolves (XDG, or {@code --data-dir}); it hands out one handle per concern
 * ({@code ItemList}, {@code Playback}, {@code SettingsStore}, {@code ProviderRegistry}, {@code MyTorrents} (the
 * catalog's {@code MyTorrentsStore} seam), {@code CacheIndex}), all sharing one package-private {@code Database}: a single SQLite connection in WAL mode
 * behind a lock, migrated by Flyway from {@code src/main/resources/db/library/V*__*.sql}. Values are records; item
 * references follow the Stremio addon protocol's (provider, type, id) naming.
 */
package dev.reel.app.library;
