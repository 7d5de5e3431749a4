package dev.reel.app.catalog.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.app.catalog.CatalogRequest;
import dev.reel.app.catalog.FixtureServer;
import dev.reel.app.catalog.HttpFetcher;
import dev.reel.app.catalog.MetaDetail;
import dev.reel.app.catalog.MetaPreview;
import dev.reel.app.catalog.ProviderException;
import dev.reel.app.catalog.Stream;
import dev.reel.app.catalog.Subtitle;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Internet Archive provider against a local server answering with fixtures of the documented shapes. */
class ArchiveProviderTest {
  private static final String COSMOS_HASH = "6a02592d2bbc069628cd5ed8a54f88ee06ac0ba5";

  private FixtureServer server;
  private ArchiveProvider provider;

  @BeforeEach
  void start() {
    server = ArchiveFixture.mount(FixtureServer.start());
    provider = new ArchiveProvider(server.uri("/"), HttpFetcher.uncached());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String base() {
    return server.uri("").toString();
  }

  private String lastQuery() {
    List<String> r = server.requests();
    return URLDecoder.decode(r.get(r.size() - 1), StandardCharsets.UTF_8);
  }

  @Test
  void browseQueriesFeatureFilmsByDownloadsAndMapsDocsToPreviews() throws Exception {
    List<MetaPreview> items = provider.catalog(CatalogRequest.of("movie", ArchiveProvider.CATALOG_ID));

    String q = lastQuery();
    assertThat(q).startsWith("/advancedsearch.php?q=collection:feature_films AND mediatype:movies&")
        .contains("fl[]=identifier", "fl[]=title", "fl[]=year", "fl[]=subject", "fl[]=downloads",
            "rows=100", "page=1", "sort[]=downloads desc", "output=json");
    assertThat(items).extracting(MetaPreview::id)
        .containsExactly("ia:night_of_the_living_dead", "ia:his_girl_friday", "ia:CosmosLaundromatFirstCycle");
    MetaPreview night = items.get(0);
    assertThat(night.name()).isEqualTo("Night of the Living Dead");
    assertThat(night.releaseInfo()).isEqualTo("1968");
    assertThat(night.poster()).isEqualTo(base() + "/services/img/night_of_the_living_dead");
    assertThat(night.genres()).containsExactly("Horror", "zombies", "George A. Romero");
    assertThat(night.description()).doesNotContain("<", ">").contains("public domain since its release & still");
    assertThat(night.added()).isEqualTo("2004-05-24T00:00:00Z");
    MetaPreview friday = items.get(1);
    assertThat(friday.releaseInfo()).isEqualTo("1940"); // a number in the JSON
    assertThat(friday.genres()).containsExactly("Comedy", "Romance", "screwball"); // a "a; b" string
    assertThat(friday.description()).contains("remarrying.").contains("Howard Hawks"); // an array of paragraphs
  }

  @Test
  void searchGenreAndPagingBecomeQueryTerms() throws Exception {
    List<MetaPreview> found = provider.catalog(CatalogRequest.of("movie", ArchiveProvider.CATALOG_ID, "night", null, 0));
    assertThat(found).extracting(MetaPreview::name).containsExactly("Night of the Living Dead");
    assertThat(lastQuery()).contains("q=collection:feature_films AND mediatype:movies AND (night)")
        .doesNotContain("sort[]");

    provider.catalog(CatalogRequest.of("movie", ArchiveProvider.CATALOG_ID, "a:b (c)", null, 0));
    assertThat(lastQuery()).contains("AND (a\\:b \\(c\\))");

    List<MetaPreview> horror = provider.catalog(CatalogRequest.of("movie", ArchiveProvider.CATALOG_ID, null, "Horror", 0));
    assertThat(horror).hasSize(1);
    assertThat(lastQuery()).contains("AND subject:\"Horror\"");

    List<MetaPreview> page2 = provider.catalog(CatalogRequest.of("movie", ArchiveProvider.CATALOG_ID, null, null, 101));
    assertThat(lastQuery()).contains("page=2");
    assertThat(page2).hasSize(2); // the fixture's page minus the one item of the skip beyond a page boundary
  }

  @Test
  void metaComesFromTheMetadataApi() throws Exception {
    MetaDetail d = provider.meta("movie", "ia:night_of_the_living_dead");
    assertThat(server.requests()).last().isEqualTo("/metadata/night_of_the_living_dead");
    assertThat(d.name()).isEqualTo("Night of the Living Dead");
    assertThat(d.releaseInfo()).isEqualTo("1968");
    assertThat(d.description()).startsWith("A group of people hide").contains("in the public domain & widely seen")
        .doesNotContain("<", "alert");
    assertThat(d.genres()).containsExactly("Horror", "zombies", "George A. Romero");
    assertThat(d.director()).containsExactly("George A. Romero");
    assertThat(d.runtime()).isEqualTo("96 min"); // from the main video's length, 5750 s
    assertThat(d.licence().name()).isEqualTo("Public Domain Mark 1.0");
    assertThat(d.website()).isEqualTo(base() + "/details/night_of_the_living_dead");
    assertThat(d.poster()).isEqualTo(base() + "/services/img/night_of_the_living_dead");

    MetaDetail cosmos = provider.meta("movie", "ia:CosmosLaundromatFirstCycle");
    assertThat(cosmos.licence().name()).isEqualTo("CC BY 4.0");
    assertThat(cosmos.description()).contains("gift of a lifetime.\n\nBlender Institute & the Gooseberry project.");
    assertThat(cosmos.added()).isEqualTo("2015-09-05T16:46:55Z");
  }

  @Test
  void unknownOrMalformedIdsAreClearErrors() {
    assertThatThrownBy(() -> provider.meta("movie", "ia:no_such_item"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("no item no_such_item");
    int before = server.requests().size();
    assertThatThrownBy(() -> provider.meta("movie", "ia:../../etc/passwd"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("not an Internet Archive item id");
    assertThat(server.requests()).hasSize(before);
  }

  @Test
  void streamsUseTheItemsTorrentWithExactFileIndexes() throws Exception {
    List<Stream> streams = provider.streams("movie", "ia:CosmosLaundromatFirstCycle");

    assertThat(streams).extracting(Stream::fileIdx).containsExactly(1, 2); // the mp4, then the ogv, in torrent order
    Stream main = streams.get(0);
    assertThat(main.infoHash()).isEqualTo(COSMOS_HASH);
    assertThat(main.name()).isEqualTo("1080p");
    assertThat(main.size()).isEqualTo(220_087_570L);
    assertThat(main.torrentUrl())
        .isEqualTo(base() + "/download/CosmosLaundromatFirstCycle/CosmosLaundromatFirstCycle_archive.torrent");
    assertThat(main.webSeeds()).containsExactly("http://ia601508.us.archive.org/14/items/",
        "http://ia801508.us.archive.org/14/items/", "https://archive.org/download/");
    assertThat(main.sources()).contains("tracker:http://bt1.archive.org:6969/announce", "dht:" + COSMOS_HASH);
    assertThat(main.subtitles()).extracting(Subtitle::fileIdx).containsExactly(3, 4, 5, 6);
  }

  @Test
  void withoutTheTorrentTheStreamFallsBackToMetadataAndLeavesTheIndexOut() throws Exception {
    List<Stream> streams = provider.streams("movie", "ia:night_of_the_living_dead");

    assertThat(streams).singleElement().satisfies(s -> {
      assertThat(s.infoHash()).isEqualTo("5f1e8e2c6b9d4a3f7c0e1d2b3a4958677a8b9c0d"); // btih from the metadata
      assertThat(s.fileIdx()).isNull();
      assertThat(s.behaviorHints().filename()).isEqualTo("night_of_the_living_dead.mp4");
      assertThat(s.name()).isEqualTo("480p");
      assertThat(s.size()).isEqualTo(1_043_741_298L);
      assertThat(s.torrentUrl()).isEqualTo(base()
          + "/download/night_of_the_living_dead/night_of_the_living_dead_archive.torrent");
      assertThat(s.webSeeds()).containsExactly("http://ia800300.us.archive.org/3/items/",
          "http://ia600300.us.archive.org/3/items/", base() + "/download/");
      assertThat(s.sources()).containsExactly("tracker:http://bt1.archive.org:6969/announce",
          "tracker:http://bt2.archive.org:6969/announce", "dht:5f1e8e2c6b9d4a3f7c0e1d2b3a4958677a8b9c0d");
    });
  }

  @Test
  void subtitlesAreTheItemsSubtitleFiles() throws Exception {
    assertThat(provider.subtitles("movie", "ia:night_of_the_living_dead")).singleElement().satisfies(s -> {
      assertThat(s.url()).isEqualTo(base() + "/download/night_of_the_living_dead/night_of_the_living_dead.en.srt");
      assertThat(s.lang()).isEqualTo("eng");
    });
  }
}
