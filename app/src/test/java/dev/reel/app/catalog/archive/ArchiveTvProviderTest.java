package dev.reel.app.catalog.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.app.catalog.CatalogPage;
import dev.reel.app.catalog.CatalogQuery;
import dev.reel.app.catalog.CatalogRequest;
import dev.reel.app.catalog.CatalogService;
import dev.reel.app.catalog.ContentTypes;
import dev.reel.app.catalog.FixtureServer;
import dev.reel.app.catalog.HttpFetcher;
import dev.reel.app.catalog.MetaDetail;
import dev.reel.app.catalog.MetaPreview;
import dev.reel.app.catalog.ProviderError;
import dev.reel.app.catalog.ProviderException;
import dev.reel.app.catalog.Sourced;
import dev.reel.app.catalog.Stream;
import dev.reel.app.catalog.Subtitle;
import dev.reel.app.catalog.Video;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Internet Archive television against a local server answering with hand-written fixtures of the documented shapes
 * (this machine has no Internet access) and a multi-file torrent built like the Archive's ({@link TvFixture}).
 */
class ArchiveTvProviderTest {
  private static final String SHOW = "ia-tv:" + TvFixture.SHOW;

  private FixtureServer server;
  private ArchiveTvProvider provider;

  @BeforeEach
  void start() {
    server = ArchiveFixture.mount(FixtureServer.start());
    provider = new ArchiveTvProvider(server.uri("/"), HttpFetcher.uncached());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String lastQuery() {
    List<String> r = server.requests();
    return URLDecoder.decode(r.get(r.size() - 1), StandardCharsets.UTF_8);
  }

  @Test
  void theManifestHasOneSeriesCatalogNamedShows() throws Exception {
    assertThat(provider.manifest().types()).containsExactly(ContentTypes.SERIES);
    assertThat(provider.manifest().catalogs()).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo("series");
      assertThat(c.id()).isEqualTo("ia-tv");
      assertThat(c.name()).isEqualTo("Shows");
    });
    assertThatThrownBy(() -> provider.catalog(CatalogRequest.of("movie", "ia-tv")))
        .isInstanceOf(ProviderException.class);
  }

  @Test
  void browseListsOnlySharableShowsAsSeries() throws Exception {
    List<MetaPreview> shows = provider.catalog(CatalogRequest.of("series", ArchiveTvProvider.CATALOG_ID));

    assertThat(lastQuery()).startsWith("/advancedsearch.php?q=collection:classic_tv AND mediatype:movies AND "
            + "(licenseurl:*creativecommons.org* OR rights:\"public domain\")&")
        .contains("fl[]=licenseurl", "fl[]=rights", "fl[]=possible-copyright-status", "sort[]=downloads desc",
            "rows=100", "page=1", "output=json");
    // the search answered a sitcom without any statement of rights: it is dropped here
    assertThat(shows).extracting(MetaPreview::id)
        .containsExactly(SHOW, "ia-tv:flash_gordon_1954", "ia-tv:bonanza_the_spitfire");
    assertThat(shows).allMatch(m -> m.type().equals("series"));
    MetaPreview osb = shows.get(0);
    assertThat(osb.name()).isEqualTo("One Step Beyond (1959)");
    assertThat(osb.releaseInfo()).isEqualTo("1959");
    assertThat(osb.poster()).isEqualTo(server.uri("/services/img/" + TvFixture.SHOW).toString());
    assertThat(osb.description()).isEqualTo("Anthology series of true tales of the paranormal, hosted by John Newland.");
    assertThat(osb.genres()).containsExactly("Science Fiction", "anthology", "paranormal");
    assertThat(shows.get(1).releaseInfo()).isEqualTo("1954"); // from "date"
  }

  @Test
  void searchGenreAndSkipBecomeQueryTerms() throws Exception {
    List<MetaPreview> found = provider.catalog(CatalogRequest.of("series", "ia-tv", "flash", null, 0));
    assertThat(found).extracting(MetaPreview::name).containsExactly("Flash Gordon (1954)");
    assertThat(lastQuery()).contains("OR rights:\"public domain\") AND (flash)").doesNotContain("sort[]");

    List<MetaPreview> western = provider.catalog(CatalogRequest.of("series", "ia-tv", null, "Western", 0));
    assertThat(western).extracting(MetaPreview::id).containsExactly("ia-tv:bonanza_the_spitfire");
    assertThat(lastQuery()).contains("AND subject:\"Western\"");

    List<MetaPreview> skipped = provider.catalog(CatalogRequest.of("series", "ia-tv", null, null, 101));
    assertThat(lastQuery()).contains("page=2");
    assertThat(skipped).extracting(MetaPreview::id)
        .containsExactly("ia-tv:flash_gordon_1954", "ia-tv:bonanza_the_spitfire"); // one skipped, one not sharable
  }

  @Test
  void metaListsTheEpisodesInOrderWithSeasonsParsedFromTheFileNames() throws Exception {
    MetaDetail d = provider.meta("series", SHOW);

    assertThat(d.type()).isEqualTo("series");
    assertThat(d.name()).isEqualTo("One Step Beyond (1959)");
    assertThat(d.licence().name()).isEqualTo("Public Domain Mark 1.0");
    assertThat(d.cast()).containsExactly("John Newland");
    assertThat(d.description()).contains("Episodes in the public domain.").doesNotContain("<");
    // one episode per original file: the MP4 / Ogg / GIF derivatives are versions of it, not episodes
    assertThat(d.videos()).extracting(Video::id).containsExactly(SHOW + ":1:1", SHOW + ":1:2", SHOW + ":1:3",
        SHOW + ":1:10", SHOW + ":2:1");
    assertThat(d.videos()).extracting(Video::season).containsExactly(1, 1, 1, 1, 2);
    assertThat(d.videos()).extracting(Video::episode).containsExactly(1, 2, 3, 10, 1);
    assertThat(d.videos()).extracting(Video::title).containsExactly("The Bride Possessed", "The Dark Room",
        "One Step Beyond S01E03 Night of April 14th", "One Step Beyond S01E10", "One Step Beyond S02E01 Delusion");
    assertThat(d.season(2)).extracting(Video::title).containsExactly("One Step Beyond S02E01 Delusion");
  }

  @Test
  void namesWithoutNumbersAreNumberedInFileNameOrderAndASingleVideoIsAShowOfOneEpisode() throws Exception {
    MetaDetail flash = provider.meta("series", "ia-tv:flash_gordon_1954");
    assertThat(flash.licence().name()).isEqualTo("Public Domain"); // from "rights"
    assertThat(flash.videos()).extracting(Video::title).containsExactly("Flash Gordon - Akim the Terrible",
        "Flash Gordon - The Claim Jumpers", "Flash Gordon - The Planet of Death");
    assertThat(flash.videos()).extracting(Video::episode).containsExactly(1, 2, 3);
    assertThat(flash.videos()).allMatch(v -> v.season() == 1);

    MetaDetail bonanza = provider.meta("series", "ia-tv:bonanza_the_spitfire");
    assertThat(bonanza.videos()).singleElement().satisfies(v -> {
      assertThat(v.id()).isEqualTo("ia-tv:bonanza_the_spitfire:1:5"); // "1x05"
      assertThat(v.title()).isEqualTo("Bonanza 1x05 The Spitfire");
    });
  }

  @Test
  void anEpisodesStreamsPointAtItsFilesInTheTorrentByTheirIndexThere() throws Exception {
    Metainfo torrent = Metainfo.parse(TvFixture.torrent());
    List<Stream> streams = provider.streams("series", SHOW + ":1:2");

    // The Dark Room: the MP4 derivative first (browsers play it), then the MPEG-2 original, then the Ogg; the GIF is
    // no video. Indexes count the padding files, as the torrent lists them.
    assertThat(streams).extracting(Stream::fileIdx).containsExactly(8, 10, 12);
    assertThat(streams).extracting(s -> torrent.files().get(s.fileIdx()).displayPath()).containsExactly(
        "One_Step_Beyond_S01E02_The_Dark_Room.mp4", "One_Step_Beyond_S01E02_The_Dark_Room.mpeg",
        "One_Step_Beyond_S01E02_The_Dark_Room.ogv");
    Stream mp4 = streams.get(0);
    assertThat(mp4.infoHash()).isEqualTo(torrent.infoHash().hex());
    assertThat(mp4.name()).isEqualTo("480p");
    assertThat(mp4.size()).isEqualTo(94_371_840L);
    assertThat(mp4.torrentUrl()).isEqualTo(server.uri("/download/" + TvFixture.SHOW + "/" + TvFixture.SHOW
        + "_archive.torrent").toString());
    assertThat(mp4.webSeeds()).containsExactly("http://ia802304.us.archive.org/21/items/",
        "http://ia902304.us.archive.org/21/items/", "https://archive.org/download/");
    assertThat(mp4.sources()).contains("tracker:http://bt1.archive.org:6969/announce",
        "dht:" + torrent.infoHash().hex());
    assertThat(mp4.subtitles()).isEmpty(); // the subtitle file is episode 1's

    Stream first = provider.streams("series", SHOW + ":1:1").get(0);
    assertThat(first.fileIdx()).isEqualTo(2);
    assertThat(first.subtitles()).singleElement().satisfies(s -> assertThat(s.fileIdx()).isZero());
    assertThat(provider.streams("series", SHOW + ":2:1")).extracting(Stream::fileIdx).containsExactly(18);
    assertThat(provider.subtitles("series", SHOW + ":1:1")).extracting(Subtitle::lang).containsExactly("eng");
    assertThat(provider.subtitles("series", SHOW + ":1:2")).isEmpty();
  }

  @Test
  void withoutTheTorrentAnEpisodeIsNamedByItsFileAndHasNoIndex() throws Exception {
    assertThat(provider.streams("series", "ia-tv:flash_gordon_1954:1:2")).singleElement().satisfies(s -> {
      assertThat(s.fileIdx()).isNull();
      assertThat(s.behaviorHints().filename()).isEqualTo("Flash_Gordon_-_The_Claim_Jumpers.mp4");
      assertThat(s.infoHash()).isEqualTo("ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12");
      assertThat(s.webSeeds()).startsWith("http://ia600101.us.archive.org/7/items/");
    });
    // a "_512kb" derivative that does not name its original is a version of that original, not an episode
    assertThat(provider.streams("series", "ia-tv:flash_gordon_1954:1:3")).singleElement()
        .satisfies(s -> assertThat(s.behaviorHints().filename()).isEqualTo("Flash_Gordon_-_The_Planet_of_Death.mp4"));
  }

  @Test
  void itemsWithoutAFreeLicenceAndBadIdsAreRefused() {
    assertThatThrownBy(() -> provider.meta("series", "ia-tv:copyrighted_sitcom_1988"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("not marked public domain or Creative Commons");
    assertThatThrownBy(() -> provider.streams("series", "ia-tv:copyrighted_sitcom_1988:1:1"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("not marked public domain");
    assertThatThrownBy(() -> provider.streams("series", SHOW + ":3:1"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("no season 3 episode 1");
    int before = server.requests().size();
    assertThatThrownBy(() -> provider.streams("series", "ia-tv:../../etc:1:1"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("not an Internet Archive episode id");
    assertThatThrownBy(() -> provider.meta("series", "ia-tv:a/b"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("not an Internet Archive item id");
    assertThat(server.requests()).hasSize(before);
  }

  @Test
  void aFailingShowsSearchIsReportedAndTheFilmsStillCome() {
    try (FixtureServer down = ArchiveFixture.mount(FixtureServer.start(), false);
        CatalogService service = new CatalogService(List.of(
            new ArchiveProvider(down.uri("/"), HttpFetcher.uncached()),
            new ArchiveTvProvider(down.uri("/"), HttpFetcher.uncached())), Duration.ofSeconds(5))) {
      CatalogPage all = service.browse(CatalogQuery.browse());
      assertThat(all.items()).extracting(s -> s.value().id()).contains("ia:night_of_the_living_dead")
          .noneMatch(id -> id.startsWith("ia-tv:"));
      assertThat(all.errors()).singleElement().satisfies(e -> {
        assertThat(e.providerKey()).isEqualTo(ArchiveTvProvider.KEY);
        assertThat(e.kind()).isEqualTo(ProviderError.Kind.FAILED);
        assertThat(e.message()).contains("503");
      });
      CatalogPage films = service.browse(CatalogQuery.browse().withType("movie"));
      assertThat(films.errors()).isEmpty();
      assertThat(films.items()).isNotEmpty();
      List<Sourced<Stream>> streams = service.streams("movie", "ia:CosmosLaundromatFirstCycle").results();
      assertThat(streams).isNotEmpty();
    }
  }

  @Test
  void twoFilesWithTheSameNumberOrSomeWithoutMakeTheWholeItemFollowFileOrder() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    IaItem clash = IaItem.of("x", json.readTree("""
        {"metadata": {"title": "X"}, "files": [
          {"name": "Show_S01E02_part2.mp4", "source": "original"},
          {"name": "Show_S01E02_part1.mp4", "source": "original"},
          {"name": "Show_S01E01.mp4", "source": "original"}]}"""));
    assertThat(Episodes.of(clash)).extracting(e -> e.main().name() + "=" + e.season() + "x" + e.episode())
        .containsExactly("Show_S01E01.mp4=1x1", "Show_S01E02_part1.mp4=1x2", "Show_S01E02_part2.mp4=1x3");
    IaItem mixed = IaItem.of("y", json.readTree("""
        {"metadata": {"title": "Y"}, "files": [
          {"name": "disc2/Show_S02E01.mp4", "source": "original"},
          {"name": "Bonus interview.mp4", "source": "original"},
          {"name": "disc1/Show_S01E01.mp4", "source": "original"},
          {"name": "cover.jpg", "source": "original"}]}"""));
    assertThat(Episodes.of(mixed)).extracting(e -> e.main().name() + "=" + e.season() + "x" + e.episode())
        .containsExactly("Bonus interview.mp4=1x1", "disc1/Show_S01E01.mp4=1x2", "disc2/Show_S02E01.mp4=1x3");
    assertThat(Episodes.of(IaItem.of("z", json.readTree("{\"metadata\": {}, \"files\": []}")))).isEmpty();
  }

  @Test
  void episodeNumbersFromNames() {
    record Case(String text, Episodes.Number expected) {}
    for (Case c : List.of(
        new Case("Show_S01E02_Title.mp4", new Episodes.Number(1, 2)),
        new Case("show.s2.e11.avi", new Episodes.Number(2, 11)),
        new Case("Show - 3x07 - Title.mkv", new Episodes.Number(3, 7)),
        new Case("Season 2 Episode 4 - Title", new Episodes.Number(2, 4)),
        new Case("The Lucy Show Episode 12", new Episodes.Number(1, 12)),
        new Case("Dragnet Ep. 3", new Episodes.Number(1, 3)),
        new Case("show_ep05.mp4", new Episodes.Number(1, 5)),
        new Case("Film 1920x1080.mp4", null),
        new Case("Sleep 5.mp4", null),
        new Case("The Planet of Death.mp4", null))) {
      assertThat(Episodes.parse(c.text()).orElse(null)).as(c.text()).isEqualTo(c.expected());
    }
    assertThat(List.of("ep10.mp4", "ep2.mp4", "Ep1.mp4").stream().sorted(Episodes::natural).toList())
        .containsExactly("Ep1.mp4", "ep2.mp4", "ep10.mp4");
  }
}
