package dev.reel.app.catalog.openmovies;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.reel.app.catalog.BuiltInProvider;
import dev.reel.app.catalog.CatalogJson;
import dev.reel.app.catalog.CatalogRequest;
import dev.reel.app.catalog.ContentTypes;
import dev.reel.app.catalog.Licence;
import dev.reel.app.catalog.ManifestCatalog;
import dev.reel.app.catalog.MetaDetail;
import dev.reel.app.catalog.MetaPreview;
import dev.reel.app.catalog.ProviderException;
import dev.reel.app.catalog.Stream;
import dev.reel.app.catalog.Subtitle;
import dev.reel.app.catalog.TorrentStreams;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.InvalidTorrentException;
import dev.reel.engine.metainfo.Metainfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The Blender open movies, bundled: synopsis, year, runtime, genres, licence and streams from their real torrents
 * (resources under {@code catalog/openmovies/}). Needs no network. Immutable and thread-safe.
 *
 * <p>One movie catalog, searchable by name, description and director, filterable by genre, in release order (newest
 * first). There is no series here: no legal series torrent is bundled.
 */
public final class OpenMoviesProvider extends BuiltInProvider {
  public static final String KEY = "reel.openmovies";
  public static final String ID_PREFIX = "reel-open:";
  public static final String CATALOG_ID = "openmovies";
  private static final String RESOURCES = "/catalog/openmovies/";

  /** One entry of films.json. */
  record Film(String id, String name, int year, String runtime, List<String> genres, List<String> director,
      String description, String website, String poster, Licence licence, String torrent, String quality) {}

  private record Entry(Film film, Metainfo torrent) {}

  private final List<Entry> entries;

  public OpenMoviesProvider() {
    this(load());
  }

  private OpenMoviesProvider(List<Entry> entries) {
    super(KEY, "Open Movies",
        "The Blender Foundation's open movies, under Creative Commons licences, with their original torrents.",
        CATALOG_ID, "Open Movies", ManifestCatalog.Extra.options(ManifestCatalog.GENRE, genres(entries)), ID_PREFIX);
    this.entries = entries;
  }

  /** The bundled films with their torrents, newest first. */
  private static List<Entry> load() {
    List<Film> films;
    try (InputStream in = resource("films.json")) {
      films = CatalogJson.mapper().readValue(in, new TypeReference<List<Film>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled open movies list", e);
    }
    List<Entry> list = new ArrayList<>();
    for (Film f : films) {
      try (InputStream in = resource(f.torrent())) {
        list.add(new Entry(f, Metainfo.parse(in.readAllBytes())));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read bundled torrent " + f.torrent(), e);
      } catch (InvalidTorrentException e) {
        throw new IllegalStateException("bundled torrent " + f.torrent() + " is invalid: " + e.getMessage(), e);
      }
    }
    list.sort((a, b) -> Integer.compare(b.film().year(), a.film().year()));
    return List.copyOf(list);
  }

  /** Every genre of the films, sorted: the options of the catalog's genre filter. */
  private static List<String> genres(List<Entry> entries) {
    TreeSet<String> genres = new TreeSet<>();
    entries.forEach(e -> genres.addAll(e.film().genres()));
    return List.copyOf(genres);
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = OpenMoviesProvider.class.getResourceAsStream(RESOURCES + name);
    if (in == null) {
      throw new IOException("missing resource " + RESOURCES + name);
    }
    return in;
  }

  @Override
  public List<MetaPreview> catalog(CatalogRequest r) throws ProviderException {
    requireCatalog(r);
    String search = searchLowerCase(r);
    return entries.stream()
        .filter(e -> search == null || matches(e.film(), search))
        .filter(e -> inGenre(r, e.film().genres()))
        .skip(r.skip())
        .map(e -> detail(e).preview())
        .toList();
  }

  private static boolean matches(Film f, String search) {
    String hay = (f.name() + "\n" + f.description() + "\n" + String.join("\n", f.director())).toLowerCase(Locale.ROOT);
    for (String word : search.split("\\s+")) {
      if (!word.isEmpty() && !hay.contains(word)) {
        return false;
      }
    }
    return true;
  }

  private Entry entry(String id) throws ProviderException {
    return entries.stream().filter(e -> e.film().id().equals(id)).findFirst()
        .orElseThrow(() -> new ProviderException("Open Movies has no item " + id));
  }

  private static MetaDetail detail(Entry e) {
    Film f = e.film();
    return MetaDetail.builder(f.id(), ContentTypes.MOVIE, f.name())
        .poster(f.poster())
        .posterShape("poster")
        .description(f.description())
        .releaseInfo(Integer.toString(f.year()))
        .genres(f.genres())
        .director(f.director())
        .runtime(f.runtime())
        .website(f.website())
        .licence(f.licence())
        .build();
  }

  @Override
  public MetaDetail meta(String type, String id) throws ProviderException {
    return detail(entry(id));
  }

  @Override
  public List<Stream> streams(String type, String videoId) throws ProviderException {
    Entry e = entry(videoId);
    Metainfo m = e.torrent();
    return List.of(TorrentStreams.stream(m, TorrentStreams.mainFile(m), e.film().quality(), null));
  }

  @Override
  public List<Subtitle> subtitles(String type, String videoId) throws ProviderException {
    return TorrentStreams.subtitles(entry(videoId).torrent());
  }

  @Override
  public Optional<Metainfo> torrent(InfoHash infoHash) {
    return entries.stream().map(Entry::torrent).filter(m -> m.infoHash().equals(infoHash)).findFirst();
  }
}
