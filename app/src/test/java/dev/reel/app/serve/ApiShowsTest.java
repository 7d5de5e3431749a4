package dev.reel.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.app.catalog.FixtureServer;
import dev.reel.app.catalog.archive.ArchiveFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in "Shows" catalog (Internet Archive television) through the JSON API, over a real SQLite file and the
 * Archive's shapes on a local fixture server (hand-written: no Internet here).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiShowsTest {
  private static final String SHOW = "ia-tv:one_step_beyond_1959";

  @TempDir Path tmp;
  private FixtureServer fixtures;
  private ReelServer reel;
  private ApiClient api;

  private void start(boolean showsUp) throws Exception {
    fixtures = ArchiveFixture.mount(FixtureServer.start(), showsUp);
    reel = ReelServer.start(Fixtures.config(tmp, fixtures), "test");
    api = new ApiClient(reel.uri());
  }

  @AfterEach
  void stop() {
    if (reel != null) {
      reel.close();
    }
    if (fixtures != null) {
      fixtures.close();
    }
  }

  private static List<String> ids(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.path("id").asText()));
    return out;
  }

  @Test
  void showsAreACatalogOfSeriesWithEpisodesAndStreams() throws Exception {
    start(true);
    List<String> catalogs = new ArrayList<>();
    api.get("/api/catalogs").path("catalogs").forEach(c -> catalogs.add(c.path("provider").asText() + "/"
        + c.path("type").asText() + "/" + c.path("id").asText() + "/" + c.path("name").asText()));
    assertThat(catalogs).contains("reel.archive.tv/series/ia-tv/Shows");

    JsonNode page = api.get("/api/catalog/series/ia-tv");
    assertThat(ids(page.path("items"))).containsExactly(SHOW, "ia-tv:flash_gordon_1954",
        "ia-tv:bonanza_the_spitfire");
    assertThat(page.path("items").get(0).path("provider").asText()).isEqualTo("reel.archive.tv");

    assertThat(ids(api.get("/api/search?type=series").path("items"))).containsExactly(SHOW,
        "ia-tv:flash_gordon_1954", "ia-tv:bonanza_the_spitfire");
    assertThat(ids(api.get("/api/search?type=series&q=flash").path("items")))
        .containsExactly("ia-tv:flash_gordon_1954");
    assertThat(ids(api.get("/api/search?type=series&genre=Western").path("items")))
        .containsExactly("ia-tv:bonanza_the_spitfire");
    assertThat(ids(api.get("/api/search?type=movie").path("items"))).noneMatch(id -> id.startsWith("ia-tv:"));

    JsonNode meta = api.get("/api/meta/series/" + SHOW);
    assertThat(meta.path("provider").asText()).isEqualTo("reel.archive.tv");
    assertThat(meta.path("meta").path("licence").path("name").asText()).isEqualTo("Public Domain Mark 1.0");
    assertThat(ids(meta.path("meta").path("videos"))).containsExactly(SHOW + ":1:1", SHOW + ":1:2", SHOW + ":1:3",
        SHOW + ":1:10", SHOW + ":2:1");
    assertThat(meta.path("meta").path("videos").get(1).path("title").asText()).isEqualTo("The Dark Room");

    JsonNode streams = api.get("/api/streams/series/" + SHOW + ":1:2?scrape=false");
    JsonNode first = streams.path("streams").get(0);
    assertThat(first.path("provider").asText()).isEqualTo("reel.archive.tv");
    assertThat(first.path("playable").asBoolean()).isTrue();
    assertThat(first.path("stream").path("fileIdx").asInt()).isEqualTo(8);
    assertThat(first.path("stream").path("infoHash").asText()).hasSize(40);

    // an episode is watched like any series episode
    Map<String, String> ep = Map.of("provider", "reel.archive.tv", "type", "series", "id", SHOW,
        "videoId", SHOW + ":1:2");
    assertThat(api.call("POST", "/api/library/watched", ep).status()).isEqualTo(200);
    assertThat(api.get("/api/meta/series/" + SHOW).path("library").path("watched").toString())
        .contains(SHOW + ":1:2");

    ApiClient.Answer refused = api.call("GET", "/api/meta/series/ia-tv:copyrighted_sitcom_1988", null);
    assertThat(refused.status()).isIn(404, 502);
    assertThat(refused.json().path("error").path("message").asText()).isNotBlank();
  }

  @Test
  void aFailingShowsCatalogIsReportedAndTheFilmsStillBrowse() throws Exception {
    start(false);
    JsonNode all = api.get("/api/search");
    assertThat(ids(all.path("items"))).contains("ia:night_of_the_living_dead", "reel-open:sintel");
    List<String> failed = new ArrayList<>();
    all.path("errors").forEach(e -> failed.add(e.path("provider").asText()));
    assertThat(failed).containsExactly("reel.archive.tv");

    ApiClient.Answer shows = api.call("GET", "/api/catalog/series/ia-tv", null);
    assertThat(shows.status()).isEqualTo(502);
    assertThat(shows.errorCode()).isEqualTo("provider_failed");
    assertThat(ids(api.get("/api/catalog/movie/ia-feature-films").path("items"))).isNotEmpty();
    assertThat(api.get("/api/search?type=movie").path("errors")).isEmpty();
  }
}
