package dev.reel.app.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UntrustedTest {
  @ParameterizedTest
  @CsvSource(nullValues = "-", textBlock = """
      https://example.org/a.jpg,         https://example.org/a.jpg
      HTTP://example.org/a.jpg,          HTTP://example.org/a.jpg
      javascript:alert(1),               -
      file:///etc/passwd,                -
      data:image/png;base64,             -
      //example.org/a.jpg,               -
      http:///nohost,                    -
      """)
  void onlyHttpUrlsSurvive(String in, String expected) {
    assertThat(Untrusted.httpUrl(in)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(nullValues = "-", textBlock = """
      tracker:udp://t.example.org:6969/announce,  tracker:udp://t.example.org:6969/announce
      tracker:https://t.example.org/announce,     tracker:https://t.example.org/announce
      tracker:wss://t.example.org,                -
      tracker:file:///etc/passwd,                 -
      dht:88594AAACBDE40EF3E2510C47374EC0AA396C08E, dht:88594aaacbde40ef3e2510c47374ec0aa396c08e
      dht:nothex,                                 -
      peer:1.2.3.4:5,                             -
      """)
  void sources(String in, String expected) {
    assertThat(Untrusted.source(in)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void textLosesControlCharactersAndIsBounded() {
    assertThat(Untrusted.text("a\u0000b\u001b[31mc\r\nd\te", 100)).isEqualTo("ab[31mc\nd\te");
    assertThat(Untrusted.text("x".repeat(1000), 10)).hasSize(10);
    assertThat(Untrusted.text("   ", 10)).isNull();
    assertThat(Untrusted.text("<script>alert(1)</script>", 100)).isEqualTo("<script>alert(1)</script>"); // data
  }

  @org.junit.jupiter.api.Test
  void streamsWithoutAnythingPlayableAreDropped() {
    List<Stream> in = List.of(
        Stream.builder().name("ok").infoHash("88594AAACBDE40EF3E2510C47374EC0AA396C08E").fileIdx(-1).build(),
        Stream.builder().name("bad hash").infoHash("xyz").build(),
        Stream.builder().name("bad magnet").magnet("magnet:?xt=urn:sha1:abc").build(),
        Stream.builder().name("js").url("javascript:alert(1)").build());
    assertThat(Untrusted.streams(in)).singleElement().satisfies(s -> {
      assertThat(s.infoHash()).isEqualTo("88594aaacbde40ef3e2510c47374ec0aa396c08e");
      assertThat(s.fileIdx()).isNull(); // a negative index is dropped: the largest video is played instead
    });
  }
}
