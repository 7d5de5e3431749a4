package dev.reel.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.metainfo.InfoHash;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "My torrents": added by magnet, .torrent or URL. */
class MyTorrentsTest {
  static final InfoHash HASH = InfoHash.fromHex("08ada5a7a6183aae1e09d831df6748d566095a10");
  static final String MAGNET = "magnet:?xt=urn:btih:" + HASH.hex() + "&dn=Sintel";
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

  StoredTorrent magnet() {
    return new StoredTorrent(HASH.hex(), "Sintel", HASH, StoredTorrent.Source.MAGNET, MAGNET, null, null,
        clock.instant(), List.of(), null);
  }

  StoredTorrent urlOnly() {
    return new StoredTorrent("url-0123456789abcdef", "sintel.torrent", null, StoredTorrent.Source.URL, null, URL,
        null, clock.instant(), List.of("Animation", "Fantasy"), 2010);
  }

  @Test
  void addedTorrentsAreListedNewestFirstAndFoundByIdOrHash() {
    mine.put(magnet());
    clock.advance(Duration.ofMinutes(1));
    mine.put(urlOnly());

    assertThat(mine.all()).extracting(StoredTorrent::id).containsExactly("url-0123456789abcdef", HASH.hex());
    assertThat(mine.find(HASH)).map(StoredTorrent::magnet).contains(MAGNET);
    assertThat(mine.find("url-0123456789abcdef")).hasValueSatisfying(t -> {
      assertThat(t.infoHash()).isNull();
      assertThat(t.torrentUrl()).isEqualTo(URL);
      assertThat(t.genres()).containsExactly("Animation", "Fantasy");
      assertThat(t.year()).isEqualTo(2010);
      assertThat(t.source()).isEqualTo(StoredTorrent.Source.URL);
    });
  }

  @Test
  void aUrlEntryBecomesAFullOneOnceItsTorrentIsFetched() {
    mine.put(urlOnly());
    byte[] bytes = {'d', 'e'};
    StoredTorrent fetched = new StoredTorrent(HASH.hex(), "Sintel", HASH, StoredTorrent.Source.URL, null, URL,
        bytes, clock.instant(), List.of(), null);

    mine.put(fetched);
    mine.remove("url-0123456789abcdef");

    assertThat(mine.all()).singleElement().satisfies(t -> {
      assertThat(t.id()).isEqualTo(HASH.hex());
      assertThat(t.torrent()).containsExactly('d', 'e');
    });
  }

  @Test
  void theSameInfoHashIsKeptOnce() {
    mine.put(magnet());
    mine.put(new StoredTorrent("other-id", "Sintel again", HASH, StoredTorrent.Source.MAGNET, MAGNET, null, null,
        clock.instant(), List.of(), null));

    assertThat(mine.all()).extracting(StoredTorrent::id).containsExactly("other-id");
  }

  @Test
  void removeSaysWhetherItWasThere() {
    mine.put(magnet());
    assertThat(mine.remove(HASH.hex())).isTrue();
    assertThat(mine.remove(HASH.hex())).isFalse();
    assertThat(mine.all()).isEmpty();
  }

  @Test
  void aTorrentNeedsAHashOrAUrlAndAtMostTenMegabytes() {
    assertThatThrownBy(() -> new StoredTorrent("x", "x", null, StoredTorrent.Source.MAGNET, null, null, null,
        clock.instant(), null, null)).hasMessageContaining("info-hash or a .torrent URL");
    assertThatThrownBy(() -> new StoredTorrent("x", "x", HASH, StoredTorrent.Source.FILE, null, null,
        new byte[StoredTorrent.MAX_TORRENT_BYTES + 1], clock.instant(), null, null))
        .hasMessageContaining("more than 10485760");
  }
}
