package dev.reel.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebVttTest {

  static Stream<Arguments> conversions() {
    return Stream.of(
        Arguments.of("plain SRT", "1\n00:00:01,000 --> 00:00:02,500\nHello\n\n2\n00:01:00,000 --> 00:01:02,000\nWorld\n",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello\n\n00:01:00.000 --> 00:01:02.000\nWorld\n"),
        Arguments.of("CRLF and two lines", "1\r\n00:00:01,000 --> 00:00:02,000\r\nLine one\r\nLine two\r\n\r\n",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nLine one\nLine two\n"),
        Arguments.of("markup becomes text", "1\n00:00:01,000 --> 00:00:02,000\n<i>it</i> <font color=\"red\">red</font> {\\an8}top\n",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nit red top\n"),
        Arguments.of("an injected tag is dropped, the rest escaped", "1\n00:00:01,000 --> 00:00:02,000\n<script>alert(1)</script> a & b < c\n",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nalert(1) a &amp; b &lt; c\n"),
        Arguments.of("an arrow in text cannot start a cue", "1\n00:00:01,000 --> 00:00:02,000\nx --&gt; y\n",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nx --&amp;gt; y\n"),
        Arguments.of("VTT in, hours optional, settings dropped",
            "WEBVTT\n\nSTYLE\n::cue { color: red }\n\n00:05.000 --> 00:06.250 align:start\n<v Bob>Hi</v>\n",
            "WEBVTT\n\n00:00:05.000 --> 00:00:06.250\nHi\n"),
        Arguments.of("empty cues and junk skipped", "garbage\n\n1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nok\n",
            "WEBVTT\n\n00:00:03.000 --> 00:00:04.000\nok\n"),
        Arguments.of("no cue at all", "", "WEBVTT\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conversions")
  void converts(String name, String in, String out) {
    assertThat(WebVtt.convert(in)).isEqualTo(out);
  }

  /** Tags are removed the way the old regex {@code <[^>]*>|\{\\[^}]*\}} removed them (leftmost, shortest). */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "a<b>c|ac", "a<b|a<b", "<<a>>|>", "a{\\an8}b|ab", "{\\a|{\\a", "{a}|{a}", "<{\\x>}|}", "{\\<x}>|>",
      "<a>{\\b}<c|<c", "x > y|x > y"})
  void stripsTagsLikeTheRegex(String in, String out) {
    assertThat(WebVtt.stripTags(in)).isEqualTo(out);
    assertThat(in.replaceAll("<[^>]*>|\\{\\\\[^}]*}", "")).as("the regex agrees").isEqualTo(out);
  }

  /**
   * A hostile subtitle file: one 4 MiB line of {@code <} (or <code>{\</code>) with no closing character. A
   * backtracking regex takes hours on it (each {@code <} scans to the end of the line); the converter must be linear.
   * The timeout only guards against the hang, it measures nothing.
   */
  @Test
  @org.junit.jupiter.api.Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS,
      threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void aHugeLineOfUnclosedTagsDoesNotHang() {
    int size = (int) SubtitleHandler.MAX_BYTES;
    for (String unit : new String[] {"<", "{\\"}) {
      String line = unit.repeat(size / unit.length());
      String vtt = WebVtt.convert("1\n00:00:01,000 --> 00:00:02,000\n" + line + "\n");
      assertThat(vtt).startsWith("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n").hasSizeGreaterThan(size);
    }
  }

  @Test
  void decodesUtf16WithItsByteOrderMark() {
    String srt = "1\r\n00:00:01,000 --> 00:00:02,000\r\nCafé\r\n";
    for (Charset utf16 : new Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
      byte[] bytes = ("\uFEFF" + srt).getBytes(utf16);
      assertThat(WebVtt.convert(WebVtt.decode(bytes))).as("%s", utf16)
          .isEqualTo("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nCafé\n");
    }
    // an odd byte count or a lone surrogate is not an error
    assertThat(WebVtt.decode(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xd8, 0x41})).isNotNull();
  }

  @Test
  void decodesUtf8WithBomAndFallsBackToWindows1252() {
    byte[] bom = "\uFEFFCafé".getBytes(StandardCharsets.UTF_8);
    assertThat(WebVtt.decode(bom)).isEqualTo("Café");
    byte[] legacy = "Café – ok".getBytes(Charset.forName("windows-1252"));
    assertThat(WebVtt.decode(legacy)).isEqualTo("Café – ok");
  }
}
