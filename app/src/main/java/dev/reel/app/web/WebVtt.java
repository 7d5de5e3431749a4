package dev.reel.app.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a SubRip (.srt) or WebVTT (.vtt) subtitle file into a plain WebVTT file (W3C WebVTT): timings and text
 * only. Cue text becomes text: every markup tag ({@code <i>}, {@code <font ...>}) and ASS override ({@code {\an8}}) is
 * removed and {@code &}, {@code <}, {@code >} are escaped, so nothing from a torrent reaches the browser as markup.
 * Styles, regions, notes and cue settings are dropped. Pure and thread-safe.
 */
public final class WebVtt {
  /** Cues kept at most (a film has a few thousand). */
  public static final int MAX_CUES = 20_000;
  private static final Pattern TIMING = Pattern.compile(
      "^\\s*((?:\\d{1,3}:)?\\d{1,2}:\\d{1,2}[,.]\\d{1,3})\\s*-->\\s*((?:\\d{1,3}:)?\\d{1,2}:\\d{1,2}[,.]\\d{1,3})");

  private WebVtt() {}

  /**
   * Decodes subtitle bytes: UTF-16 when they start with its byte order mark (Windows tools write such SRT files),
   * else UTF-8 (BOM dropped) when valid, else Windows-1252, the usual legacy encoding. Never throws: malformed UTF-16
   * becomes U+FFFD.
   */
  public static String decode(byte[] bytes) {
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
      return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
    }
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
      return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
    }
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
    ByteBuffer buf = ByteBuffer.wrap(bytes, start, bytes.length - start);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(buf).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, start, bytes.length - start, Charset.forName("windows-1252"));
    }
  }

  /** The WebVTT text of {@code subtitles} (SRT or VTT); a file with no cue gives just the header. */
  public static String convert(String subtitles) {
    String[] lines = subtitles.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    StringBuilder out = new StringBuilder("WEBVTT\n");
    int cues = 0;
    for (int i = 0; i < lines.length && cues < MAX_CUES; i++) {
      Matcher m = TIMING.matcher(lines[i]);
      if (!m.find()) continue;
      List<String> text = new ArrayList<>();
      int j = i + 1;
      for (; j < lines.length && !lines[j].isBlank(); j++) {
        if (TIMING.matcher(lines[j]).find()) break;
        String t = text(lines[j]);
        if (!t.isBlank()) text.add(t);
      }
      i = j - 1;
      if (text.isEmpty()) continue;
      out.append('\n').append(timestamp(m.group(1))).append(" --> ").append(timestamp(m.group(2))).append('\n');
      for (String t : text) out.append(t).append('\n');
      cues++;
    }
    return out.toString();
  }

  /** A cue text line as plain text, escaped for WebVTT. */
  static String text(String line) {
    String plain = stripTags(line).strip();
    return plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("-->", "--&gt;");
  }

  /**
   * {@code line} without its markup tags (from {@code <} to the next {@code >}) and ASS overrides (from <code>{\</code>
   * to the next <code>}</code>), in linear time. A backtracking regex for the same thing is quadratic on a hostile line
   * such as 4 MiB of {@code <} without a {@code >}: each {@code <} scans to the end of the line (hours of CPU per
   * request).
   */
  static String stripTags(String line) {
    int n = line.length();
    // nextGt[i] / nextBrace[i]: index of the first '>' / '}' at or after i, or -1; computed once from the right.
    int[] nextGt = new int[n + 1];
    int[] nextBrace = new int[n + 1];
    nextGt[n] = -1;
    nextBrace[n] = -1;
    for (int i = n - 1; i >= 0; i--) {
      char c = line.charAt(i);
      nextGt[i] = c == '>' ? i : nextGt[i + 1];
      nextBrace[i] = c == '}' ? i : nextBrace[i + 1];
    }
    StringBuilder out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      char c = line.charAt(i);
      if (c == '<' && nextGt[i + 1] >= 0) {
        i = nextGt[i + 1];
      } else if (c == '{' && i + 1 < n && line.charAt(i + 1) == '\\' && nextBrace[i + 2] >= 0) {
        i = nextBrace[i + 2];
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code [h:]m:s,ms} → {@code hh:mm:ss.mmm}. */
  static String timestamp(String t) {
    String[] parts = t.replace(',', '.').split("[:.]");
    int n = parts.length;
    long h = n == 4 ? Long.parseLong(parts[0]) : 0;
    long m = Long.parseLong(parts[n - 3]);
    long s = Long.parseLong(parts[n - 2]);
    String frac = (parts[n - 1] + "00").substring(0, 3);
    return String.format("%02d:%02d:%02d.%s", h, m, s, frac);
  }
}
