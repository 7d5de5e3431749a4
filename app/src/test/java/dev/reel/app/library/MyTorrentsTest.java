package dev.reel.app.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.app.catalog.mine.MyTorrent;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "My torrents" in SQLite, through the catalog's MyTorrentsStore seam. */
class MyTorrentsTest {
  static final InfoHash MAGNET_HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
  static final URI URL = URI.create("https://example.org/sintel.torrent");

  @TempDir Path tmp;
  final TestClock clock = new TestClock();
  Library library;
  MyTorrents mine;

  @BeforeEach
  void open() {
    library = Fixtures.open(tmp, clock);
    mine = library.myTorrents();
  }

  @AfterEach
  void close() {
    library.close();
  }

  static Metainfo sintel() throws Exception {
    try (InputStream in = MyTorrentsTest.class.getResourceAsStream("/torrents/sintel.torrent")) {
      return Metainfo.parse(in.readAllBytes());
    }
  }

  MyTorrent magnet() {
    return MyTorrent.of(Magnet.parse("magnet:?xt=urn:btih:" + MAGNET_HASH.hex() + "&dn=Home+Movie"),
        clock.instant());
  }

  @Test
  void aTorrentFileComesBackWithItsMetainfoAndInfoHash() throws Exception {
    Metainfo sintel = sintel();
    mine.put(MyTorrent.of(sintel, clock.instant()).withGenres(List.of("Animation", "Fantasy")).withYear(2010));

    assertThat(mine.find(sintel.infoHash())).hasValueSatisfying(t -> {
      assertThat(t.id()).isEqualTo(sintel.infoHash().hex());
      assertThat(t.name()).isEqualTo(sintel.name());
      assertThat(t.metainfo().infoHash()).isEqualTo(sintel.infoHash());
      assertThat(t.metainfo().files()).hasSameSizeAs(sintel.files());
      assertThat(t.metainfo().urlList()).isEqualTo(sintel.urlList());
      assertThat(t.genres()).containsExactly("Animation", "Fantasy");
      assertThat(t.year()).isEqualTo(2010);
      assertThat(t.added()).isEqualTo(TestClock.START);
    });
    assertThat(mine.source(sintel.infoHash().hex())).contains("file");
  }

  @Test
  void addedTorrentsAreListedNewestFirst() {
    mine.put(magnet());
    clock.advance(Duration.ofMinutes(1));
    mine.put(MyTorrent.ofUrl(URL, clock.instant()));

    assertThat(mine.all()).extracting(MyTorrent::name).containsExactly("sintel.torrent", "Home Movie");
    MyTorrent byUrl = mine.all().get(0);
    assertThat(byUrl.infoHash()).isNull();
    assertThat(byUrl.torrentUrl()).isEqualTo(URL);
    assertThat(mine.source(byUrl.id())).contains("url");
    assertThat(mine.find(MAGNET_HASH)).hasValueSatisfying(t -> {
      assertThat(t.magnet()).contains(MAGNET_HASH.hex());
      assertThat(t.metainfo()).isNull();
    });
    assertThat(mine.source(MAGNET_HASH.hex())).contains("magnet");
  }

  @Test
  void aUrlEntryBecomesAFullOneOnceItsTorrentIsFetched() throws Exception {
    MyTorrent byUrl = MyTorrent.ofUrl(URL, clock.instant());
    mine.put(byUrl);
    Metainfo sintel = sintel();

    mine.put(MyTorrent.of(sintel, clock.instant()));
    mine.remove(byUrl.id());

    assertThat(mine.all()).singleElement().satisfies(t -> {
      assertThat(t.id()).isEqualTo(sintel.infoHash().hex());
      assertThat(t.metainfo()).isNotNull();
    });
  }

  @Test
  void theSameInfoHashIsKeptOnceAndTheFirstSourceIsRemembered() throws Exception {
    Metainfo sintel = sintel();
    mine.put(MyTorrent.of(Magnet.of(sintel), clock.instant()));
    mine.put(MyTorrent.of(sintel, clock.instant()));
    mine.put(new MyTorrent("other-id", "Sintel again", sintel.infoHash(), null, null, null, clock.instant(), null,
        null));
    mine.put(MyTorrent.of(sintel, clock.instant()));

    assertThat(mine.all()).extracting(MyTorrent::id).containsExactly(sintel.infoHash().hex());
    assertThat(mine.find(sintel.infoHash().hex())).map(MyTorrent::metainfo).isPresent();
  }

  @Test
  void removeSaysWhetherItWasThere() {
    mine.put(magnet());
    assertThat(mine.remove(MAGNET_HASH.hex())).isTrue();
    assertThat(mine.remove(MAGNET_HASH.hex())).isFalse();
    assertThat(mine.all()).isEmpty();
  }
}
