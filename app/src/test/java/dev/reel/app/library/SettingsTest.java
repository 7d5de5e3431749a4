package dev.reel.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Typed settings: defaults, updates as they come from JSON, and clear refusals. */
class SettingsTest {
  static final Settings DEFAULTS = Settings.defaults(Path.of("/home/u/Downloads/Reel"));

  @Test
  void defaultsAreTheIssuesNumbers() {
    assertThat(DEFAULTS.cacheLimitBytes()).isEqualTo(10L * 1024 * 1024 * 1024);
    assertThat(DEFAULTS.clearOnExit()).isFalse();
    assertThat(DEFAULTS.peerPort()).isEqualTo(6881);
    assertThat(DEFAULTS.downloadLimitKiB()).isZero();
    assertThat(DEFAULTS.uploadLimitKiB()).isZero();
    assertThat(DEFAULTS.maxPeersPerTorrent()).isEqualTo(50);
    assertThat(DEFAULTS.maxConnections()).isEqualTo(200);
    assertThat(DEFAULTS.defaultPlayer()).isEqualTo("builtin");
    assertThat(DEFAULTS.encryption()).isEqualTo("enabled");
    assertThat(DEFAULTS.transports()).isEqualTo("both");
    assertThat(DEFAULTS.toMap()).containsOnlyKeys(Settings.keys())
        .containsEntry("downloadFolder", "/home/u/Downloads/Reel")
        .containsEntry("subtitleSize", 100);
  }

  @Test
  void updateAcceptsJsonShapedValues() {
    Map<String, Object> changes = new HashMap<>();
    changes.put("downloadFolder", "/media/films/../films");
    changes.put("cacheLimitBytes", 5368709120L);
    changes.put("clearOnExit", true);
    changes.put("peerPort", 0);
    changes.put("httpPort", 9000.0); // a JSON number parsed as a double, but whole
    changes.put("downloadLimitKiB", BigInteger.valueOf(2048));
    changes.put("subtitleLanguage", " PT-BR ");
    changes.put("defaultPlayer", "mpv");
    changes.put("encryption", "Required");
    changes.put("transports", " utp ");

    Settings updated = DEFAULTS.update(changes);

    assertThat(updated.downloadFolder()).isEqualTo(Path.of("/media/films"));
    assertThat(updated.cacheLimitBytes()).isEqualTo(5L * Settings.GIB);
    assertThat(updated.clearOnExit()).isTrue();
    assertThat(updated.peerPort()).isZero();
    assertThat(updated.httpPort()).isEqualTo(9000);
    assertThat(updated.downloadLimitKiB()).isEqualTo(2048);
    assertThat(updated.subtitleLanguage()).isEqualTo("pt-br");
    assertThat(updated.defaultPlayer()).isEqualTo("mpv");
    assertThat(updated.encryption()).isEqualTo("required");
    assertThat(updated.transports()).isEqualTo("utp");
    assertThat(updated.uploadLimitKiB()).isEqualTo(DEFAULTS.uploadLimitKiB());
    assertThat(DEFAULTS.clearOnExit()).as("the original is unchanged").isFalse();
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("cacheLimitBytes", 1024, "between 268435456 and"),
        Arguments.of("cacheLimitBytes", "10 GiB", "whole number"),
        Arguments.of("cacheLimitBytes", 1.5e9 + 0.5, "whole number"),
        Arguments.of("peerPort", 65536, "between 0 and 65535"),
        Arguments.of("httpPort", -1, "between 0 and 65535"),
        Arguments.of("httpPort", 1L << 40, "between 0 and 65535"),
        Arguments.of("clearOnExit", "yes", "true or false"),
        Arguments.of("clearOnExit", 1, "true or false"),
        Arguments.of("downloadFolder", "relative/dir", "absolute path"),
        Arguments.of("downloadFolder", "", "absolute path"),
        Arguments.of("downloadFolder", 7, "must be text"),
        Arguments.of("uploadLimitKiB", -5, "between 0 and"),
        Arguments.of("maxConnections", 0, "between 1 and 5000"),
        Arguments.of("maxPeersPerTorrent", 100_000, "between 1 and 1000"),
        Arguments.of("subtitleLanguage", "English", "ISO 639"),
        Arguments.of("subtitleSize", 10, "between 50 and 300"),
        Arguments.of("defaultPlayer", "winamp", "builtin, vlc, mpv, system"),
        Arguments.of("defaultPlayer", null, "cannot be null"),
        Arguments.of("encryption", "sometimes", "enabled, required, disabled"),
        Arguments.of("encryption", true, "must be text"),
        Arguments.of("transports", "udp", "both, tcp, utp"),
        Arguments.of("colour", "red", "unknown setting"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("badValues")
  void badValuesAreRefusedNamingTheKeyAndTheRule(String key, Object value, String reason) {
    Map<String, Object> change = new HashMap<>();
    change.put(key, value);

    var e = catchThrowableOfType(Settings.InvalidSettingsException.class, () -> DEFAULTS.update(change));

    assertThat(e.problems()).containsOnlyKeys(key);
    assertThat(e.problems().get(key)).contains(reason);
    assertThat(e).hasMessageContaining(key);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, Object> changes = new LinkedHashMap<>();
    changes.put("peerPort", 70000);
    changes.put("nope", 1);
    changes.put("clearOnExit", true);

    assertThatThrownBy(() -> DEFAULTS.update(changes))
        .isInstanceOfSatisfying(Settings.InvalidSettingsException.class,
            e -> assertThat(e.problems()).containsOnlyKeys("peerPort", "nope"))
        .hasMessageContaining("unknown setting; known ones are downloadFolder, cacheLimitBytes");
  }

  @Test
  void theConstructorValidatesToo() {
    assertThatThrownBy(() -> new Settings(Path.of("/d"), 1, false, 1, 1, 0, 0, 1, 1, "en", 100, "builtin", 0, "enabled",
        "both"))
        .isInstanceOf(Settings.InvalidSettingsException.class).hasMessageContaining("cacheLimitBytes");
  }

  @Test
  void storedTextRoundTripsAndBadStoredValuesFallBackToTheDefault() {
    Settings custom = DEFAULTS.update(Map.of("clearOnExit", true, "subtitleSize", 150, "downloadFolder", "/x"));
    assertThat(Settings.fromStored(custom.toStored(), DEFAULTS, (k, p) -> {
      throw new AssertionError(k + p);
    })).isEqualTo(custom);

    List<String> complaints = new ArrayList<>();
    Map<String, String> stored = new HashMap<>(custom.toStored());
    stored.put("subtitleSize", "huge");
    stored.put("peerPort", "99999");
    stored.put("fromANewerReel", "whatever");
    Settings read = Settings.fromStored(stored, DEFAULTS, (key, problem) -> complaints.add(key));

    assertThat(read.subtitleSize()).isEqualTo(DEFAULTS.subtitleSize());
    assertThat(read.peerPort()).isEqualTo(DEFAULTS.peerPort());
    assertThat(read.clearOnExit()).isTrue();
    assertThat(complaints).containsExactlyInAnyOrder("subtitleSize", "peerPort");
  }
}
