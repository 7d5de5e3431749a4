package dev.reel.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.regex.Pattern;

/**
 * Jazzer fuzz test for the subtitle converter (see docs/FUZZING.md): the bytes of a subtitle file from a torrent are
 * hostile. Under plain {@code mvn test} it replays the seeds in
 * {@code src/test/resources/dev/reel/app/web/WebVttFuzzTestInputs/convert/}; with {@code JAZZER_FUZZ=1} it fuzzes.
 */
class WebVttFuzzTest {
  private static final Pattern TIMING_LINE = Pattern.compile("\\d{2,}:\\d{2,}:\\d{2,}\\.\\d{3} --> \\d{2,}:\\d{2,}:\\d{2,}\\.\\d{3}");

  /**
   * Nothing may escape {@link WebVtt#decode} or {@link WebVtt#convert}; the output is WebVTT whose cue text carries no
   * markup: no {@code <} anywhere, every {@code -->} on a timing line, at most {@link WebVtt#MAX_CUES} cues.
   */
  @FuzzTest
  // libFuzzer dictionary syntax: a backslash starts an escape (xNN, a backslash, a quote).
  @DictionaryEntries({"-->", "00:00:01,000", "00:01.500", "\\x0A\\x0A", "\\x0D\\x0A", "<i>", "</i>", "{\\\\an8}",
      "WEBVTT", "&", "\\xFF\\xFE", "\\xEF\\xBB\\xBF"})
  void convert(byte[] input) {
    String vtt = WebVtt.convert(WebVtt.decode(input));
    assertThat(vtt).startsWith("WEBVTT\n").doesNotContain("<").doesNotContain("\r");
    int cues = 0;
    for (String line : vtt.split("\n", -1)) {
      if (line.contains("-->")) {
        assertThat(line).matches(TIMING_LINE);
        cues++;
      }
    }
    assertThat(cues).isLessThanOrEqualTo(WebVtt.MAX_CUES);
  }
}
