package dev.reel.app.catalog.openmovies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.app.catalog.CatalogRequest;
import dev.reel.app.catalog.ContentTypes;
import dev.reel.app.catalog.Manifest;
import dev.reel.app.catalog.MetaDetail;
import dev.reel.app.catalog.MetaPreview;
import dev.reel.app.catalog.ProviderException;
import dev.reel.app.catalog.Stream;
import dev.reel.app.catalog.Subtitle;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Metainfo;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenMoviesProviderTest {
  private final OpenMoviesProvider provider = new OpenMoviesProvider();

  private static Metainfo bundled(String file) throws Exception {
    try (InputStream in = OpenMoviesProvider.class.getResourceAsStream("/catalog/openmovies/" + file)) {
      return Metainfo.parse(in.readAllBytes());
    }
  }

  @Test
  void manifestDeclaresOneSearchableMovieCatalog() {
    Manifest m = provider.manifest();
    assertThat(m.types()).containsExactly(ContentTypes.MOVIE);
    assertThat(m.catalogs()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(OpenMoviesProvider.CATALOG_ID);
      assertThat(c.supports("search")).isTrue();
      assertThat(c.extra("genre").orElseThrow().options()).contains("Animation", "Fantasy", "Science Fiction");
    });
    assertThat(m.provides(Manifest.STREAM, "movie", "reel-open:sintel")).isTrue();
    assertThat(m.provides(Manifest.STREAM, "movie", "tt1254207")).isFalse();
  }

  @Test
  void catalogListsTheFourFilmsNewestFirst() throws Exception {
    List<MetaPreview> all = provider.catalog(CatalogRequest.of("movie", "openmovies"));
    assertThat(all).extracting(MetaPreview::name).containsExactly("Cosmos Laundromat: First Cycle", "Tears of Steel",
        "Sintel", "Big Buck Bunny");
    assertThat(all).extracting(MetaPreview::releaseInfo).containsExactly("2015", "2012", "2010", "2008");
    assertThat(all).allSatisfy(p -> {
      assertThat(p.type()).isEqualTo("movie");
      assertThat(p.id()).startsWith("reel-open:");
      assertThat(p.description()).isNotBlank();
      assertThat(p.genres()).isNotEmpty();
    });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      dragon      | -         | 0 | Sintel
      BUNNY       | -         | 0 | Big Buck Bunny
      -           | fantasy   | 0 | Cosmos Laundromat: First Cycle,Sintel
      -           | -         | 3 | Big Buck Bunny
      robots      | Animation | 0 | -
      """)
  void searchGenreAndSkip(String search, String genre, int skip, String expected) throws Exception {
    List<MetaPreview> got = provider.catalog(CatalogRequest.of("movie", "openmovies", search, genre, skip));
    List<String> names = expected == null ? List.of() : List.of(expected.split(","));
    assertThat(got).extracting(MetaPreview::name).containsExactlyElementsOf(names);
  }

  @Test
  void metaHasSynopsisYearRuntimeGenresAndLicence() throws Exception {
    MetaDetail d = provider.meta("movie", "reel-open:big-buck-bunny");
    assertThat(d.name()).isEqualTo("Big Buck Bunny");
    assertThat(d.releaseInfo()).isEqualTo("2008");
    assertThat(d.year()).hasValue(2008);
    assertThat(d.runtime()).isEqualTo("10 min");
    assertThat(d.genres()).contains("Animation");
    assertThat(d.description()).contains("rabbit");
    assertThat(d.licence().name()).isEqualTo("CC BY 3.0");
    assertThat(d.licence().url()).isEqualTo("https://creativecommons.org/licenses/by/3.0/");
    assertThat(d.videos()).isEmpty();
    assertThat(provider.meta("movie", "reel-open:cosmos-laundromat").licence().name()).isEqualTo("CC BY 4.0");
  }

  @Test
  void unknownIdIsAClearError() {
    assertThatThrownBy(() -> provider.meta("movie", "reel-open:nope"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("reel-open:nope");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      reel-open:big-buck-bunny   | bigBuckBunny.torrent     | 88594aaacbde40ef3e2510c47374ec0aa396c08e | 0 | 276134947 | 1080p
      reel-open:sintel           | sintel.torrent           | 6a9759bffd5c0af65319979fb7832189f4f3c35d | 0 | 129241752 | MP4
      reel-open:tears-of-steel   | tearsOfSteel.torrent     | 02767050e0be2fd4db9a2ad6c12416ac806ed6ed | 0 | 571346576 | 1080p
      reel-open:cosmos-laundromat| cosmosLaundromat.torrent | 6a02592d2bbc069628cd5ed8a54f88ee06ac0ba5 | 1 | 220087570 | 1080p
      """)
  void streamsComeFromTheBundledTorrents(String id, String file, String hash, int fileIdx, long size, String name)
      throws Exception {
    Metainfo torrent = bundled(file);
    assertThat(torrent.infoHash().hex()).isEqualTo(hash);
    Stream s = provider.streams("movie", id).get(0);
    assertThat(s.kind()).isEqualTo(Stream.Kind.TORRENT);
    assertThat(s.infoHash()).isEqualTo(hash);
    assertThat(s.fileIdx()).isEqualTo(fileIdx);
    assertThat(s.size()).isEqualTo(size);
    assertThat(s.name()).isEqualTo(name);
    assertThat(s.magnet()).startsWith("magnet:?xt=urn:btih:" + hash);
    assertThat(s.sources()).contains("dht:" + hash);
    assertThat(s.sources()).filteredOn(x -> x.startsWith("tracker:")).isNotEmpty()
        .allMatch(x -> x.startsWith("tracker:udp://") || x.startsWith("tracker:http"));
    assertThat(s.webSeeds()).containsExactlyElementsOf(torrent.urlList());
    assertThat(s.behaviorHints().videoSize()).isEqualTo(size);
    assertThat(provider.torrent(InfoHash.fromHex(hash))).get().extracting(Metainfo::infoHash)
        .isEqualTo(torrent.infoHash());
  }

  @Test
  void cosmosLaundromatHasItsFourSubtitlesInsideTheTorrent() throws Exception {
    List<Subtitle> subs = provider.subtitles("movie", "reel-open:cosmos-laundromat");
    assertThat(subs).extracting(Subtitle::lang).containsExactly("eng", "spa", "fra", "ita");
    assertThat(subs).extracting(Subtitle::fileIdx).containsExactly(3, 4, 5, 6);
    assertThat(subs).allSatisfy(s -> assertThat(s.infoHash()).isEqualTo("6a02592d2bbc069628cd5ed8a54f88ee06ac0ba5"));
    assertThat(provider.streams("movie", "reel-open:cosmos-laundromat").get(0).subtitles()).hasSize(4);
    assertThat(provider.subtitles("movie", "reel-open:sintel")).isEmpty();
  }
}
