package dev.reel.app.catalog;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Metainfo;
import java.util.List;
import java.util.Optional;

/**
 * A source of catalogs, details and streams, shaped like a Stremio addon: each method is one request of the addon
 * protocol.
 *
 * <p>Implementations are thread-safe: {@link CatalogService} calls them from many virtual threads at once. Calls may
 * block on the network; they respond to interruption (the service interrupts a provider that exceeds its timeout) by
 * failing with a {@link ProviderException}. Returned text is untrusted data (see {@link Untrusted}).
 */
public interface Provider {
  /** A stable key for the provider registry, e.g. "reel.openmovies" or "addon:https://host/manifest.json". */
  String key();

  /**
   * A display name that never blocks: the manifest's name once known, else something recognizable (e.g. the addon's
   * host). Used in error reports.
   */
  default String name() {
    return key();
  }

  /** The manifest. May need the network the first time (an addon by URL); cached afterwards. */
  Manifest manifest() throws ProviderException;

  /** {@code /catalog/{type}/{id}[/{extra}].json}: one page of previews. An unknown catalog is an exception. */
  List<MetaPreview> catalog(CatalogRequest request) throws ProviderException;

  /** {@code /meta/{type}/{id}.json}. An unknown id is an exception saying so. */
  MetaDetail meta(String type, String id) throws ProviderException;

  /** {@code /stream/{type}/{videoId}.json}: streams of a movie, or of one episode ({@code id:season:episode}). */
  List<Stream> streams(String type, String videoId) throws ProviderException;

  /** {@code /subtitles/{type}/{videoId}.json}. Providers without subtitles return an empty list. */
  default List<Subtitle> subtitles(String type, String videoId) throws ProviderException {
    return List.of();
  }

  /**
   * Reel extension: the whole .torrent for an info-hash this provider streams, when it has it at hand (bundled or
   * stored), so playback need not fetch metadata from peers (BEP 9). Empty by default.
   */
  default Optional<Metainfo> torrent(InfoHash infoHash) throws ProviderException {
    return Optional.empty();
  }
}
