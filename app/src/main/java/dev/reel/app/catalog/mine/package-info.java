/**
 * "My torrents": what the user added by magnet link (BEP 9), .torrent file (BEP 3) or .torrent URL, as a provider. The
 * store is a seam ({@link dev.reel.app.catalog.mine.MyTorrentsStore}); the SQLite library implements it, tests use
 * {@link dev.reel.app.catalog.mine.InMemoryMyTorrentsStore}.
 */
package dev.reel.app.catalog.mine;
