package dev.reel.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz test for {@link Magnet#parse} (see docs/FUZZING.md). Plain {@code mvn test} replays the seeds (UTF-8 text
 * files) in {@code src/test/resources/dev/reel/engine/metainfo/MagnetParseFuzzTestInputs/parse/}; {@code JAZZER_FUZZ=1}
 * fuzzes.
 */
class MagnetParseFuzzTest {

  /** Only IllegalArgumentException may escape; whatever parses survives toUri() and parse() unchanged. */
  @FuzzTest
  void parse(byte[] input) {
    String uri = new String(input, StandardCharsets.UTF_8);
    Magnet m;
    try {
      m = Magnet.parse(uri);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(Magnet.parse(m.toUri())).isEqualTo(m);
  }
}
