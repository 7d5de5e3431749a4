package dev.reel.app.catalog.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.app.catalog.BuiltInProvider;
import dev.reel.app.catalog.CatalogRequest;
import dev.reel.app.catalog.ContentTypes;
import dev.reel.app.catalog.HttpFetcher;
import dev.reel.app.catalog.Licence;
import dev.reel.app.catalog.ManifestCatalog;
import dev.reel.app.catalog.MetaDetail;
import dev.reel.app.catalog.MetaPreview;
import dev.reel.app.catalog.ProviderException;
import dev.reel.app.catalog.Stream;
import dev.reel.app.catalog.StreamHints;
import dev.reel.app.catalog.Subtitle;
import dev.reel.app.catalog.TorrentStreams;
import dev.reel.app.catalog.Untrusted;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Public-domain feature films from the Internet Archive ({@code collection:feature_films AND mediatype:movies}).
 *
 * <p>Catalog and search use the Advanced Search API ({@code /advancedsearch.php?q=..&fl[]=..&rows=..&page=..
 * &sort[]=downloads desc&output=json}, answer {@code {responseHeader, response: {numFound, start, docs}}}); details use
 * the Metadata Read API ({@code /metadata/{identifier}}, answer {@code {files: [{name, size, format, ...}], metadata:
 * {title, year, description, subject, runtime, licenseurl, ...}, d1, d2, dir, ...}}, {@code {}} for an unknown item).
 * Field values are strings or arrays of strings; both are accepted. Descriptions are HTML and are turned into plain
 * text.
 *
 * <p>Streams: the item's {@code {id}_archive.torrent} is fetched (at most {@link HttpFetcher#MAX_TORRENT} bytes) and
 * parsed, so the info-hash, the file index of each video in the torrent's own order, the trackers and the web seeds are
 * exact. When the torrent cannot be fetched, the stream still carries the {@code torrentUrl}, the info-hash the
 * metadata lists for it ({@code btih}), the web seeds derived from the item's data nodes, the Archive's trackers, and
 * the main video's file name as {@code behaviorHints.filename}; {@code fileIdx} is then left out, because the metadata's
 * file order is not the torrent's (the torrent leaves some files out and may add padding files).
 *
 * <p>The base URL is configurable (tests point it at a local server). Responses are cached by the fetcher's disk cache.
 * Thread-safe; calls block on the network.
 */
public final class ArchiveProvider extends BuiltInProvider {
  public static final String KEY = "reel.archive";
  public static final String ID_PREFIX = "ia:";
  public static final String CATALOG_ID = "ia-feature-films";
  public static final URI DEFAULT_BASE = URI.create("https://archive.org");
  /** Items per search page (Stremio's page size). */
  public static final int PAGE = IaApi.PAGE;
  public static final Duration SEARCH_TTL = IaApi.SEARCH_TTL;
  public static final Duration METADATA_TTL = IaApi.METADATA_TTL;
  public static final Duration TORRENT_TTL = IaApi.TORRENT_TTL;
  static final String COLLECTION_QUERY = "collection:feature_films AND mediatype:movies";
  static final List<String> SEARCH_FIELDS = List.of("identifier", "title", "year", "description", "subject",
      "downloads", "runtime", "addeddate");
  private static final int MAX_STREAMS = 4;

  private final IaApi ia;

  public ArchiveProvider(URI base, HttpFetcher http) {
    super(KEY, "Internet Archive: Feature Films",
        "Public-domain feature films from the Internet Archive, streamed from the Archive's own torrents.",
        CATALOG_ID, "Public-domain feature films", ManifestCatalog.Extra.optional(ManifestCatalog.GENRE), ID_PREFIX);
    this.ia = new IaApi(base, http);
  }

  // ---- catalog ---------------------------------------------------------------------------------------------------

  @Override
  public List<MetaPreview> catalog(CatalogRequest r) throws ProviderException {
    requireCatalog(r);
    List<MetaPreview> out = new ArrayList<>();
    for (JsonNode d : ia.search(COLLECTION_QUERY, SEARCH_FIELDS, r)) {
      String id = IaApi.identifierOf(d);
      if (id == null) {
        continue;
      }
      String title = IaJson.first(d.get("title"));
      out.add(new MetaPreview(ID_PREFIX + id, ContentTypes.MOVIE, title == null ? id : title, ia.poster(id), "poster",
          IaJson.subjects(d.get("subject")), IaJson.year(d), IaApi.abbreviate(PlainText.fromHtml(IaJson.joined(
              d.get("description")))), null, IaJson.instant(d.get("addeddate"))));
    }
    return Untrusted.previews(out);
  }

  // ---- meta ------------------------------------------------------------------------------------------------------

  @Override
  public MetaDetail meta(String type, String id) throws ProviderException {
    String ident = IaApi.identifier(id, ID_PREFIX);
    IaItem item = ia.item(ident);
    JsonNode md = item.metadata();
    String title = IaJson.first(md.get("title"));
    return MetaDetail.builder(ID_PREFIX + ident, ContentTypes.MOVIE, title == null ? ident : title)
        .poster(ia.poster(ident))
        .posterShape("poster")
        .description(PlainText.fromHtml(IaJson.joined(md.get("description"))))
        .releaseInfo(IaJson.year(md))
        .genres(IaJson.subjects(md.get("subject")))
        .director(IaJson.all(md.get("director")))
        .runtime(item.runtime())
        .language(IaJson.first(md.get("language")))
        .website(ia.details(ident))
        .licence(licence(IaJson.first(md.get("licenseurl"))))
        .added(IaJson.instant(md.get("addeddate")))
        .build();
  }

  /** A licence named from its Creative Commons URL, or just the URL. */
  static Licence licence(String url) {
    return IaItem.licence(url);
  }

  // ---- streams and subtitles -------------------------------------------------------------------------------------

  @Override
  public List<Stream> streams(String type, String videoId) throws ProviderException {
    String ident = IaApi.identifier(videoId, ID_PREFIX);
    IaItem item = ia.item(ident);
    String torrentUrl = ia.torrentUrl(ident);
    Optional<Metainfo> torrent = ia.torrent(ident);
    if (torrent.isPresent()) {
      Metainfo m = torrent.get();
      List<FileEntry> videos = TorrentStreams.videos(m);
      if (videos.isEmpty()) {
        throw new ProviderException("the torrent of " + ident + " holds no video file");
      }
      return videos.stream().limit(MAX_STREAMS)
          .map(f -> TorrentStreams.stream(m, f, item.quality(TorrentStreams.fileName(f)), torrentUrl)).toList();
    }
    Optional<IaItem.IaFile> main = item.videos().stream().findFirst();
    if (main.isEmpty()) {
      throw new ProviderException("the Internet Archive item " + ident + " has no video file");
    }
    return List.of(fallbackStream(ia, item, main.get()));
  }

  /**
   * A stream of one file when the torrent cannot be fetched: the {@code torrentUrl}, the info-hash the metadata lists
   * for it ({@code btih}), the Archive's trackers, the web seeds derived from the item's data nodes, and the file's
   * name as {@code behaviorHints.filename}; no {@code fileIdx}, since the metadata's file order is not the torrent's.
   */
  static Stream fallbackStream(IaApi ia, IaItem item, IaItem.IaFile f) {
    String btih = Untrusted.infoHash(item.torrentBtih());
    List<String> sources = new ArrayList<>();
    IaApi.TRACKERS.forEach(t -> sources.add("tracker:" + t));
    if (btih != null) {
      sources.add("dht:" + btih);
    }
    return Stream.builder()
        .name(item.quality(f.name()))
        .description(f.name())
        .infoHash(btih)
        .torrentUrl(ia.torrentUrl(item.identifier()))
        .size(f.size())
        .sources(sources)
        .webSeeds(item.webSeeds(ia.base()))
        .behaviorHints(StreamHints.ofFile(baseName(f.name()), f.size()))
        .build();
  }

  /** The last element of an Archive file name, which may contain folders ("disc1/ep01.mp4"). */
  static String baseName(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  @Override
  public List<Subtitle> subtitles(String type, String videoId) throws ProviderException {
    String ident = IaApi.identifier(videoId, ID_PREFIX);
    return subtitlesOf(ia, ia.item(ident));
  }

  /** The item's subtitle files (.srt, .vtt) as download URLs, language from names like "x.en.srt". */
  static List<Subtitle> subtitlesOf(IaApi ia, IaItem item) {
    String ident = item.identifier();
    return item.files().stream().filter(f -> f.name().toLowerCase(Locale.ROOT).matches(".*\\.(srt|vtt)"))
        .map(f -> Subtitle.ofUrl(ident + "/" + f.name(), ia.download(ident, f.name()),
            TorrentStreams.languageOf(f.name())))
        .toList();
  }
}
