package dev.reel.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.app.catalog.FixtureAddon;
import dev.reel.app.catalog.FixtureServer;
import dev.reel.app.catalog.FixtureServer.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Browse, search, meta and streams through the JSON API, over a real SQLite file and local provider fixtures. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiCatalogTest {
  @TempDir Path tmp;
  private FixtureServer fixtures;
  private ReelServer reel;
  private ApiClient api;

  @BeforeEach
  void start() throws Exception {
    fixtures = Fixtures.providers();
    reel = ReelServer.start(Fixtures.config(tmp, fixtures), "test");
    api = new ApiClient(reel.uri());
    ApiClient.Answer added = api.call("POST", "/api/providers",
        Map.of("manifestUrl", FixtureAddon.manifestUrl(fixtures).toString()));
    assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
    assertThat(added.json().path("id").asText()).isEqualTo("org.example.fixture");
  }

  @AfterEach
  void stop() {
    reel.close();
    fixtures.close();
  }

  private static List<String> ids(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.path("id").asText()));
    return out;
  }

  @Test
  void browsesEachProviderCatalogAndListsThem() {
    JsonNode catalogs = api.get("/api/catalogs").path("catalogs");
    List<String> keys = new ArrayList<>();
    catalogs.forEach(c -> keys.add(c.path("provider").asText() + "/" + c.path("type").asText() + "/"
        + c.path("id").asText()));
    assertThat(keys).contains("reel.openmovies/movie/openmovies", "reel.archive/movie/ia-feature-films",
        "org.example.fixture/movie/top", "org.example.fixture/series/shows");

    JsonNode open = api.get("/api/catalog/movie/openmovies");
    assertThat(ids(open.path("items"))).contains("reel-open:sintel", "reel-open:big-buck-bunny");
    assertThat(open.path("items").get(0).path("provider").asText()).isEqualTo("reel.openmovies");

    JsonNode archive = api.get("/api/catalog/movie/ia-feature-films");
    assertThat(ids(archive.path("items"))).isNotEmpty().allMatch(id -> id.startsWith("ia:"));

    JsonNode bunny = api.get("/api/catalog/movie/top?provider=org.example.fixture&search=bunny");
    assertThat(ids(bunny.path("items"))).containsExactly("fx:bbb");
    JsonNode animation = api.get("/api/catalog/movie/top?provider=org.example.fixture&genre=Animation");
    assertThat(ids(animation.path("items"))).containsExactly("fx:bbb");

    ApiClient.Answer missing = api.call("GET", "/api/catalog/movie/nosuchcatalog", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo("not_found");
  }

  @Test
  void searchesAcrossProvidersWithFiltersAndSort() {
    JsonNode found = api.get("/api/search?q=bunny");
    assertThat(ids(found.path("items"))).contains("fx:bbb");
    assertThat(found.path("errors")).isEmpty();

    JsonNode sintel = api.get("/api/search?q=sintel&type=movie");
    assertThat(ids(sintel.path("items"))).contains("reel-open:sintel");

    JsonNode byTitle = api.get("/api/search?type=movie&sort=title&limit=100");
    List<String> names = new ArrayList<>();
    byTitle.path("items").forEach(i -> names.add(i.path("name").asText().substring(0, 1).toLowerCase()));
    assertThat(names).isNotEmpty().isSorted(); // the collator ignores punctuation, so compare initials

    JsonNode y2010 = api.get("/api/search?type=movie&year=2010");
    assertThat(y2010.path("items")).isNotEmpty();
    y2010.path("items").forEach(i -> assertThat(i.path("releaseInfo").asText()).startsWith("2010"));

    JsonNode page = api.get("/api/search?type=movie&limit=2");
    assertThat(page.path("items")).hasSize(2);
    assertThat(page.path("more").asBoolean()).isTrue();

    assertThat(api.call("GET", "/api/search?sort=sideways", null).status()).isEqualTo(400);
    assertThat(api.call("GET", "/api/search?limit=100000", null).errorCode()).isEqualTo("bad_request");
  }

  @Test
  void describesAMovieAndASeriesWithEpisodes() {
    JsonNode movie = api.get("/api/meta/movie/reel-open:sintel");
    assertThat(movie.path("provider").asText()).isEqualTo("reel.openmovies");
    assertThat(movie.path("meta").path("name").asText()).isEqualTo("Sintel");
    assertThat(movie.path("meta").path("licence").path("name").asText()).isNotBlank();
    assertThat(movie.path("library").path("favourite").asBoolean()).isFalse();

    JsonNode series = api.get("/api/meta/series/fx:show");
    assertThat(series.path("provider").asText()).isEqualTo("org.example.fixture");
    JsonNode videos = series.path("meta").path("videos");
    assertThat(videos.size()).isGreaterThanOrEqualTo(2);
    assertThat(videos.get(0).path("id").asText()).isEqualTo("fx:show:1:1");
    assertThat(videos.get(0).path("season").asInt()).isEqualTo(1);
    assertThat(videos.get(0).path("episode").asInt()).isEqualTo(1);

    ApiClient.Answer unknown = api.call("GET", "/api/meta/movie/reel-open:nothing", null);
    assertThat(unknown.status()).isIn(404, 502);
    assertThat(unknown.json().path("error").path("message").asText()).isNotBlank();
  }

  @Test
  void listsStreamsWithTheirSourcesCleaned() {
    JsonNode open = api.get("/api/streams/movie/reel-open:sintel");
    JsonNode first = open.path("streams").get(0);
    assertThat(first.path("provider").asText()).isEqualTo("reel.openmovies");
    assertThat(first.path("playable").asBoolean()).isTrue();
    assertThat(first.path("stream").path("infoHash").asText()).hasSize(40);
    assertThat(first.has("health")).isTrue();

    JsonNode episode = api.get("/api/streams/series/fx:show:1:2");
    JsonNode s = episode.path("streams").get(0).path("stream");
    assertThat(s.path("infoHash").asText()).isEqualTo("dd8255ecdc7ca55fb0bbf81323d87062db1f6d1c");
    assertThat(s.path("fileIdx").asInt()).isEqualTo(2);
    List<String> sources = new ArrayList<>();
    s.path("sources").forEach(x -> sources.add(x.asText()));
    assertThat(sources).contains("tracker:udp://tracker.example.org:1337/announce").noneMatch(x -> x.contains("file:"));

    JsonNode subs = api.get("/api/subtitles/series/fx:show:1:2");
    List<String> urls = new ArrayList<>();
    subs.path("subtitles").forEach(x -> urls.add(x.path("url").asText()));
    assertThat(urls).contains("https://subs.example.org/1-2.en.srt").noneMatch(u -> u.startsWith("file:"));
  }

  @Test
  void aProviderDownOrSlowIsReportedWhileTheOthersAnswer() throws Exception {
    String manifest = """
        {"id":"%s","version":"1.0.0","name":"%s","types":["movie"],"resources":["catalog"],
         "catalogs":[{"type":"movie","id":"top","name":"Top","extra":[{"name":"search"}]}]}""";
    try (FixtureServer slow = FixtureServer.start(); FixtureServer down = FixtureServer.start()) {
      slow.route("/slow/", ex -> {
        if (ex.getRequestURI().getPath().endsWith("/manifest.json")) {
          return Response.json(manifest.formatted("org.example.slow", "Slow Addon").getBytes(StandardCharsets.UTF_8));
        }
        Thread.sleep(15_000); // far past the 3 s per-provider timeout
        return Response.json("{\"metas\":[]}".getBytes(StandardCharsets.UTF_8));
      });
      down.route("/down/", ex -> {
        if (ex.getRequestURI().getPath().endsWith("/manifest.json")) {
          return Response.json(manifest.formatted("org.example.down", "Down Addon").getBytes(StandardCharsets.UTF_8));
        }
        return new Response(500, "boom".getBytes(StandardCharsets.UTF_8), "text/plain");
      });
      assertThat(api.call("POST", "/api/providers",
          Map.of("manifestUrl", slow.uri("/slow/manifest.json").toString())).status()).isEqualTo(201);
      assertThat(api.call("POST", "/api/providers",
          Map.of("manifestUrl", down.uri("/down/manifest.json").toString())).status()).isEqualTo(201);

      JsonNode found = api.get("/api/search?q=bunny");
      assertThat(ids(found.path("items"))).contains("fx:bbb");
      Map<String, String> kinds = new java.util.HashMap<>();
      found.path("errors").forEach(e -> kinds.put(e.path("provider").asText(), e.path("kind").asText()));
      assertThat(kinds).containsEntry("org.example.slow", "TIMEOUT").containsEntry("org.example.down", "FAILED");
      found.path("errors").forEach(e -> assertThat(e.path("message").asText()).isNotBlank());

      ApiClient.Answer one = api.call("GET", "/api/catalog/movie/top?provider=org.example.down", null);
      assertThat(one.status()).isEqualTo(502);
      assertThat(one.errorCode()).isEqualTo("provider_failed");
    }
  }

  @Test
  void managesProviders() {
    ApiClient.Answer again = api.call("POST", "/api/providers",
        Map.of("manifestUrl", FixtureAddon.manifestUrl(fixtures).toString()));
    assertThat(again.status()).isEqualTo(409);
    assertThat(api.call("POST", "/api/providers", Map.of("manifestUrl", "file:///etc/passwd")).status())
        .isEqualTo(400);

    List<String> order = new ArrayList<>();
    api.get("/api/providers").path("providers").forEach(p -> order.add(p.path("id").asText()));
    assertThat(order).containsExactly("reel.openmovies", "reel.archive", "reel.archive.tv", "reel.mine",
        "org.example.fixture");

    List<String> reversed = new ArrayList<>(order);
    java.util.Collections.reverse(reversed);
    JsonNode after = api.call("PUT", "/api/providers/order", Map.of("ids", reversed)).json();
    assertThat(after.path("providers").get(0).path("id").asText()).isEqualTo("org.example.fixture");

    JsonNode disabled = api.call("PUT", "/api/providers/org.example.fixture", Map.of("enabled", false)).json();
    assertThat(disabled.path("enabled").asBoolean()).isFalse();
    assertThat(ids(api.get("/api/search?q=bunny").path("items"))).doesNotContain("fx:bbb");
    api.call("PUT", "/api/providers/org.example.fixture", Map.of("enabled", true));
    assertThat(ids(api.get("/api/search?q=bunny").path("items"))).contains("fx:bbb");

    assertThat(api.call("DELETE", "/api/providers/reel.openmovies", null).status()).isEqualTo(400);
    assertThat(api.call("DELETE", "/api/providers/org.example.fixture", null).status()).isEqualTo(204);
    assertThat(api.get("/api/providers").path("providers")).hasSize(4);
    assertThat(api.call("DELETE", "/api/providers/org.example.fixture", null).status()).isEqualTo(404);
  }
}
