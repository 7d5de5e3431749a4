package dev.reel.app.catalog.mine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.app.catalog.CatalogRequest;
import dev.reel.app.catalog.MetaDetail;
import dev.reel.app.catalog.MetaPreview;
import dev.reel.app.catalog.ProviderException;
import dev.reel.app.catalog.Stream;
import dev.reel.app.catalog.Video;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MyTorrentsProviderTest {
  private static final String COSMOS = "6a02592d2bbc069628cd5ed8a54f88ee06ac0ba5";
  private static final String MAGNET_HASH = "dd8255ecdc7ca55fb0bbf81323d87062db1f6d1c";
  private final InMemoryMyTorrentsStore store = new InMemoryMyTorrentsStore();
  private final MyTorrentsProvider provider = new MyTorrentsProvider(store);

  @BeforeEach
  void add() throws Exception {
    Metainfo cosmos;
    try (InputStream in = getClass().getResourceAsStream("/catalog/openmovies/cosmosLaundromat.torrent")) {
      cosmos = Metainfo.parse(in.readAllBytes());
    }
    store.put(MyTorrent.of(cosmos, Instant.parse("2026-11-01T10:00:00Z")).withGenres(List.of("Animation")));
    store.put(MyTorrent.of(Magnet.parse("magnet:?xt=urn:btih:" + MAGNET_HASH + "&dn=Home+Movie"
        + "&tr=udp%3A%2F%2Ftracker.example.org%3A1337&ws=https%3A%2F%2Fseed.example.org%2F"),
        Instant.parse("2026-11-02T10:00:00Z")).withYear(1999));
    store.put(MyTorrent.ofUrl(URI.create("https://example.org/files/lecture.torrent"),
        Instant.parse("2026-11-03T10:00:00Z")));
  }

  @Test
  void catalogListsWhatWasAddedMostRecentFirst() throws Exception {
    List<MetaPreview> all = provider.catalog(CatalogRequest.of("movie", "mine"));
    assertThat(all).extracting(MetaPreview::name)
        .containsExactly("lecture.torrent", "Home Movie", "CosmosLaundromatFirstCycle");
    assertThat(all.get(1).releaseInfo()).isEqualTo("1999");
    assertThat(all.get(2).added()).isEqualTo("2026-11-01T10:00:00Z");
    assertThat(provider.catalog(CatalogRequest.of("movie", "mine", "cosmos", null, 0))).hasSize(1);
    assertThat(provider.catalog(CatalogRequest.of("movie", "mine", null, "animation", 0))).hasSize(1);
    assertThat(provider.catalog(CatalogRequest.of("movie", "mine", null, null, 2))).hasSize(1);
  }

  @Test
  void aTorrentWithSeveralVideosListsThemAndEachHasItsStream() throws Exception {
    MetaDetail d = provider.meta("movie", "reel-mine:" + COSMOS);
    assertThat(d.videos()).extracting(Video::id).containsExactly("reel-mine:" + COSMOS + ":1",
        "reel-mine:" + COSMOS + ":2");
    assertThat(provider.streams("movie", "reel-mine:" + COSMOS)).singleElement().satisfies(s -> {
      assertThat(s.infoHash()).isEqualTo(COSMOS);
      assertThat(s.fileIdx()).isEqualTo(1); // the mp4
    });
    assertThat(provider.streams("movie", "reel-mine:" + COSMOS + ":2")).singleElement()
        .satisfies(s -> assertThat(s.fileIdx()).isEqualTo(2));
    assertThat(provider.subtitles("movie", "reel-mine:" + COSMOS)).hasSize(4);
    assertThat(provider.torrent(InfoHash.fromHex(COSMOS))).isPresent();
  }

  @Test
  void aMagnetStreamsByInfoHashWithItsTrackersAndWebSeeds() throws Exception {
    Stream s = provider.streams("movie", "reel-mine:" + MAGNET_HASH).get(0);
    assertThat(s.infoHash()).isEqualTo(MAGNET_HASH);
    assertThat(s.fileIdx()).isNull();
    assertThat(s.magnet()).startsWith("magnet:?xt=urn:btih:" + MAGNET_HASH);
    assertThat(s.sources()).containsExactly("tracker:udp://tracker.example.org:1337", "dht:" + MAGNET_HASH);
    assertThat(s.webSeeds()).containsExactly("https://seed.example.org/");
  }

  @Test
  void aUrlStreamsByItsTorrentUrl() throws Exception {
    String id = store.all().get(0).id();
    Stream s = provider.streams("movie", "reel-mine:" + id).get(0);
    assertThat(s.torrentUrl()).isEqualTo("https://example.org/files/lecture.torrent");
    assertThat(s.kind()).isEqualTo(Stream.Kind.TORRENT);
  }

  @Test
  void unknownIdsAreClearErrors() {
    assertThatThrownBy(() -> provider.meta("movie", "reel-mine:nope"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("no item reel-mine:nope");
    assertThatThrownBy(() -> provider.streams("movie", "reel-mine:" + COSMOS + ":99"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("no file 99");
  }
}
