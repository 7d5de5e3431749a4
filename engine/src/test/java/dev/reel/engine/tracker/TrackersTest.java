package dev.reel.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackersTest {
  @ParameterizedTest
  @CsvSource({
      "http://tracker.example/announce,        HttpTrackerClient",
      "HTTPS://tracker.example:443/announce,   HttpTrackerClient",
      "udp://tracker.example:6969/announce,    UdpTrackerClient",
      "udp://[::1]:6969,                       UdpTrackerClient",
  })
  void dispatchesBySchemeWithoutNetworkIo(String url, String type) throws Exception {
    try (TrackerClient c = Trackers.open(URI.create(url))) {
      assertThat(c.getClass().getSimpleName()).isEqualTo(type);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "wss://tracker.example/announce | unsupported tracker scheme 'wss'",
      "dht://abc                      | unsupported tracker scheme 'dht'",
      "tracker.example/announce       | unsupported tracker scheme ''",
      "udp://tracker.example          | UDP tracker URL has no port",
      "http:///announce               | tracker URL has no host",
  })
  void rejectsWhatItCannotSpeak(String url, String message) {
    assertThatThrownBy(() -> Trackers.open(URI.create(url)))
        .isInstanceOf(TrackerException.class)
        .hasMessageContaining(message);
  }
}
