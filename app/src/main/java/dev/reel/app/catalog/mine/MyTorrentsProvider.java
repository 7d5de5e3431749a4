package dev.reel.app.catalog.mine;

import dev.reel.app.catalog.BuiltInProvider;
import dev.reel.app.catalog.CatalogRequest;
import dev.reel.app.catalog.ContentTypes;
import dev.reel.app.catalog.ManifestCatalog;
import dev.reel.app.catalog.MetaDetail;
import dev.reel.app.catalog.MetaPreview;
import dev.reel.app.catalog.ProviderException;
import dev.reel.app.catalog.Stream;
import dev.reel.app.catalog.Subtitle;
import dev.reel.app.catalog.TorrentStreams;
import dev.reel.app.catalog.Untrusted;
import dev.reel.app.catalog.Video;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's own torrents as a provider. Each torrent is a movie item {@code reel-mine:{id}}; a torrent with several
 * video files also lists them as {@code videos} with ids {@code reel-mine:{id}:{fileIdx}}, each its own stream. The
 * stream of a torrent is the torrent itself: info-hash and file index when the .torrent is known, the magnet (info-hash,
 * trackers, web seeds) otherwise, or only the .torrent URL.
 *
 * <p>Thread-safe when the store is; never touches the network.
 */
public final class MyTorrentsProvider extends BuiltInProvider {
  public static final String KEY = "reel.mine";
  public static final String ID_PREFIX = "reel-mine:";
  public static final String CATALOG_ID = "mine";

  private final MyTorrentsStore store;

  public MyTorrentsProvider(MyTorrentsStore store) {
    super(KEY, "My torrents", "Torrents you added by magnet link, .torrent file or URL.", CATALOG_ID, "My torrents",
        ManifestCatalog.Extra.optional(ManifestCatalog.GENRE), ID_PREFIX);
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public List<MetaPreview> catalog(CatalogRequest r) throws ProviderException {
    requireCatalog(r);
    String search = searchLowerCase(r);
    return store.all().stream()
        .filter(t -> search == null || t.name().toLowerCase(Locale.ROOT).contains(search))
        .filter(t -> inGenre(r, t.genres()))
        .skip(r.skip())
        .map(t -> detail(t).preview())
        .toList();
  }

  /** The torrent and, for an episode-like id {@code reel-mine:{id}:{fileIdx}}, the file index. */
  private record Target(MyTorrent torrent, Integer fileIdx) {}

  private Target target(String videoId) throws ProviderException {
    if (!videoId.startsWith(ID_PREFIX)) {
      throw new ProviderException("My torrents has no item " + videoId);
    }
    String rest = videoId.substring(ID_PREFIX.length());
    Integer idx = null;
    int colon = rest.indexOf(':');
    if (colon >= 0) {
      try {
        idx = Integer.parseInt(rest.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new ProviderException("malformed video id " + videoId);
      }
      rest = rest.substring(0, colon);
    }
    String id = rest;
    MyTorrent t = store.find(id).orElseThrow(() -> new ProviderException("My torrents has no item " + videoId));
    if (idx != null && (t.metainfo() == null || idx < 0 || idx >= t.metainfo().files().size())) {
      throw new ProviderException("torrent " + t.name() + " has no file " + idx);
    }
    return new Target(t, idx);
  }

  private static MetaDetail detail(MyTorrent t) {
    String id = ID_PREFIX + t.id();
    List<Video> videos = new ArrayList<>();
    String description = null;
    Metainfo m = t.metainfo();
    if (m != null) {
      List<FileEntry> files = TorrentStreams.videos(m).stream()
          .sorted(java.util.Comparator.comparingInt(FileEntry::index)).toList();
      if (files.size() > 1) {
        int n = 1;
        for (FileEntry f : files) {
          videos.add(new Video(id + ":" + f.index(), f.displayPath(), null, null, null, n++, null, true, List.of()));
        }
      }
      description = m.files().stream().filter(f -> !f.padding()).count() + " files, " + m.totalLength() + " bytes";
    }
    return MetaDetail.builder(id, ContentTypes.MOVIE, Untrusted.name(t.name()) == null ? t.id() : Untrusted.name(t.name()))
        .genres(t.genres())
        .releaseInfo(t.year() == null ? null : t.year().toString())
        .description(description)
        .videos(videos)
        .added(t.added().toString())
        .build();
  }

  @Override
  public MetaDetail meta(String type, String id) throws ProviderException {
    return detail(target(id).torrent());
  }

  @Override
  public List<Stream> streams(String type, String videoId) throws ProviderException {
    Target target = target(videoId);
    MyTorrent t = target.torrent();
    String url = t.torrentUrl() == null ? null : t.torrentUrl().toString();
    if (t.metainfo() != null) {
      Metainfo m = t.metainfo();
      FileEntry f = target.fileIdx() != null ? m.files().get(target.fileIdx()) : TorrentStreams.mainFile(m);
      return List.of(TorrentStreams.stream(m, f, null, url));
    }
    if (t.infoHash() != null) {
      Magnet mg = t.magnet() != null ? Magnet.parse(t.magnet()) : Magnet.of(t.infoHash());
      List<String> sources = new ArrayList<>();
      mg.trackers().stream().map(u -> Untrusted.source("tracker:" + u)).filter(Objects::nonNull).forEach(sources::add);
      sources.add("dht:" + t.infoHash().hex());
      return List.of(Stream.builder().name("Torrent").description(t.name()).infoHash(t.infoHash().hex())
          .magnet(mg.toUri()).torrentUrl(url).sources(sources).webSeeds(mg.webSeeds()).build());
    }
    return List.of(Stream.builder().name("Torrent").description(t.name()).torrentUrl(url).build());
  }

  @Override
  public List<Subtitle> subtitles(String type, String videoId) throws ProviderException {
    Metainfo m = target(videoId).torrent().metainfo();
    return m == null ? List.of() : TorrentStreams.subtitles(m);
  }

  @Override
  public Optional<Metainfo> torrent(InfoHash infoHash) {
    return store.find(infoHash.hex()).map(MyTorrent::metainfo);
  }
}
