package dev.reel.app.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.app.catalog.openmovies.OpenMoviesProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model reads and writes Stremio's JSON. */
class CatalogJsonTest {
  private static JsonNode tree(Object value) throws Exception {
    return CatalogJson.mapper().readTree(CatalogJson.write(value));
  }

  @Test
  void manifestUsesStremioNamesAndBothResourceForms() throws Exception {
    JsonNode m = tree(new OpenMoviesProvider().manifest());
    assertThat(m.get("id").asText()).isEqualTo("reel.openmovies");
    assertThat(m.get("resources").get(0).asText()).isEqualTo("catalog");
    assertThat(m.get("catalogs").get(0).get("extra").get(0).get("name").asText()).isEqualTo("search");
    assertThat(m.get("catalogs").get(0).get("extra").get(0).get("isRequired").asBoolean()).isFalse();
    assertThat(m.get("idPrefixes").get(0).asText()).isEqualTo("reel-open:");

    Manifest narrowed = new Manifest("x", "X", "1.0.0", null, List.of("movie"), List.of(),
        List.of(new ManifestResource("stream", List.of("movie"), List.of("tt"))), List.of(), null, null, null);
    JsonNode n = tree(narrowed);
    assertThat(n.get("resources").get(0).get("idPrefixes").get(0).asText()).isEqualTo("tt");
    assertThat(n.get("catalogs").isArray()).isTrue(); // required by Stremio even when empty
    assertThat(CatalogJson.read(CatalogJson.write(narrowed), Manifest.class)).isEqualTo(narrowed);
  }

  @Test
  void streamKeepsIndexZeroAndOmitsAbsentFields() throws Exception {
    Stream s = Stream.builder().name("1080p").infoHash("88594aaacbde40ef3e2510c47374ec0aa396c08e").fileIdx(0)
        .sources(List.of("dht:88594aaacbde40ef3e2510c47374ec0aa396c08e")).build();
    JsonNode j = tree(s);
    assertThat(j.get("fileIdx").asInt()).isZero();
    assertThat(j.has("url")).isFalse();
    assertThat(j.has("webSeeds")).isFalse();
    assertThat(j.has("kind")).isFalse();
    assertThat(CatalogJson.read(CatalogJson.write(s), Stream.class)).isEqualTo(s);
  }

  @Test
  void readingIgnoresUnknownFieldsAndAcceptsSingleValuesForArrays() throws Exception {
    String json = """
        {"id": "x:1", "type": "movie", "name": "A", "genres": "Drama", "releaseInfo": 1999,
         "trailers": [{"source": "abc", "type": "Trailer"}], "somethingNew": {"a": 1}}
        """;
    MetaDetail d = CatalogJson.read(json.getBytes(StandardCharsets.UTF_8), MetaDetail.class);
    assertThat(d.genres()).containsExactly("Drama");
    assertThat(d.releaseInfo()).isEqualTo("1999");
    assertThat(d.year()).hasValue(1999);
    assertThat(d.videos()).isEmpty();
  }

  @Test
  void metaDetailRoundTripsWithReelsExtensions() throws Exception {
    MetaDetail d = new OpenMoviesProvider().meta("movie", "reel-open:sintel");
    JsonNode j = tree(d);
    assertThat(j.get("licence").get("name").asText()).isEqualTo("CC BY 3.0");
    assertThat(j.get("releaseInfo").asText()).isEqualTo("2010");
    assertThat(CatalogJson.read(CatalogJson.write(d), MetaDetail.class)).isEqualTo(d);
  }
}
