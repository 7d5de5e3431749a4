package dev.reel.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.app.catalog.FixtureServer;
import dev.reel.engine.EngineConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Favourites, watched marks, positions, history and settings through the API, surviving a server restart. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiLibraryTest {
  @TempDir Path tmp;
  private FixtureServer fixtures;

  @BeforeEach
  void start() {
    fixtures = Fixtures.providers();
  }

  @AfterEach
  void stop() {
    fixtures.close();
  }

  private static Map<String, Object> item(String videoId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", "reel.openmovies");
    m.put("type", "movie");
    m.put("id", "reel-open:sintel");
    if (videoId != null) {
      m.put("videoId", videoId);
    }
    return m;
  }

  @Test
  void favouritesWatchedMarksPositionsAndSettingsSurviveARestart() throws Exception {
    try (ReelServer first = ReelServer.start(Fixtures.config(tmp, fixtures), "test")) {
      ApiClient api = new ApiClient(first.uri());
      Map<String, Object> fav = item(null);
      fav.put("title", "Sintel");
      fav.put("year", 2010);
      assertThat(api.call("POST", "/api/library/favourites", fav).status()).isEqualTo(200);
      assertThat(api.call("POST", "/api/library/watchlist", fav).status()).isEqualTo(200);

      Map<String, Object> show = new LinkedHashMap<>(Map.of("provider", "org.example.fixture", "type", "series",
          "id", "fx:show", "videoId", "fx:show:1:1"));
      assertThat(api.call("POST", "/api/library/watched", show).json().path("source").asText()).isEqualTo("manual");

      Map<String, Object> pos = item("reel-open:sintel");
      pos.put("fileIndex", 0);
      pos.put("position", 300.5);
      pos.put("duration", 888.0);
      JsonNode saved = api.call("PUT", "/api/library/positions", pos).json();
      assertThat(saved.path("position").path("position").asDouble()).isEqualTo(300.5);
      assertThat(saved.path("watched").asBoolean()).isFalse();

      JsonNode settings = api.call("PUT", "/api/settings", Map.of("clearOnExit", true, "subtitleLanguage", "pt-br"))
          .json();
      assertThat(settings.path("clearOnExit").asBoolean()).isTrue();
    }

    try (ReelServer second = ReelServer.start(Fixtures.config(tmp, fixtures), "test")) {
      ApiClient api = new ApiClient(second.uri());
      JsonNode favourites = api.get("/api/library/favourites");
      assertThat(favourites.path("total").asInt()).isEqualTo(1);
      assertThat(favourites.path("items").get(0).path("title").asText()).isEqualTo("Sintel");
      assertThat(favourites.path("items").get(0).path("year").asInt()).isEqualTo(2010);
      assertThat(api.get("/api/library/watchlist").path("total").asInt()).isEqualTo(1);

      JsonNode watched = api.get("/api/library/watched?provider=org.example.fixture&type=series&id=fx:show");
      assertThat(watched.path("watched").get(0).path("videoId").asText()).isEqualTo("fx:show:1:1");

      JsonNode position = api.get("/api/library/position?provider=reel.openmovies&type=movie&id=reel-open:sintel"
          + "&videoId=reel-open:sintel");
      assertThat(position.path("position").asDouble()).isEqualTo(300.5);
      assertThat(api.get("/api/library/positions").path("items")).hasSize(1);

      JsonNode meta = api.get("/api/meta/movie/reel-open:sintel").path("library");
      assertThat(meta.path("favourite").asBoolean()).isTrue();
      assertThat(meta.path("positions").get(0).path("position").asDouble()).isEqualTo(300.5);

      JsonNode settings = api.get("/api/settings");
      assertThat(settings.path("clearOnExit").asBoolean()).isTrue();
      assertThat(settings.path("subtitleLanguage").asText()).isEqualTo("pt-br");

      assertThat(api.call("DELETE", "/api/library/favourites?provider=reel.openmovies&type=movie"
          + "&id=reel-open:sintel", null).status()).isEqualTo(204);
      assertThat(api.get("/api/library/favourites").path("total").asInt()).isZero();
      assertThat(api.call("DELETE", "/api/library/favourites?provider=reel.openmovies&type=movie"
          + "&id=reel-open:sintel", null).status()).isEqualTo(404);
    }
  }

  @Test
  void aPositionPastNinetyPercentMarksTheVideoWatched() throws Exception {
    try (ReelServer reel = ReelServer.start(Fixtures.config(tmp, fixtures), "test")) {
      ApiClient api = new ApiClient(reel.uri());
      Map<String, Object> pos = item("reel-open:sintel");
      pos.put("position", 850);
      pos.put("duration", 888);
      JsonNode saved = api.call("PUT", "/api/library/positions", pos).json();
      assertThat(saved.path("position").isNull()).isTrue();
      assertThat(saved.path("watched").asBoolean()).isTrue();
      JsonNode marks = api.get("/api/library/watched?provider=reel.openmovies&type=movie&id=reel-open:sintel");
      assertThat(marks.path("watched").get(0).path("source").asText()).isEqualTo("auto");
      assertThat(api.call("GET", "/api/library/position?provider=reel.openmovies&type=movie&id=reel-open:sintel"
          + "&videoId=reel-open:sintel", null).status()).isEqualTo(404);
      assertThat(api.call("DELETE", "/api/library/watched?provider=reel.openmovies&type=movie&id=reel-open:sintel"
          + "&videoId=reel-open:sintel", null).status()).isEqualTo(204);
    }
  }

  @Test
  void encryptionAndTransportsRoundTripAndApplyToTheEngineAtTheNextStart() throws Exception {
    try (ReelServer reel = ReelServer.start(Fixtures.config(tmp, fixtures), "test")) {
      ApiClient api = new ApiClient(reel.uri());
      JsonNode defaults = api.get("/api/settings");
      assertThat(defaults.path("encryption").asText()).isEqualTo("enabled");
      assertThat(defaults.path("transports").asText()).isEqualTo("both");
      assertThat(reel.engine().config().encryption()).isEqualTo(EngineConfig.Encryption.ENABLED);
      assertThat(reel.engine().config().transports()).isEqualTo(EngineConfig.Transports.DEFAULT);

      ApiClient.Answer bad = api.call("PUT", "/api/settings", Map.of("encryption", "sometimes", "transports", "udp"));
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().path("error").path("details").path("encryption").asText())
          .contains("enabled, required, disabled");
      assertThat(bad.json().path("error").path("details").path("transports").asText()).contains("both, tcp, utp");

      JsonNode saved = api.call("PUT", "/api/settings", Map.of("encryption", "required", "transports", "tcp")).json();
      assertThat(saved.path("encryption").asText()).isEqualTo("required");
      assertThat(saved.path("transports").asText()).isEqualTo("tcp");
    }
    try (ReelServer second = ReelServer.start(Fixtures.config(tmp, fixtures), "test")) {
      JsonNode settings = new ApiClient(second.uri()).get("/api/settings");
      assertThat(settings.path("encryption").asText()).isEqualTo("required");
      assertThat(settings.path("transports").asText()).isEqualTo("tcp");
      assertThat(second.engine().config().encryption()).isEqualTo(EngineConfig.Encryption.REQUIRED);
      assertThat(second.engine().config().transports()).isEqualTo(EngineConfig.Transports.TCP_ONLY);
    }
  }

  @Test
  void badSettingsAndBadBodiesAreRefusedWithErrorJson() throws Exception {
    try (ReelServer reel = ReelServer.start(Fixtures.config(tmp, fixtures), "test")) {
      ApiClient api = new ApiClient(reel.uri());
      ApiClient.Answer bad = api.call("PUT", "/api/settings", Map.of("cacheLimitBytes", 5, "colour", "red"));
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.errorCode()).isEqualTo("bad_request");
      assertThat(bad.json().path("error").path("details").has("cacheLimitBytes")).isTrue();
      assertThat(bad.json().path("error").path("details").has("colour")).isTrue();
      assertThat(api.get("/api/settings").path("cacheLimitBytes").asLong()).isEqualTo(10L << 30);

      assertThat(api.call("POST", "/api/library/favourites", "{not json").errorCode()).isEqualTo("bad_request");
      assertThat(api.call("POST", "/api/library/favourites", Map.of("type", "movie")).status()).isEqualTo(400);
      assertThat(api.send("POST", "/api/library/favourites", "x=1", "application/x-www-form-urlencoded", true)
          .status()).isEqualTo(415);
      byte[] huge = new byte[2 * 1024 * 1024];
      java.util.Arrays.fill(huge, (byte) ' ');
      ApiClient.Answer tooBig = api.call("POST", "/api/library/favourites", huge);
      assertThat(tooBig.status()).isEqualTo(413);
      assertThat(tooBig.errorCode()).isEqualTo("payload_too_large");
      assertThat(api.call("GET", "/api/nothing-here", null).errorCode()).isEqualTo("not_found");
    }
  }

  @Test
  void addsTorrentsAndListsTheirFiles() throws Exception {
    try (ReelServer reel = ReelServer.start(Fixtures.config(tmp, fixtures), "test")) {
      ApiClient api = new ApiClient(reel.uri());
      byte[] torrent = FixtureServer.resource("/catalog/openmovies/sintel.torrent");
      ApiClient.Answer added = api.send("POST", "/api/torrents", torrent, "application/x-bittorrent", true);
      assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
      String id = added.json().path("torrent").path("id").asText();
      JsonNode files = api.get("/api/torrents/" + id + "/files");
      assertThat(files.path("files")).isNotEmpty();
      assertThat(files.path("files").get(files.path("main").asInt()).path("video").asBoolean()).isTrue();

      String magnet = "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=Some%20Film";
      ApiClient.Answer m = api.call("POST", "/api/torrents", Map.of("magnet", magnet));
      assertThat(m.status()).isEqualTo(201);
      assertThat(m.json().path("torrent").path("name").asText()).isEqualTo("Some Film");
      assertThat(api.call("GET", "/api/torrents/0123456789abcdef0123456789abcdef01234567/files", null).status())
          .isEqualTo(409);
      assertThat(api.get("/api/torrents").path("torrents")).hasSize(2);
      assertThat(api.get("/api/catalog/movie/mine").path("items")).hasSize(2);
      assertThat(api.call("POST", "/api/torrents", Map.of("magnet", "magnet:?xt=nonsense")).status()).isEqualTo(400);
      assertThat(api.call("DELETE", "/api/torrents/" + id, null).status()).isEqualTo(204);
      assertThat(api.get("/api/torrents").path("torrents")).hasSize(1);
    }
  }
}
