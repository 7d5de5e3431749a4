package dev.reel.app.catalog.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.app.catalog.BuiltInProvider;
import dev.reel.app.catalog.CatalogRequest;
import dev.reel.app.catalog.ContentTypes;
import dev.reel.app.catalog.HttpFetcher;
import dev.reel.app.catalog.ManifestCatalog;
import dev.reel.app.catalog.MetaDetail;
import dev.reel.app.catalog.MetaPreview;
import dev.reel.app.catalog.ProviderException;
import dev.reel.app.catalog.Stream;
import dev.reel.app.catalog.Subtitle;
import dev.reel.app.catalog.TorrentStreams;
import dev.reel.app.catalog.Untrusted;
import dev.reel.app.catalog.Video;
import dev.reel.app.catalog.archive.Episodes.Episode;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Public-domain and Creative Commons television from the Internet Archive, as Stremio series ({@code type series}).
 *
 * <p>A show is one Archive item of {@code collection:classic_tv}; its episodes are its video files (see
 * {@link Episodes}: one episode per original file, derivatives as other versions; numbers from names like
 * {@code S01E02}, {@code 1x02}, {@code Episode 2}, else in file-name order). An item holding one video is a show of
 * one episode. Only items whose metadata says they may be shared are listed or answered: a Creative Commons licence
 * or public-domain tool in {@code licenseurl}, or "public domain" in {@code rights} /
 * {@code possible-copyright-status} (checked in the search query, again on every search document, and on the item's
 * metadata for meta, streams and subtitles).
 *
 * <p>Ids: a show is {@code ia-tv:{identifier}}, an episode {@code ia-tv:{identifier}:{season}:{episode}}. An
 * episode's streams come from the item's {@code _archive.torrent} (fetched, at most {@link HttpFetcher#MAX_TORRENT}
 * bytes, and cached like every answer): the {@code fileIdx} of each version is the index of the file with that path in
 * the torrent's own file list (padding files included, as the Archive writes them), never a position guessed from the
 * metadata. When the torrent cannot be fetched, the stream names the file by {@code behaviorHints.filename} instead,
 * with the {@code btih}, trackers and web seeds the metadata gives (as {@link ArchiveProvider} does).
 *
 * <p>Thread-safe; calls block on the network.
 */
public final class ArchiveTvProvider extends BuiltInProvider {
  public static final String KEY = "reel.archive.tv";
  public static final String ID_PREFIX = "ia-tv:";
  public static final String CATALOG_ID = "ia-tv";
  static final String COLLECTION_QUERY = "collection:classic_tv AND mediatype:movies";
  /** Sharable items only (re-checked on each document: the search is not trusted to have applied it). */
  static final String LICENCE_QUERY = "(licenseurl:*creativecommons.org* OR rights:\"public domain\")";
  static final List<String> SEARCH_FIELDS = List.of("identifier", "title", "year", "date", "description", "subject",
      "downloads", "addeddate", "licenseurl", "rights", "possible-copyright-status");
  /** Versions (formats) of one episode offered as streams. */
  private static final int MAX_STREAMS = 3;
  private static final Pattern EPISODE_ID = Pattern.compile(Pattern.quote(ID_PREFIX)
      + "([A-Za-z0-9][A-Za-z0-9._-]{0,99}):(\\d{1,4}):(\\d{1,5})");

  private final IaApi ia;

  public ArchiveTvProvider(URI base, HttpFetcher http) {
    super(KEY, "Internet Archive: Television",
        "Public-domain and Creative Commons TV shows from the Internet Archive, streamed from the Archive's own "
            + "torrents.",
        ContentTypes.SERIES, CATALOG_ID, "Shows", ManifestCatalog.Extra.optional(ManifestCatalog.GENRE), ID_PREFIX);
    this.ia = new IaApi(base, http);
  }

  // ---- catalog ---------------------------------------------------------------------------------------------------

  @Override
  public List<MetaPreview> catalog(CatalogRequest r) throws ProviderException {
    requireCatalog(r);
    List<MetaPreview> out = new ArrayList<>();
    for (JsonNode d : ia.search(COLLECTION_QUERY + " AND " + LICENCE_QUERY, SEARCH_FIELDS, r)) {
      String id = IaApi.identifierOf(d);
      if (id == null || !IaItem.isFree(d)) {
        continue;
      }
      String title = IaJson.first(d.get("title"));
      out.add(new MetaPreview(ID_PREFIX + id, ContentTypes.SERIES, title == null ? id : title, ia.poster(id),
          "poster", IaJson.subjects(d.get("subject")), IaJson.year(d), IaApi.abbreviate(PlainText.fromHtml(
              IaJson.joined(d.get("description")))), null, IaJson.instant(d.get("addeddate"))));
    }
    return Untrusted.previews(out);
  }

  // ---- meta ------------------------------------------------------------------------------------------------------

  /** The item, if its metadata says it may be shared. */
  private IaItem freeItem(String ident) throws ProviderException {
    IaItem item = ia.item(ident);
    if (!IaItem.isFree(item.metadata())) {
      throw new ProviderException("the Internet Archive item " + ident
          + " is not marked public domain or Creative Commons, so Reel does not offer it");
    }
    return item;
  }

  @Override
  public MetaDetail meta(String type, String id) throws ProviderException {
    String ident = IaApi.identifier(id, ID_PREFIX);
    IaItem item = freeItem(ident);
    List<Episode> episodes = Episodes.of(item);
    if (episodes.isEmpty()) {
      throw new ProviderException("the Internet Archive item " + ident + " has no video file");
    }
    JsonNode md = item.metadata();
    String title = IaJson.first(md.get("title"));
    List<Video> videos = episodes.stream().map(e -> Video.episode(ID_PREFIX + ident + ":" + e.season() + ":"
        + e.episode(), e.title(), e.season(), e.episode(), null, null)).toList();
    return MetaDetail.builder(ID_PREFIX + ident, ContentTypes.SERIES, title == null ? ident : title)
        .poster(ia.poster(ident))
        .posterShape("poster")
        .description(PlainText.fromHtml(IaJson.joined(md.get("description"))))
        .releaseInfo(IaJson.year(md))
        .genres(IaJson.subjects(md.get("subject")))
        .director(IaJson.all(md.get("director")))
        .cast(IaJson.all(md.get("cast")))
        .language(IaJson.first(md.get("language")))
        .website(ia.details(ident))
        .licence(item.licence())
        .added(IaJson.instant(md.get("addeddate")))
        .videos(videos)
        .build();
  }

  // ---- streams and subtitles -------------------------------------------------------------------------------------

  /** The item and the episode an episode id names. */
  private record Target(IaItem item, Episode episode) {}

  private Target target(String videoId) throws ProviderException {
    Matcher m = EPISODE_ID.matcher(videoId);
    if (!m.matches()) {
      throw new ProviderException("not an Internet Archive episode id (ia-tv:{item}:{season}:{episode}): " + videoId);
    }
    IaItem item = freeItem(m.group(1));
    int season = Integer.parseInt(m.group(2));
    int episode = Integer.parseInt(m.group(3));
    Episode e = Episodes.find(Episodes.of(item), season, episode).orElseThrow(() -> new ProviderException(
        "the Internet Archive item " + m.group(1) + " has no season " + season + " episode " + episode));
    return new Target(item, e);
  }

  @Override
  public List<Stream> streams(String type, String videoId) throws ProviderException {
    Target t = target(videoId);
    String ident = t.item().identifier();
    Optional<Metainfo> torrent = ia.torrent(ident);
    if (torrent.isPresent()) {
      Metainfo m = torrent.get();
      List<Stream> out = new ArrayList<>();
      for (var f : t.episode().files()) {
        Optional<FileEntry> entry = m.files().stream()
            .filter(x -> !x.padding() && x.displayPath().equals(f.name())).findFirst();
        if (entry.isPresent() && out.size() < MAX_STREAMS) {
          out.add(onlyItsSubtitles(TorrentStreams.stream(m, entry.get(), t.item().quality(f.name()),
              ia.torrentUrl(ident)), f.name()));
        }
      }
      if (!out.isEmpty()) {
        return out;
      }
      // the torrent predates the file (the Archive rewrites it later): name the file instead
    }
    return List.of(ArchiveProvider.fallbackStream(ia, t.item(), t.episode().main()));
  }

  /** The stream with only the subtitles made for its video ("ep01.en.srt" for "ep01.mp4"), not every episode's. */
  private static Stream onlyItsSubtitles(Stream s, String videoName) {
    List<Subtitle> subs = s.subtitles().stream()
        .filter(x -> x.label() != null && belongsTo(x.label(), videoName)).toList();
    return new Stream(s.name(), s.title(), s.description(), s.url(), s.infoHash(), s.fileIdx(), s.externalUrl(),
        s.sources(), subs, s.behaviorHints(), s.magnet(), s.torrentUrl(), s.size(), s.seeders(), s.peers(),
        s.webSeeds());
  }

  /** Whether a subtitle file is for a video: "ep01.srt" or "ep01.en.srt" for "ep01.mp4" (not "ep010.srt"). */
  static boolean belongsTo(String subtitleName, String videoName) {
    String sub = stem(ArchiveProvider.baseName(subtitleName));
    String video = stem(ArchiveProvider.baseName(videoName));
    return sub.equals(video) || sub.startsWith(video + ".");
  }

  private static String stem(String name) {
    int dot = name.lastIndexOf('.');
    return (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT);
  }

  @Override
  public List<Subtitle> subtitles(String type, String videoId) throws ProviderException {
    Target t = target(videoId);
    String video = t.episode().main().name();
    return ArchiveProvider.subtitlesOf(ia, t.item()).stream().filter(s -> belongsTo(s.id(), video)).toList();
  }
}
