/**
 * Catalogs: where Reel finds something to watch.
 *
 * <p>The model follows the <a href="https://github.com/Stremio/stremio-addon-sdk/blob/master/docs/protocol.md">Stremio
 * addon protocol</a> so that existing addons can be added by URL and Reel's own providers could serve Stremio:
 * {@link dev.reel.app.catalog.Manifest} ({@code /manifest.json}), catalogs of {@link dev.reel.app.catalog.MetaPreview}
 * ({@code /catalog/{type}/{id}[/{extra}].json}), {@link dev.reel.app.catalog.MetaDetail} ({@code /meta/{type}/{id}.json}),
 * {@link dev.reel.app.catalog.Stream} ({@code /stream/{type}/{id}.json}) and {@link dev.reel.app.catalog.Subtitle}
 * ({@code /subtitles/{type}/{id}.json}). JSON names are Stremio's; Reel's extensions (licence, magnet, torrentUrl, size,
 * seeders, peers, webSeeds, added, in-torrent subtitles) are extra fields that Stremio clients ignore.
 *
 * <p>A {@link dev.reel.app.catalog.Provider} answers those five requests; the built-ins live in sub-packages
 * ({@code openmovies}, {@code archive}, {@code addon}, {@code mine}). {@link dev.reel.app.catalog.CatalogService}
 * queries the enabled providers in parallel with a per-provider timeout and merges, filters, sorts and pages the
 * results, reporting each provider that failed. {@link dev.reel.app.catalog.HttpFetcher} and
 * {@link dev.reel.app.catalog.DiskCache} are the only way providers reach the network: http(s) only, TLS verified,
 * bounded responses, cached with a TTL in a size-bounded folder. {@link dev.reel.app.catalog.SwarmHealth} turns tracker
 * scrapes (BEP 48 over HTTP, BEP 15 over UDP) into a {@link dev.reel.app.catalog.Health}.
 *
 * <p>Text from providers is untrusted data, never markup: {@link dev.reel.app.catalog.Untrusted} bounds its length,
 * drops control characters and keeps only http(s) URLs; whoever renders it must escape it.
 */
package dev.reel.app.catalog;
