package dev.reel.app.catalog;

import java.util.List;
import java.util.Locale;

/**
 * An in-memory provider for aggregation tests: one movie catalog over a fixed list, searchable by name, filterable by
 * genre, paged {@code pageSize} items at a time like a Stremio catalog.
 */
final class ListProvider implements Provider {
  private final String key;
  private final List<MetaPreview> items;
  private final int pageSize;
  private final Manifest manifest;

  /**
   * @param genres the genre options the catalog declares (then it filters by genre itself, case-sensitively), or null
   *     for a catalog without the genre extra
   */
  ListProvider(String key, int pageSize, List<String> genres, List<MetaPreview> items) {
    this.key = key;
    this.items = List.copyOf(items);
    this.pageSize = pageSize;
    this.manifest = new Manifest(key, "List " + key, "1.0.0", null, List.of("movie"),
        List.of(new ManifestCatalog("movie", "all", "All", genres == null
            ? List.of(ManifestCatalog.Extra.optional("search"), ManifestCatalog.Extra.optional("skip"))
            : List.of(ManifestCatalog.Extra.optional("search"), ManifestCatalog.Extra.options("genre", genres),
                ManifestCatalog.Extra.optional("skip")))),
        List.of(ManifestResource.of("catalog"), ManifestResource.of("meta"), ManifestResource.of("stream")),
        List.of(key + ":"), null, null, null);
  }

  static MetaPreview item(String id, String name, String year, String added, String... genres) {
    return new MetaPreview(id, "movie", name, null, null, List.of(genres), year, null, null, added);
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public Manifest manifest() {
    return manifest;
  }

  @Override
  public List<MetaPreview> catalog(CatalogRequest r) {
    return items.stream()
        .filter(m -> r.search().map(s -> m.name().toLowerCase(Locale.ROOT).contains(s.toLowerCase(Locale.ROOT)))
            .orElse(true))
        .filter(m -> r.genre().map(g -> m.genres().contains(g)).orElse(true))
        .skip(r.skip()).limit(pageSize).toList();
  }

  @Override
  public MetaDetail meta(String type, String id) throws ProviderException {
    MetaPreview p = items.stream().filter(m -> m.id().equals(id)).findFirst()
        .orElseThrow(() -> new ProviderException("no " + id));
    return MetaDetail.builder(p.id(), p.type(), p.name()).releaseInfo(p.releaseInfo()).build();
  }

  @Override
  public List<Stream> streams(String type, String videoId) {
    return List.of(Stream.builder().name(key).url("https://example.org/" + videoId + ".mp4").build());
  }
}
