package dev.reel.app.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code manifest.resources}: either a bare name ({@code "stream"}) or an object
 * {@code {name, types, idPrefixes}}. Immutable.
 *
 * @param name resource name: catalog, meta, stream, subtitles (others are kept and ignored)
 * @param types types for this resource, or null to inherit the manifest's
 * @param idPrefixes id prefixes for this resource, or null to inherit the manifest's
 */
public record ManifestResource(String name, List<String> types, List<String> idPrefixes) {

  public ManifestResource {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a manifest resource needs a name");
    }
    types = types == null ? null : Lists.clean(types);
    idPrefixes = idPrefixes == null ? null : Lists.clean(idPrefixes);
  }

  public static ManifestResource of(String name) {
    return new ManifestResource(name, null, null);
  }

  /** Reads the short (string) or full (object) form. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static ManifestResource fromJson(JsonNode node) {
    if (node.isTextual()) {
      return of(node.asText());
    }
    if (!node.isObject() || !node.path("name").isTextual()) {
      throw new IllegalArgumentException("a manifest resource is a string or an object with a string 'name'");
    }
    return new ManifestResource(node.get("name").asText(), strings(node.get("types")), strings(node.get("idPrefixes")));
  }

  private static List<String> strings(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> {
        if (n.isTextual()) {
          out.add(n.asText());
        }
      });
    } else if (node.isTextual()) {
      out.add(node.asText());
    }
    return out;
  }

  /** Writes the short form when nothing narrows the resource, the full form otherwise. */
  @JsonValue
  Object toJson() {
    if (types == null && idPrefixes == null) {
      return name;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    if (types != null) {
      m.put("types", types);
    }
    if (idPrefixes != null) {
      m.put("idPrefixes", idPrefixes);
    }
    return m;
  }
}
