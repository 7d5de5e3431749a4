package dev.reel.app.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What the providers built into Reel (Open Movies, the Internet Archive, My torrents) share: a fixed manifest with one
 * movie catalog (search, genre, skip), meta, streams and subtitles for the ids with one prefix, and the checks of a
 * catalog request. Subclasses add the items; this part is immutable and thread-safe.
 */
public abstract class BuiltInProvider implements Provider {
  private final Manifest manifest;
  private final String catalogId;

  /**
   * @param key the registry key, also the manifest id (e.g. "reel.openmovies")
   * @param genre the catalog's genre extra: free text ({@code Extra.optional(GENRE)}) or a list of options
   */
  protected BuiltInProvider(String key, String name, String description, String catalogId, String catalogName,
      ManifestCatalog.Extra genre, String idPrefix) {
    this.catalogId = catalogId;
    this.manifest = new Manifest(key, name, "1.0.0", description, List.of(ContentTypes.MOVIE),
        List.of(new ManifestCatalog(ContentTypes.MOVIE, catalogId, catalogName, List.of(
            ManifestCatalog.Extra.optional(ManifestCatalog.SEARCH), genre,
            ManifestCatalog.Extra.optional(ManifestCatalog.SKIP)))),
        List.of(ManifestResource.of(Manifest.CATALOG), ManifestResource.of(Manifest.META),
            ManifestResource.of(Manifest.STREAM), ManifestResource.of(Manifest.SUBTITLES)),
        List.of(idPrefix), null, null, new Manifest.ManifestHints(false, true, false, false));
  }

  @Override
  public final String key() {
    return manifest.id();
  }

  @Override
  public final String name() {
    return manifest.name();
  }

  @Override
  public final Manifest manifest() {
    return manifest;
  }

  /** Checks that a catalog request is for this provider's one catalog. */
  protected final void requireCatalog(CatalogRequest r) throws ProviderException {
    if (!r.type().equals(ContentTypes.MOVIE) || !r.catalogId().equals(catalogId)) {
      throw new ProviderException(name() + " has no " + r.type() + " catalog '" + r.catalogId() + "'");
    }
  }

  /** The request's search text in lower case (for case-insensitive matching), or null when it searches nothing. */
  protected static String searchLowerCase(CatalogRequest r) {
    return r.search().map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
  }

  /** Whether an item with these genres is in the request's genre (any item when it names none); case-insensitive. */
  protected static boolean inGenre(CatalogRequest r, Collection<String> genres) {
    return r.genre().isEmpty() || genres.stream().anyMatch(g -> g.equalsIgnoreCase(r.genre().get()));
  }
}
