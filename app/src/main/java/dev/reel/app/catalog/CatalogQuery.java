package dev.reel.app.catalog;

import java.util.Objects;

/**
 * A browse or search across providers. Immutable.
 *
 * @param type content type to list, or null for every type
 * @param search search text, or null to browse the feeds
 * @param genre genre to keep (case-insensitive), or null
 * @param yearFrom earliest year kept (inclusive), or null; items without a year are dropped when a bound is set
 * @param yearTo latest year kept (inclusive), or null
 * @param sort order of the merged list
 * @param skip items skipped from the start of the merged list
 * @param limit items returned at most, 1..{@link #MAX_LIMIT}
 */
public record CatalogQuery(String type, String search, String genre, Integer yearFrom, Integer yearTo, Sort sort,
    int skip, int limit) {
  public static final int MAX_LIMIT = 200;
  public static final int DEFAULT_LIMIT = 50;

  /** Orders of a merged list. */
  public enum Sort {
    /**
     * Each provider's own order (Stremio catalogs list the most popular, or for a search the most relevant, first),
     * interleaved across providers in their configured order.
     */
    POPULARITY,
    /** Newest year first; items without a year last. */
    YEAR,
    /** Alphabetical by name, ignoring case and accents. */
    TITLE,
    /** Most recently added to its provider first (Reel's {@code added} extension); items without it last. */
    RECENTLY_ADDED
  }

  public CatalogQuery {
    Objects.requireNonNull(sort, "sort");
    if (skip < 0) {
      throw new IllegalArgumentException("skip must not be negative: " + skip);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ": " + limit);
    }
    search = blankToNull(search);
    genre = blankToNull(genre);
    type = blankToNull(type);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** Every type, default sort, first page. */
  public static CatalogQuery browse() {
    return new CatalogQuery(null, null, null, null, null, Sort.POPULARITY, 0, DEFAULT_LIMIT);
  }

  public static CatalogQuery search(String text) {
    return browse().withSearch(text);
  }

  public CatalogQuery withType(String t) {
    return new CatalogQuery(t, search, genre, yearFrom, yearTo, sort, skip, limit);
  }

  public CatalogQuery withSearch(String s) {
    return new CatalogQuery(type, s, genre, yearFrom, yearTo, sort, skip, limit);
  }

  public CatalogQuery withGenre(String g) {
    return new CatalogQuery(type, search, g, yearFrom, yearTo, sort, skip, limit);
  }

  public CatalogQuery withYears(Integer from, Integer to) {
    return new CatalogQuery(type, search, genre, from, to, sort, skip, limit);
  }

  public CatalogQuery withSort(Sort s) {
    return new CatalogQuery(type, search, genre, yearFrom, yearTo, s, skip, limit);
  }

  public CatalogQuery withPage(int newSkip, int newLimit) {
    return new CatalogQuery(type, search, genre, yearFrom, yearTo, sort, newSkip, newLimit);
  }
}
