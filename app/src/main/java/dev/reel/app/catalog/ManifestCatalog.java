package dev.reel.app.catalog;

import java.util.List;
import java.util.Optional;

/**
 * One catalog of a manifest. Immutable.
 *
 * @param type content type of the catalog's items
 * @param id catalog id, unique within its provider
 * @param name human-readable name
 * @param extra the extra properties it accepts: {@code search}, {@code genre}, {@code skip} (others are ignored)
 */
public record ManifestCatalog(String type, String id, String name, List<Extra> extra) {
  public static final String SEARCH = "search";
  public static final String GENRE = "genre";
  public static final String SKIP = "skip";

  /**
   * An extra property of a catalog.
   *
   * @param name property name, used in the extra path
   * @param isRequired the catalog is only requested with this property set
   * @param options allowed values (e.g. the genres), or empty for free text
   * @param optionsLimit how many options may be selected at once (Stremio's default is 1)
   */
  public record Extra(String name, Boolean isRequired, List<String> options, Integer optionsLimit) {
    public Extra {
      options = Lists.clean(options);
    }

    public static Extra optional(String name) {
      return new Extra(name, false, List.of(), null);
    }

    public static Extra options(String name, List<String> options) {
      return new Extra(name, false, options, null);
    }

    public boolean required() {
      return Boolean.TRUE.equals(isRequired);
    }
  }

  public ManifestCatalog {
    if (type == null || id == null) {
      throw new IllegalArgumentException("a manifest catalog needs a type and an id");
    }
    extra = Lists.clean(extra);
  }

  public Optional<Extra> extra(String extraName) {
    return extra.stream().filter(e -> extraName.equals(e.name())).findFirst();
  }

  public boolean supports(String extraName) {
    return extra(extraName).isPresent();
  }

  public boolean requires(String extraName) {
    return extra(extraName).map(Extra::required).orElse(false);
  }

  /** Whether a request with exactly these extras set may be sent (every required extra is present). */
  public boolean accepts(CatalogRequest r) {
    for (Extra e : extra) {
      if (e.required() && r.extra(e.name()).isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
