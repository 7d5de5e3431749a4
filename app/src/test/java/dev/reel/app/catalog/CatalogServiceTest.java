package dev.reel.app.catalog;

import static dev.reel.app.catalog.ListProvider.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.app.catalog.CatalogQuery.Sort;
import dev.reel.app.catalog.addon.AddonProvider;
import dev.reel.app.catalog.openmovies.OpenMoviesProvider;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogServiceTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private FixtureServer server;
  private CatalogService service;

  @AfterEach
  void stop() {
    release.countDown();
    if (service != null) {
      service.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static URI refusedUrl() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/manifest.json");
    } // closed: connecting is refused
  }

  private static List<String> names(CatalogPage page) {
    return page.items().stream().map(s -> s.value().name()).toList();
  }

  @Test
  void aProviderThatIsDownOrSlowIsReportedWhileTheOthersAnswer() throws Exception {
    server = FixtureAddon.mount(FixtureServer.start());
    server.route("/slow/", ex -> {
      release.await(30, TimeUnit.SECONDS); // answers only after the test
      return FixtureServer.Response.notFound();
    });
    HttpFetcher http = HttpFetcher.uncached();
    AddonProvider down = new AddonProvider(refusedUrl(), http);
    AddonProvider slow = new AddonProvider(server.uri("/slow/manifest.json"), http);
    AddonProvider fixture = new AddonProvider(FixtureAddon.manifestUrl(server), http);
    service = new CatalogService(List.of(new OpenMoviesProvider(), down, slow, fixture), Duration.ofSeconds(1));

    CatalogPage page = service.browse(CatalogQuery.browse());

    assertThat(page.items()).extracting(Sourced::providerKey).contains("reel.openmovies", fixture.key());
    assertThat(names(page)).contains("Sintel", "The Fixture Show", "Night of the Living Dead");
    assertThat(page.errors()).hasSize(2);
    assertThat(page.errors()).filteredOn(e -> e.providerKey().equals(down.key())).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderError.Kind.FAILED);
      assertThat(e.message()).contains("connection refused");
    });
    assertThat(page.errors()).filteredOn(e -> e.providerKey().equals(slow.key())).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderError.Kind.TIMEOUT);
      assertThat(e.message()).contains("did not answer within 1000 ms");
    });

    // a merged search reaches both answering providers
    CatalogPage bunny = service.browse(CatalogQuery.search("bunny"));
    assertThat(bunny.items()).extracting(s -> s.value().id()).containsExactly("reel-open:big-buck-bunny", "fx:bbb");
    assertThat(bunny.errors()).hasSize(2);

    // details and streams are routed by id prefix; the failing providers are reported, not fatal
    Aggregate<Sourced<MetaDetail>> show = service.meta("series", "fx:show");
    assertThat(show.results()).singleElement().satisfies(s -> {
      assertThat(s.providerName()).isEqualTo("Fixture Addon");
      assertThat(s.value().videos()).hasSize(3);
    });
    Aggregate<Sourced<Stream>> streams = service.streams("movie", "reel-open:sintel");
    assertThat(streams.results()).singleElement()
        .satisfies(s -> assertThat(s.value().infoHash()).isEqualTo("6a9759bffd5c0af65319979fb7832189f4f3c35d"));
    assertThat(streams.complete()).isFalse();
  }

  private CatalogService lists() {
    ListProvider a = new ListProvider("a", 2, List.of("Comedy", "Drama", "Horror"), List.of(
        item("a:1", "Zeta", "1999", "2026-01-03T00:00:00Z", "Drama"),
        item("a:2", "alpha", "2012", "2026-01-01T00:00:00Z", "Comedy", "Drama"),
        item("a:3", "Mu", null, "2026-01-05T00:00:00Z", "Horror"),
        item("a:4", "Élan", "2005", null, "Comedy"),
        item("a:5", "Beta", "1950", "2026-01-02T00:00:00Z", "Drama")));
    ListProvider b = new ListProvider("b", 10, null, List.of(
        item("b:1", "Omega", "2020", "2026-01-04T00:00:00Z", "Comedy"),
        item("a:2", "alpha (duplicate)", "2012", null, "Comedy"),
        item("b:3", "Gamma", "1980-1985", null, "Horror")));
    return new CatalogService(List.of(a, b), Duration.ofSeconds(5));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      POPULARITY     | -      | -    | -    | Zeta,Omega,alpha,Gamma,Mu,Élan,Beta
      TITLE          | -      | -    | -    | alpha,Beta,Élan,Gamma,Mu,Omega,Zeta
      YEAR           | -      | -    | -    | Omega,alpha,Élan,Zeta,Gamma,Beta,Mu
      RECENTLY_ADDED | -      | -    | -    | Mu,Omega,Zeta,Beta,alpha,Gamma,Élan
      TITLE          | comedy | -    | -    | alpha,Élan,Omega
      TITLE          | Drama  | -    | -    | alpha,Beta,Zeta
      YEAR           | -      | 1980 | 2012 | alpha,Élan,Zeta,Gamma
      YEAR           | Horror | 1900 | -    | Gamma
      """)
  void filtersAndSorts(Sort sort, String genre, Integer from, Integer to, String expected) {
    service = lists();
    CatalogPage page = service.browse(CatalogQuery.browse().withSort(sort).withGenre(genre).withYears(from, to));
    assertThat(names(page)).containsExactly(expected.split(","));
    assertThat(page.errors()).isEmpty();
  }

  @Test
  void pagesThroughTheMergedList() {
    service = lists();
    CatalogQuery q = CatalogQuery.browse().withSort(Sort.TITLE);
    CatalogPage first = service.browse(q.withPage(0, 3));
    CatalogPage second = service.browse(q.withPage(3, 3));
    CatalogPage last = service.browse(q.withPage(6, 3));
    assertThat(names(first)).containsExactly("alpha", "Beta", "Élan");
    assertThat(first.more()).isTrue();
    assertThat(names(second)).containsExactly("Gamma", "Mu", "Omega");
    assertThat(names(last)).containsExactly("Zeta");
    assertThat(last.more()).isFalse();
    assertThat(service.browse(q.withPage(50, 3)).items()).isEmpty();
  }

  @Test
  void duplicatesKeepTheFirstProvidersItem() {
    service = lists();
    CatalogPage page = service.browse(CatalogQuery.search("alpha"));
    assertThat(page.items()).singleElement().satisfies(s -> {
      assertThat(s.providerKey()).isEqualTo("a");
      assertThat(s.value().name()).isEqualTo("alpha");
    });
  }

  @Test
  void typeFilterAndSingleCatalogAccess() {
    server = FixtureAddon.mount(FixtureServer.start());
    AddonProvider fixture = new AddonProvider(FixtureAddon.manifestUrl(server), HttpFetcher.uncached());
    service = new CatalogService(List.of(new OpenMoviesProvider(), fixture), Duration.ofSeconds(5));

    assertThat(names(service.browse(CatalogQuery.browse().withType("series")))).containsExactly("The Fixture Show");
    Aggregate<Sourced<MetaPreview>> top = service.catalog(fixture.key(), CatalogRequest.of("movie", "top"));
    assertThat(top.results()).extracting(s -> s.value().id()).containsExactly("fx:bbb", "fx:night");
    Aggregate<Sourced<MetaPreview>> missing = service.catalog(fixture.key(), CatalogRequest.of("movie", "searchonly"));
    assertThat(missing.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("needs extras"));
    assertThat(service.manifests().results()).extracting(Sourced::providerName)
        .containsExactly("Open Movies", "Fixture Addon");
  }
}
