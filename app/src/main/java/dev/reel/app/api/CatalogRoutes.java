package dev.reel.app.api;

import dev.reel.app.catalog.Aggregate;
import dev.reel.app.catalog.CatalogPage;
import dev.reel.app.catalog.CatalogQuery;
import dev.reel.app.catalog.CatalogRequest;
import dev.reel.app.catalog.CatalogService;
import dev.reel.app.catalog.Health;
import dev.reel.app.catalog.Manifest;
import dev.reel.app.catalog.ManifestCatalog;
import dev.reel.app.catalog.MetaDetail;
import dev.reel.app.catalog.MetaPreview;
import dev.reel.app.catalog.ProviderError;
import dev.reel.app.catalog.Sourced;
import dev.reel.app.catalog.Stream;
import dev.reel.app.catalog.Subtitle;
import dev.reel.app.library.ItemRef;
import dev.reel.app.catalog.CatalogJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Browse, search, meta, streams and subtitles (docs/API.md, "Catalog"). */
final class CatalogRoutes {
  /** Segments of catalog, meta and stream paths: anything but '/'. */
  static final String SEG = "([^/]+)";
  /** How long all scrapes of one streams list may take together. */
  private static final long SCRAPE_WAIT_MILLIS = 6_000;

  private final ApiContext ctx;

  CatalogRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  void install(ApiHandler api) {
    api.get("/api/catalogs", r -> catalogs());
    api.get("/api/catalog/" + SEG + "/" + SEG, this::catalog);
    api.get("/api/search", this::search);
    api.get("/api/meta/" + SEG + "/" + SEG, this::meta);
    api.get("/api/streams/" + SEG + "/" + SEG, this::streams);
    api.get("/api/subtitles/" + SEG + "/" + SEG, r -> {
      Aggregate<Sourced<Subtitle>> a = ctx.catalogs().service().subtitles(r.path(1), r.path(2));
      List<Map<String, Object>> subs = new ArrayList<>();
      for (Sourced<Subtitle> s : a.results()) {
        Map<String, Object> m = stremio(s.value());
        m.put("provider", s.providerKey());
        m.put("providerName", s.providerName());
        subs.add(m);
      }
      return Map.of("subtitles", subs, "errors", errors(a.errors()));
    });
  }

  private Object catalogs() {
    Aggregate<Sourced<Manifest>> a = ctx.catalogs().service().manifests();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Sourced<Manifest> s : a.results()) {
      for (ManifestCatalog c : s.value().catalogs()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", s.providerKey());
        m.put("providerName", s.providerName());
        m.put("type", c.type());
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("genres", c.extra(ManifestCatalog.GENRE).map(ManifestCatalog.Extra::options).orElse(List.of()));
        m.put("extra", c.extra().stream().map(ManifestCatalog.Extra::name).toList());
        m.put("searchable", c.supports(ManifestCatalog.SEARCH));
        m.put("searchRequired", c.requires(ManifestCatalog.SEARCH));
        out.add(m);
      }
    }
    return Map.of("catalogs", out, "errors", errors(a.errors()));
  }

  private Object catalog(ApiRequest r) {
    String type = r.path(1);
    String catalogId = r.path(2);
    CatalogService service = ctx.catalogs().service();
    String provider = r.param("provider");
    if (provider == null) {
      for (var p : service.providers()) {
        try {
          if (p.manifest().catalog(type, catalogId).isPresent()) {
            provider = p.key();
            break;
          }
        } catch (Exception e) {
          // unreachable provider: try the next
        }
      }
      if (provider == null) {
        throw ApiException.notFound("no enabled provider has a " + type + " catalog \"" + catalogId + "\"");
      }
    } else if (service.provider(provider).isEmpty()) {
      throw ApiException.notFound("no enabled provider \"" + provider + "\"");
    }
    int skip = r.intParam("skip", 0, 0, 1_000_000);
    CatalogRequest request = CatalogRequest.of(type, catalogId, r.param("search"), r.param("genre"), skip);
    Aggregate<Sourced<MetaPreview>> a = service.catalog(provider, request);
    if (a.results().isEmpty() && !a.errors().isEmpty()) {
      throw new ApiException(502, "provider_failed", a.errors().get(0).message(),
          Map.of("errors", errors(a.errors())));
    }
    return Map.of("items", previews(a.results()), "errors", errors(a.errors()));
  }

  private Object search(ApiRequest r) {
    CatalogQuery.Sort sort = switch (r.param("sort") == null ? "popularity" : r.param("sort").toLowerCase(Locale.ROOT)) {
      case "popularity", "popular" -> CatalogQuery.Sort.POPULARITY;
      case "year" -> CatalogQuery.Sort.YEAR;
      case "title", "name" -> CatalogQuery.Sort.TITLE;
      case "recent", "recently_added", "added" -> CatalogQuery.Sort.RECENTLY_ADDED;
      default -> throw ApiException.badRequest("sort must be popularity, year, title or recent, not \""
          + r.param("sort") + "\"");
    };
    Integer year = r.optIntParam("year", 1800, 9999);
    Integer from = year != null ? year : r.optIntParam("yearFrom", 1800, 9999);
    Integer to = year != null ? year : r.optIntParam("yearTo", 1800, 9999);
    CatalogQuery q = new CatalogQuery(r.param("type"), r.param("q"), r.param("genre"), from, to, sort,
        r.intParam("skip", 0, 0, 100_000), r.intParam("limit", CatalogQuery.DEFAULT_LIMIT, 1, CatalogQuery.MAX_LIMIT));
    CatalogPage page = ctx.catalogs().service().browse(q);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", previews(page.items()));
    out.put("errors", errors(page.errors()));
    out.put("more", page.more());
    return out;
  }

  private Object meta(ApiRequest r) {
    String type = r.path(1);
    String id = r.path(2);
    Aggregate<Sourced<MetaDetail>> a = ctx.catalogs().service().meta(type, id);
    if (a.results().isEmpty()) {
      if (!a.errors().isEmpty()) {
        throw new ApiException(502, "provider_failed", "no provider could describe " + id + ": "
            + a.errors().get(0).message(), Map.of("errors", errors(a.errors())));
      }
      throw ApiException.notFound("no provider knows " + type + " " + id);
    }
    Sourced<MetaDetail> s = a.results().get(0);
    ItemRef item = new ItemRef(s.providerKey(), type, id);
    Map<String, Object> library = new LinkedHashMap<>();
    library.put("favourite", ctx.library().favourites().contains(item));
    library.put("watchlist", ctx.library().watchlist().contains(item));
    library.put("watched", ctx.library().playback().watchedIn(item).stream().map(w -> w.video().videoId()).toList());
    List<Map<String, Object>> positions = new ArrayList<>();
    List<String> videoIds = new ArrayList<>();
    videoIds.add(id);
    s.value().videos().forEach(v -> videoIds.add(v.id()));
    for (String v : videoIds) {
      ctx.library().playback().position(item.video(v)).ifPresent(p -> positions.add(LibraryRoutes.position(p)));
    }
    library.put("positions", positions);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("meta", stremio(s.value()));
    out.put("provider", s.providerKey());
    out.put("providerName", s.providerName());
    out.put("errors", errors(a.errors()));
    out.put("library", library);
    return out;
  }

  private Object streams(ApiRequest r) throws InterruptedException {
    Aggregate<Sourced<Stream>> a = ctx.catalogs().service().streams(r.path(1), r.path(2));
    boolean scrape = r.boolParam("scrape", true);
    List<Sourced<Stream>> streams = new ArrayList<>(a.results());
    if (scrape && ctx.health() != null) {
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<Stream>> futures = new ArrayList<>();
        for (Sourced<Stream> s : streams) {
          Stream st = s.value();
          futures.add(st.seeders() == null && st.infoHash() != null
              ? pool.submit(() -> ctx.health().annotate(st)) : null);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SCRAPE_WAIT_MILLIS);
        for (int i = 0; i < streams.size(); i++) {
          Future<Stream> f = futures.get(i);
          if (f == null) {
            continue;
          }
          try {
            Stream annotated = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            Sourced<Stream> old = streams.get(i);
            streams.set(i, new Sourced<>(old.providerKey(), old.providerName(), annotated));
          } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            f.cancel(true);
          }
        }
        pool.shutdownNow();
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Sourced<Stream> s : streams) {
      Stream st = s.value();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("provider", s.providerKey());
      m.put("providerName", s.providerName());
      m.put("stream", stremio(st));
      m.put("playable", st.kind() == Stream.Kind.TORRENT);
      m.put("seeders", st.seeders());
      m.put("peers", st.peers());
      m.put("health", st.seeders() == null ? null
          : Health.of(st.seeders(), st.peers() == null ? 0 : st.peers()).name().toLowerCase(Locale.ROOT));
      out.add(m);
    }
    return Map.of("streams", out, "errors", errors(a.errors()));
  }

  static List<Map<String, Object>> previews(List<Sourced<MetaPreview>> items) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Sourced<MetaPreview> s : items) {
      Map<String, Object> m = stremio(s.value());
      m.put("provider", s.providerKey());
      m.put("providerName", s.providerName());
      out.add(m);
    }
    return out;
  }

  /** A catalog value in Stremio's JSON shape (absent and empty fields left out). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> stremio(Object value) {
    return CatalogJson.mapper().convertValue(value, LinkedHashMap.class);
  }

  static List<Map<String, Object>> errors(List<ProviderError> errors) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ProviderError e : errors) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("provider", e.providerKey());
      m.put("providerName", e.providerName());
      m.put("kind", e.kind().name());
      m.put("message", e.message());
      out.add(m);
    }
    return out;
  }
}
