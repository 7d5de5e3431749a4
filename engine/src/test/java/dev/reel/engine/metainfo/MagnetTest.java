package dev.reel.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MagnetTest {
  @ParameterizedTest
  @CsvSource({"127.0.0.1:80, true", "[::1]:6881, true", "localhost:1, true", "nocolon, false", "h:notaport, false",
      ":80, false", "h:0, false", "h:65536, false", "h:65535, true"})
  void parsesPeerAddresses(String text, boolean ok) {
    assertThat(Magnet.peerAddress(text).isPresent()).isEqualTo(ok);
  }

  private static final String BBB = "88594aaacbde40ef3e2510c47374ec0aa396c08e";

  @ParameterizedTest
  @ValueSource(strings = {
      "magnet:?xt=urn:btih:88594aaacbde40ef3e2510c47374ec0aa396c08e",
      "magnet:?xt=urn:btih:88594AAACBDE40EF3E2510C47374EC0AA396C08E",
      "magnet:?xt=urn:btih:RBMUVKWL3ZAO6PRFCDCHG5HMBKRZNQEO",
      "magnet:?xt=urn:btih:rbmuvkwl3zao6prfcdchg5hmbkrznqeo",
      "MAGNET:?XT=URN:BTIH:RBMUVKWL3ZAO6PRFCDCHG5HMBKRZNQEO",
      "  magnet:?dn=x&xt=urn:btih:88594aaacbde40ef3e2510c47374ec0aa396c08e  ",
      "magnet:?xt.1=urn:btmh:1220aaaa&xt.2=urn:btih:88594aaacbde40ef3e2510c47374ec0aa396c08e",
      "magnet:?xt=urn:btih:88594aaacbde40ef3e2510c47374ec0aa396c08e#fragment",
  })
  void readsTheInfoHashInHexOrBase32AnyCase(String uri) {
    assertThat(Magnet.parse(uri).infoHash().hex()).isEqualTo(BBB);
  }

  @Test
  void readsAllParameters() {
    Magnet m = Magnet.parse("magnet:?xt=urn:btih:" + BBB + "&dn=Big+Buck%20Bunny%20%E2%9C%93"
        + "&tr=udp%3A%2F%2Ftracker.example%3A1337&tr.1=http://b/announce&tr=udp%3A%2F%2Ftracker.example%3A1337"
        + "&ws=https%3A%2F%2Fseed.example%2Fbbb.mp4&x.pe=127.0.0.1:6881&x.pe=%5B::1%5D:6882"
        + "&xs=http%3A%2F%2Fcache%2Fbbb.torrent&unknown=1&&novalue");

    assertThat(m.displayName()).contains("Big Buck Bunny ✓");
    assertThat(m.trackers()).containsExactly("udp://tracker.example:1337", "http://b/announce");
    assertThat(m.webSeeds()).containsExactly("https://seed.example/bbb.mp4");
    assertThat(m.peers()).containsExactly("127.0.0.1:6881", "[::1]:6882");
    assertThat(m.exactSources()).containsExactly("http://cache/bbb.torrent");
  }

  @Test
  void minimalMagnetHasNoExtras() {
    Magnet m = Magnet.parse("magnet:?xt=urn:btih:" + BBB);

    assertThat(m).isEqualTo(Magnet.of(InfoHash.fromHex(BBB)));
    assertThat(m.displayName()).isEmpty();
    assertThat(m.toUri()).isEqualTo("magnet:?xt=urn:btih:" + BBB);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://example.com/magnet                                 | not a magnet link",
      "magnet:?dn=nothing                                        | no xt=urn:btih:",
      "magnet:?xt=urn:sha1:abc                                   | no xt=urn:btih:",
      "magnet:?xt=urn:btih:                                      | invalid btih",
      "magnet:?xt=urn:btih:88594aaacbde40ef3e2510c47374ec0aa396c08 | invalid btih",
      "magnet:?xt=urn:btih:88594aaacbde40ef3e2510c47374ec0aa396c08z | invalid btih",
      "magnet:?xt=urn:btih:RBMUVKWL3ZAO6PRFCDCHG5HMBKRZNQE1      | invalid btih",
      "magnet:?xt=urn:btmh:1220abcdef                            | v2-only magnet",
      "''                                                        | not a magnet link",
  })
  void rejectsBadLinksClearly(String uri, String message) {
    assertThatThrownBy(() -> Magnet.parse(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void dropsParametersBeyondTheLimits() {
    String trackers = IntStream.range(0, 150).mapToObj(i -> "&tr=udp://t" + i + ":80").collect(Collectors.joining());
    String seeds = IntStream.range(0, 150).mapToObj(i -> "&ws=http://s" + i + "/").collect(Collectors.joining());
    String peers = IntStream.range(0, 300).mapToObj(i -> "&x.pe=10.0.0.1:" + (1000 + i)).collect(Collectors.joining());

    Magnet m = Magnet.parse("magnet:?xt=urn:btih:" + BBB + trackers + seeds + peers);

    assertThat(m.trackers()).hasSize(Magnet.MAX_TRACKERS).first().isEqualTo("udp://t0:80");
    assertThat(m.webSeeds()).hasSize(Magnet.MAX_WEB_SEEDS);
    assertThat(m.peers()).hasSize(Magnet.MAX_PEERS);
  }

  @Test
  void malformedEscapesAreKeptLiterally() {
    assertThat(Magnet.parse("magnet:?xt=urn:btih:" + BBB + "&dn=100%25%20sure%zz%4").displayName())
        .contains("100% sure%zz%4");
  }

  @Test
  void toUriRoundTrips() {
    Magnet m = new Magnet(InfoHash.fromHex(BBB), Optional.of("Big Buck & Bunny + 100% = ✓?"),
        List.of("udp://tracker.example:1337/announce?passkey=a&b=c", "http://b/announce"),
        List.of("https://seed.example/with space.mp4"), List.of("127.0.0.1:6881", "[::1]:6882"),
        List.of("http://cache/x.torrent"));

    String uri = m.toUri();

    assertThat(uri).startsWith("magnet:?xt=urn:btih:" + BBB + "&dn=").doesNotContain(" ");
    assertThat(Magnet.parse(uri)).isEqualTo(m);
  }

  @Test
  void magnetOfATorrentCarriesNameTrackersAndWebSeeds() throws Exception {
    Metainfo t = Metainfo.parse(TestTorrents.resource("bigBuckBunny.torrent"));

    Magnet m = Magnet.of(t);

    assertThat(m.infoHash()).isEqualTo(t.infoHash());
    assertThat(m.displayName()).contains("bbb_sunflower_1080p_30fps_normal.mp4");
    assertThat(m.trackers()).hasSize(7).first().isEqualTo("udp://tracker.leechers-paradise.org:6969");
    assertThat(m.webSeeds()).isEqualTo(t.urlList());
    assertThat(Magnet.parse(m.toUri())).isEqualTo(m);
  }
}
