package dev.reel.app.catalog.addon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.app.catalog.CatalogRequest;
import dev.reel.app.catalog.FixtureAddon;
import dev.reel.app.catalog.FixtureServer;
import dev.reel.app.catalog.HttpFetcher;
import dev.reel.app.catalog.Manifest;
import dev.reel.app.catalog.MetaDetail;
import dev.reel.app.catalog.MetaPreview;
import dev.reel.app.catalog.ProviderException;
import dev.reel.app.catalog.Stream;
import dev.reel.app.catalog.Subtitle;
import dev.reel.app.catalog.Video;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An addon added by URL, against a local Stremio-protocol fixture addon. */
class AddonProviderTest {
  private FixtureServer server;
  private AddonProvider addon;

  @BeforeEach
  void start() {
    server = FixtureAddon.mount(FixtureServer.start());
    addon = new AddonProvider(FixtureAddon.manifestUrl(server), HttpFetcher.uncached());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void readsTheManifestWithShortAndFullResources() throws Exception {
    Manifest m = addon.manifest();
    assertThat(m.id()).isEqualTo("org.example.fixture");
    assertThat(m.name()).isEqualTo("Fixture Addon");
    assertThat(addon.name()).isEqualTo("Fixture Addon");
    assertThat(m.catalogs()).extracting(c -> c.type() + "/" + c.id())
        .containsExactly("movie/top", "series/shows", "movie/searchonly");
    assertThat(m.catalogs().get(0).extra("genre").orElseThrow().options()).containsExactly("Animation", "Horror");
    assertThat(m.catalogs().get(2).requires("search")).isTrue();
    assertThat(m.provides(Manifest.META, "series", "fx:show")).isTrue();
    assertThat(m.provides(Manifest.META, "series", "tt0108778")).isFalse();
    assertThat(m.provides(Manifest.SUBTITLES, "movie", "fx:bbb")).isTrue();
    assertThat(m.behaviorHints().p2p()).isTrue();
    addon.manifest();
    assertThat(server.requests()).containsExactly("/addon/manifest.json"); // fetched once
  }

  @Test
  void catalogFeedSearchAndGenreFollowTheProtocolPaths() throws Exception {
    List<MetaPreview> feed = addon.catalog(CatalogRequest.of("movie", "top"));
    assertThat(feed).extracting(MetaPreview::id).containsExactly("fx:bbb", "fx:night"); // the nameless one dropped
    MetaPreview night = feed.get(1);
    assertThat(night.poster()).isNull(); // javascript: URL dropped
    assertThat(night.releaseInfo()).isEqualTo("1968");
    assertThat(night.genres()).containsExactly("Horror");
    assertThat(night.description()).isEqualTo("<b>Zombies</b> in a farmhouse."); // kept as text, never rendered

    assertThat(addon.catalog(CatalogRequest.of("movie", "top", "bunny", null, 0))).extracting(MetaPreview::name)
        .containsExactly("Big Buck Bunny");
    assertThat(addon.catalog(CatalogRequest.of("movie", "top", null, "Animation", 0))).hasSize(1);
    assertThat(server.requests()).contains("/addon/catalog/movie/top.json", "/addon/catalog/movie/top/search=bunny.json",
        "/addon/catalog/movie/top/genre=Animation.json");
  }

  @Test
  void extrasAreEscapedLikeEncodeUriComponent() {
    assertThat(CatalogRequest.of("movie", "top", "game of thrones", "Sci-Fi & Fantasy", 100).extraPath())
        .isEqualTo("search=game%20of%20thrones&genre=Sci-Fi%20%26%20Fantasy&skip=100");
    assertThat(CatalogRequest.parse("movie", "top", "search=game%20of%20thrones&skip=100").search())
        .hasValue("game of thrones");
  }

  @Test
  void metaOfASeriesListsItsEpisodes() throws Exception {
    MetaDetail show = addon.meta("series", "fx:show");
    assertThat(server.requests()).last().isEqualTo("/addon/meta/series/fx%3Ashow.json");
    assertThat(show.type()).isEqualTo("series");
    assertThat(show.videos()).extracting(Video::id).containsExactly("fx:show:1:1", "fx:show:1:2", "fx:show:2:1");
    assertThat(show.season(1)).extracting(Video::title).containsExactly("Pilot", "Second");
    assertThat(show.season(2)).extracting(Video::episode).containsExactly(1);
    assertThat(show.videos().get(0).released()).isEqualTo("2019-01-07T00:00:00.000Z");
    assertThat(show.behaviorHints().defaultVideoId()).isEqualTo("fx:show:1:1");

    MetaDetail movie = addon.meta("movie", "fx:bbb");
    assertThat(movie.runtime()).isEqualTo("10 min");
    assertThat(movie.links()).singleElement().satisfies(l -> assertThat(l.url()).startsWith("stremio:///"));
  }

  @Test
  void streamsOfAnEpisodeWithInfoHashAndFileIndex() throws Exception {
    List<Stream> streams = addon.streams("series", "fx:show:1:2");
    assertThat(streams).extracting(Stream::name).containsExactly("Fixture\n1080p", "HTTP");
    Stream torrent = streams.get(0);
    assertThat(torrent.kind()).isEqualTo(Stream.Kind.TORRENT);
    assertThat(torrent.infoHash()).isEqualTo("dd8255ecdc7ca55fb0bbf81323d87062db1f6d1c");
    assertThat(torrent.fileIdx()).isEqualTo(2);
    assertThat(torrent.sources()).containsExactly("tracker:udp://tracker.example.org:1337/announce",
        "dht:dd8255ecdc7ca55fb0bbf81323d87062db1f6d1c");
    assertThat(torrent.behaviorHints().bingeGroup()).isEqualTo("fixture-1080p");
    assertThat(torrent.behaviorHints().videoSize()).isEqualTo(734_003_200L);
    assertThat(streams.get(1).kind()).isEqualTo(Stream.Kind.HTTP);

    assertThat(addon.streams("movie", "fx:bbb")).singleElement()
        .satisfies(s -> assertThat(s.fileIdx()).isZero());
  }

  @Test
  void subtitlesKeepOnlyHttpUrls() throws Exception {
    assertThat(addon.subtitles("series", "fx:show:1:2")).extracting(Subtitle::id).containsExactly("s1");
  }

  @Test
  void requestsTheManifestDoesNotDeclareAreRefusedWithoutTheNetwork() throws Exception {
    addon.manifest();
    int before = server.requests().size();
    assertThatThrownBy(() -> addon.meta("movie", "tt1254207"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("does not provide meta");
    assertThatThrownBy(() -> addon.catalog(CatalogRequest.of("movie", "nope")))
        .isInstanceOf(ProviderException.class).hasMessageContaining("no movie catalog 'nope'");
    assertThat(server.requests()).hasSize(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:///etc/manifest.json", "ftp://example.org/manifest.json",
      "javascript:alert(1)//manifest.json", "http://example.org/addon.json", "https://example.org/manifest.json?x=1"})
  void onlyHttpManifestUrlsAreAccepted(String url) {
    assertThatThrownBy(() -> new AddonProvider(URI.create(url), HttpFetcher.uncached()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oversizedMalformedAndMissingResponsesAreClearErrors() {
    byte[] huge = new byte[HttpFetcher.MAX_BODY + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    server.route("/huge/", ex -> FixtureServer.Response.json(huge));
    server.route("/broken/", ex -> FixtureServer.Response.json("{\"id\": ".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> new AddonProvider(server.uri("/huge/manifest.json"), HttpFetcher.uncached()).manifest())
        .isInstanceOf(ProviderException.class).hasMessageContaining("exceeds the limit of " + HttpFetcher.MAX_BODY);
    assertThatThrownBy(() -> new AddonProvider(server.uri("/broken/manifest.json"), HttpFetcher.uncached()).manifest())
        .isInstanceOf(ProviderException.class).hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> new AddonProvider(server.uri("/gone/manifest.json"), HttpFetcher.uncached()).manifest())
        .isInstanceOf(ProviderException.class).hasMessageContaining("HTTP 404");
  }
}
