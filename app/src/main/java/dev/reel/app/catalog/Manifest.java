package dev.reel.app.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * Stremio's addon manifest ({@code /manifest.json}): who a provider is and which requests it answers. Immutable.
 *
 * @param id dot-separated identifier, e.g. "org.stremio.example" (required)
 * @param name human-readable name (required)
 * @param version semantic version (required)
 * @param description human-readable description
 * @param types content types served ({@link ContentTypes})
 * @param catalogs the catalogs offered (always serialized, empty when none, as Stremio requires)
 * @param resources the resources answered, each possibly narrowed to types and id prefixes
 * @param idPrefixes ids this provider answers for meta/stream/subtitles; empty means any id
 * @param logo http(s) URL of a logo
 * @param background http(s) URL of a background image
 * @param behaviorHints Stremio's manifest hints (adult, p2p, configurable, configurationRequired)
 */
public record Manifest(String id, String name, String version, String description, List<String> types,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<ManifestCatalog> catalogs, List<ManifestResource> resources,
    List<String> idPrefixes, String logo, String background, ManifestHints behaviorHints) {

  public static final String CATALOG = "catalog";
  public static final String META = "meta";
  public static final String STREAM = "stream";
  public static final String SUBTITLES = "subtitles";

  /** Stremio's {@code manifest.behaviorHints}. All optional. */
  public record ManifestHints(Boolean adult, Boolean p2p, Boolean configurable, Boolean configurationRequired) {}

  public Manifest {
    types = Lists.clean(types);
    catalogs = Lists.clean(catalogs);
    resources = Lists.clean(resources);
    idPrefixes = Lists.clean(idPrefixes);
  }

  /**
   * Whether a request for {@code resource} of {@code type} and {@code id} should be sent to this provider, following
   * Stremio's rules: a resource declared as a string inherits the manifest's types and id prefixes; an object resource
   * brings its own; no prefixes means any id. The catalog resource is matched through {@link #catalog} instead.
   */
  public boolean provides(String resource, String type, String id) {
    for (ManifestResource r : resources) {
      if (!r.name().equals(resource)) {
        continue;
      }
      List<String> t = r.types() != null ? r.types() : types;
      List<String> prefixes = r.idPrefixes() != null ? r.idPrefixes() : idPrefixes;
      if (!t.contains(type)) {
        continue;
      }
      if (prefixes.isEmpty() || id == null || prefixes.stream().anyMatch(id::startsWith)) {
        return true;
      }
    }
    return false;
  }

  /** The catalog with this type and id, if declared. */
  public Optional<ManifestCatalog> catalog(String type, String catalogId) {
    return catalogs.stream().filter(c -> c.type().equals(type) && c.id().equals(catalogId)).findFirst();
  }

  /** Whether the manifest declares the catalog resource at all. */
  public boolean hasCatalogResource() {
    return resources.stream().anyMatch(r -> r.name().equals(CATALOG));
  }
}
