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
import dev.reel.app.catalog.UriText;
import dev.reel.app.catalog.Untrusted;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.InvalidTorrentException;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

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
  public static final int PAGE = 100;
  public static final Duration SEARCH_TTL = Duration.ofHours(6);
  public static final Duration METADATA_TTL = Duration.ofDays(1);
  public static final Duration TORRENT_TTL = Duration.ofDays(7);
  /** The Archive's own trackers, as its torrents list them. */
  static final List<String> TRACKERS = List.of("http://bt1.archive.org:6969/announce",
      "http://bt2.archive.org:6969/announce");
  static final String COLLECTION_QUERY = "collection:feature_films AND mediatype:movies";
  static final List<String> SEARCH_FIELDS = List.of("identifier", "title", "year", "description", "subject",
      "downloads", "runtime", "addeddate");
  /** Archive identifiers: letters, digits, dot, dash, underscore (at most 100). */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final int MAX_STREAMS = 4;

  private final String base;
  private final HttpFetcher http;

  public ArchiveProvider(URI base, HttpFetcher http) {
    super(KEY, "Internet Archive: Feature Films",
        "Public-domain feature films from the Internet Archive, streamed from the Archive's own torrents.",
        CATALOG_ID, "Public-domain feature films", ManifestCatalog.Extra.optional(ManifestCatalog.GENRE), ID_PREFIX);
    HttpFetcher.requireHttp(base);
    String b = base.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.http = http;
  }

  // ---- catalog ---------------------------------------------------------------------------------------------------

  @Override
  public List<MetaPreview> catalog(CatalogRequest r) throws ProviderException {
    requireCatalog(r);
    StringBuilder q = new StringBuilder(COLLECTION_QUERY);
    r.search().ifPresent(s -> q.append(" AND (").append(escape(s)).append(')'));
    r.genre().ifPresent(g -> q.append(" AND subject:\"").append(g.replace("\\", "\\\\").replace("\"", "\\\""))
        .append('"'));
    int page = r.skip() / PAGE + 1;
    StringBuilder url = new StringBuilder(base).append("/advancedsearch.php?q=").append(UriText.component(q.toString()));
    for (String f : SEARCH_FIELDS) {
      url.append("&fl%5B%5D=").append(f);
    }
    url.append("&rows=").append(PAGE).append("&page=").append(page);
    if (r.search().isEmpty()) {
      url.append("&sort%5B%5D=").append(UriText.component("downloads desc"));
    }
    url.append("&output=json");
    JsonNode root = http.getJson(URI.create(url.toString()), JsonNode.class, SEARCH_TTL);
    JsonNode docs = root == null ? null : root.path("response").get("docs");
    if (docs == null || !docs.isArray()) {
      throw new ProviderException("unexpected answer from the Internet Archive search: no response.docs");
    }
    List<MetaPreview> out = new ArrayList<>();
    for (JsonNode d : docs) {
      String id = IaJson.first(d.get("identifier"));
      if (id == null || !IDENTIFIER.matcher(id).matches()) {
        continue;
      }
      String title = IaJson.first(d.get("title"));
      out.add(new MetaPreview(ID_PREFIX + id, ContentTypes.MOVIE, title == null ? id : title, poster(id), "poster",
          IaJson.subjects(d.get("subject")), IaJson.year(d), abbreviate(PlainText.fromHtml(IaJson.joined(
              d.get("description")))), null, IaJson.instant(d.get("addeddate"))));
    }
    int drop = r.skip() % PAGE;
    return Untrusted.previews(out.subList(Math.min(drop, out.size()), out.size()));
  }

  /** Escapes Lucene's special characters so user text is searched as words. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if ("+-&|!(){}[]^\"~*?:\\/".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  private static String abbreviate(String s) {
    if (s == null || s.length() <= 400) {
      return s;
    }
    int cut = s.lastIndexOf(' ', 400);
    return s.substring(0, cut > 200 ? cut : 400) + "\u2026";
  }

  private String poster(String identifier) {
    return base + "/services/img/" + identifier;
  }

  // ---- meta ------------------------------------------------------------------------------------------------------

  private String identifier(String id) throws ProviderException {
    String ident = id.startsWith(ID_PREFIX) ? id.substring(ID_PREFIX.length()) : "";
    if (!IDENTIFIER.matcher(ident).matches()) {
      throw new ProviderException("not an Internet Archive item id: " + id);
    }
    return ident;
  }

  private Item item(String identifier) throws ProviderException {
    JsonNode root = http.getJson(URI.create(base + "/metadata/" + identifier), JsonNode.class, METADATA_TTL);
    if (root == null || !root.path("metadata").isObject()) {
      throw new ProviderException("the Internet Archive has no item " + identifier);
    }
    return Item.of(identifier, root);
  }

  @Override
  public MetaDetail meta(String type, String id) throws ProviderException {
    String ident = identifier(id);
    Item item = item(ident);
    JsonNode md = item.metadata();
    String title = IaJson.first(md.get("title"));
    return MetaDetail.builder(ID_PREFIX + ident, ContentTypes.MOVIE, title == null ? ident : title)
        .poster(poster(ident))
        .posterShape("poster")
        .description(PlainText.fromHtml(IaJson.joined(md.get("description"))))
        .releaseInfo(IaJson.year(md))
        .genres(IaJson.subjects(md.get("subject")))
        .director(IaJson.all(md.get("director")))
        .runtime(item.runtime())
        .language(IaJson.first(md.get("language")))
        .website(base + "/details/" + ident)
        .licence(licence(IaJson.first(md.get("licenseurl"))))
        .added(IaJson.instant(md.get("addeddate")))
        .build();
  }

  /** A licence named from its Creative Commons URL, or just the URL. */
  static Licence licence(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String u = url.toLowerCase(Locale.ROOT);
    if (u.contains("creativecommons.org/publicdomain/mark/")) {
      return new Licence("Public Domain Mark 1.0", url);
    }
    if (u.contains("creativecommons.org/publicdomain/zero/")) {
      return new Licence("CC0 1.0", url);
    }
    var m = Pattern.compile("creativecommons\\.org/licenses/([a-z-]+)/([0-9.]+)").matcher(u);
    if (m.find()) {
      return new Licence("CC " + m.group(1).toUpperCase(Locale.ROOT) + " " + m.group(2), url);
    }
    return new Licence(null, url);
  }

  // ---- streams and subtitles -------------------------------------------------------------------------------------

  @Override
  public List<Stream> streams(String type, String videoId) throws ProviderException {
    String ident = identifier(videoId);
    Item item = item(ident);
    String torrentName = ident + "_archive.torrent";
    String torrentUrl = download(ident, torrentName);
    Optional<Metainfo> torrent = fetchTorrent(torrentUrl);
    if (torrent.isPresent()) {
      Metainfo m = torrent.get();
      List<FileEntry> videos = TorrentStreams.videos(m);
      if (videos.isEmpty()) {
        throw new ProviderException("the torrent of " + ident + " holds no video file");
      }
      return videos.stream().limit(MAX_STREAMS)
          .map(f -> TorrentStreams.stream(m, f, item.quality(TorrentStreams.fileName(f)), torrentUrl)).toList();
    }
    Optional<IaFile> main = item.videos().stream().findFirst();
    if (main.isEmpty()) {
      throw new ProviderException("the Internet Archive item " + ident + " has no video file");
    }
    IaFile f = main.get();
    String btih = item.files().stream().filter(x -> x.name().equals(torrentName)).map(IaFile::btih)
        .filter(h -> h != null).findFirst().orElse(null);
    List<String> sources = new ArrayList<>();
    TRACKERS.forEach(t -> sources.add("tracker:" + t));
    if (Untrusted.infoHash(btih) != null) {
      sources.add("dht:" + Untrusted.infoHash(btih));
    }
    return List.of(Stream.builder()
        .name(item.quality(f.name()))
        .description(f.name())
        .infoHash(Untrusted.infoHash(btih))
        .torrentUrl(torrentUrl)
        .size(f.size())
        .sources(sources)
        .webSeeds(item.webSeeds(base))
        .behaviorHints(StreamHints.ofFile(f.name(), f.size()))
        .build());
  }

  private String download(String ident, String file) {
    return base + "/download/" + ident + "/" + UriText.component(file);
  }

  private Optional<Metainfo> fetchTorrent(String url) {
    try {
      return Optional.of(Metainfo.parse(http.get(URI.create(url), TORRENT_TTL, HttpFetcher.MAX_TORRENT)));
    } catch (ProviderException | InvalidTorrentException e) {
      return Optional.empty(); // fall back to what the metadata says
    }
  }

  @Override
  public List<Subtitle> subtitles(String type, String videoId) throws ProviderException {
    String ident = identifier(videoId);
    Item item = item(ident);
    return item.files().stream().filter(f -> f.name().toLowerCase(Locale.ROOT).matches(".*\\.(srt|vtt)"))
        .map(f -> Subtitle.ofUrl(ident + "/" + f.name(), download(ident, f.name()),
            TorrentStreams.languageOf(f.name())))
        .toList();
  }

  // ---- the item ---------------------------------------------------------------------------------------------------

  /** One file of an item's metadata. */
  record IaFile(String name, Long size, String format, String source, Integer height, String length, String btih) {}

  /** An item from the Metadata API. */
  record Item(String identifier, JsonNode metadata, List<IaFile> files, String d1, String d2, String dir) {
    static Item of(String identifier, JsonNode root) {
      List<IaFile> files = new ArrayList<>();
      for (JsonNode f : root.path("files")) {
        String name = IaJson.first(f.get("name"));
        if (name == null) {
          continue;
        }
        files.add(new IaFile(name, IaJson.longValue(f.get("size")), IaJson.first(f.get("format")),
            IaJson.first(f.get("source")), IaJson.longValue(f.get("height")) == null ? null
                : IaJson.longValue(f.get("height")).intValue(), IaJson.first(f.get("length")),
            IaJson.first(f.get("btih"))));
      }
      return new Item(identifier, root.get("metadata"), List.copyOf(files), IaJson.first(root.get("d1")),
          IaJson.first(root.get("d2")), IaJson.first(root.get("dir")));
    }

    /** Video files, best first (browser formats first, then larger). */
    List<IaFile> videos() {
      return files.stream().filter(f -> TorrentStreams.isVideo(f.name()))
          .sorted(Comparator.comparing((IaFile f) -> List.of("mp4", "m4v", "webm")
                  .contains(f.name().substring(f.name().lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)) ? 0 : 1)
              .thenComparing(f -> f.size() == null ? 0 : -f.size()))
          .toList();
    }

    /** "480p" from the file's height, else the quality in its name, else its format. */
    String quality(String fileName) {
      Optional<IaFile> f = files.stream().filter(x -> x.name().equals(fileName)).findFirst();
      if (f.isPresent() && f.get().height() != null && f.get().height() > 0) {
        return f.get().height() + "p";
      }
      return TorrentStreams.qualityOf(fileName)
          .orElse(f.map(IaFile::format).filter(x -> x != null).orElse("Video"));
    }

    /** The metadata's runtime, or the main video's length in minutes. */
    String runtime() {
      String r = IaJson.first(metadata.get("runtime"));
      if (r != null) {
        return r;
      }
      return videos().stream().map(IaFile::length).filter(l -> l != null).findFirst().map(IaJson::minutes)
          .orElse(null);
    }

    /** Web seeds as the Archive writes them in its torrents: the data nodes' item folders, then /download/. */
    List<String> webSeeds(String base) {
      List<String> out = new ArrayList<>();
      if (dir != null && dir.lastIndexOf('/') > 0) {
        String parent = dir.substring(0, dir.lastIndexOf('/') + 1);
        for (String node : new String[] {d1, d2}) {
          if (node != null && node.matches("[A-Za-z0-9.-]+")) {
            out.add("http://" + node + parent);
          }
        }
      }
      out.add(base + "/download/");
      return out;
    }
  }
}
