package dev.reel.app.catalog;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A catalog request: {@code /catalog/{type}/{id}.json}, or {@code /catalog/{type}/{id}/{extra}.json} when extras are
 * set. Immutable.
 *
 * @param type content type
 * @param catalogId catalog id from the manifest
 * @param extra extra properties by name, in the order they are written ({@code search}, {@code genre}, {@code skip},
 *     then others); never null, no blank values
 */
public record CatalogRequest(String type, String catalogId, Map<String, String> extra) {
  /** Longest extra value accepted (a search query, a genre). */
  public static final int MAX_EXTRA_LENGTH = 500;

  public CatalogRequest {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(catalogId, "catalogId");
    Map<String, String> ordered = new LinkedHashMap<>();
    Map<String, String> in = extra == null ? Map.of() : extra;
    for (String k : new String[] {ManifestCatalog.SEARCH, ManifestCatalog.GENRE, ManifestCatalog.SKIP}) {
      put(ordered, k, in.get(k));
    }
    in.forEach((k, v) -> put(ordered, k, v));
    extra = java.util.Collections.unmodifiableMap(ordered);
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (k == null || v == null || v.isBlank() || m.containsKey(k)) {
      return;
    }
    if (v.length() > MAX_EXTRA_LENGTH) {
      throw new IllegalArgumentException("extra '" + k + "' is longer than " + MAX_EXTRA_LENGTH + " characters");
    }
    m.put(k, v.strip());
  }

  /** A feed request without extras. */
  public static CatalogRequest of(String type, String catalogId) {
    return new CatalogRequest(type, catalogId, Map.of());
  }

  public static CatalogRequest of(String type, String catalogId, String search, String genre, int skip) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(ManifestCatalog.SEARCH, search);
    m.put(ManifestCatalog.GENRE, genre);
    m.put(ManifestCatalog.SKIP, skip > 0 ? Integer.toString(skip) : null);
    return new CatalogRequest(type, catalogId, m);
  }

  public Optional<String> extra(String name) {
    return Optional.ofNullable(extra.get(name));
  }

  public Optional<String> search() {
    return extra(ManifestCatalog.SEARCH);
  }

  public Optional<String> genre() {
    return extra(ManifestCatalog.GENRE);
  }

  /** Items to skip from the start of the catalog; 0 when absent or malformed. */
  public int skip() {
    try {
      return Math.max(0, Integer.parseInt(extra.getOrDefault(ManifestCatalog.SKIP, "0")));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public CatalogRequest withSkip(int skip) {
    Map<String, String> m = new LinkedHashMap<>(extra);
    m.remove(ManifestCatalog.SKIP);
    if (skip > 0) {
      m.put(ManifestCatalog.SKIP, Integer.toString(skip));
    }
    return new CatalogRequest(type, catalogId, m);
  }

  /**
   * The {@code {extra}} path segment: a query string with values escaped like JavaScript's encodeURIComponent
   * (e.g. {@code search=game%20of%20thrones&skip=100}); empty when there are no extras.
   */
  public String extraPath() {
    StringBuilder b = new StringBuilder();
    extra.forEach((k, v) -> {
      if (!b.isEmpty()) {
        b.append('&');
      }
      b.append(UriText.component(k)).append('=').append(UriText.component(v));
    });
    return b.toString();
  }

  /** Parses an {@code {extra}} path segment (the inverse of {@link #extraPath()}). */
  public static CatalogRequest parse(String type, String catalogId, String extraPath) {
    Map<String, String> m = new LinkedHashMap<>();
    if (extraPath != null && !extraPath.isEmpty()) {
      for (String pair : extraPath.split("&")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String k = URLDecoder.decode(pair.substring(0, eq).replace("+", "%2B"), StandardCharsets.UTF_8);
        String v = URLDecoder.decode(pair.substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        m.putIfAbsent(k, v);
      }
    }
    return new CatalogRequest(type, catalogId, m);
  }
}
