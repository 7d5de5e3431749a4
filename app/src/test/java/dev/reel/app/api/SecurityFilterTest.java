package dev.reel.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which requests from another machine a LAN-mode server answers without the password. */
class SecurityFilterTest {

  @ParameterizedTest(name = "{0} {1} open: {2}")
  @CsvSource({
      "GET, /, true",
      "GET, /index.html, true",
      "GET, /details/movie/abc, true",
      "GET, /vendor/preact.js, true",
      "HEAD, /app.js, true",
      "GET, /api/token, true",
      "GET, /api/info, true",
      "POST, /api/login, true",
      "GET, /api/settings, false",
      "GET, /api/sessions, false",
      "POST, /api/play, false",
      "PUT, /index.html, false",
      "GET, /stream/0123456789abcdef0123456789abcdef01234567/0/film.mkv, false",
      "HEAD, /stream/0123456789abcdef0123456789abcdef01234567/0/film.mkv, false",
      "GET, /playlist/0123456789abcdef0123456789abcdef01234567.m3u, false",
      // a playing torrent's subtitle file is the user's data as much as its video
      "GET, /subtitles/0123456789abcdef0123456789abcdef01234567/1.vtt, false",
      "HEAD, /subtitles/0123456789abcdef0123456789abcdef01234567/1.vtt, false"})
  void lanCredentialsAreNeededForEverythingButTheUiAndLogin(String method, String path, boolean open) {
    assertThat(SecurityFilter.open(path, method)).isEqualTo(open);
  }
}
