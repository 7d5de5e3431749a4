package dev.reel.app.catalog.archive;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Internet Archive descriptions are HTML fragments; Reel shows plain text. This turns such a fragment into text: line
 * breaks for {@code <br>}, {@code <p>} and {@code <div>}, scripts and styles dropped with their content, other tags
 * removed, common entities decoded. The output is
 * still untrusted text that the UI escapes. Stateless.
 */
final class PlainText {
  private static final Pattern SCRIPT = Pattern.compile("(?is)<\\s*(script|style)\\b.*?(<\\s*/\\s*\\1\\s*>|$)");
  private static final Pattern BREAK = Pattern.compile("(?i)<\\s*(br|/p|p|/div|div|li)\\b[^>]*>");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
  private static final Pattern BLANK_LINES = Pattern.compile("\n[ \t]*(\n[ \t]*)+");
  private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos",
      "'", "nbsp", " ", "mdash", "\u2014", "ndash", "\u2013", "hellip", "\u2026");

  private PlainText() {}

  static String fromHtml(String html) {
    if (html == null) {
      return null;
    }
    String s = SCRIPT.matcher(html.replace("\r", "")).replaceAll("");
    s = BREAK.matcher(s).replaceAll("\n");
    s = TAG.matcher(s).replaceAll("");
    Matcher m = ENTITY.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, Matcher.quoteReplacement(decode(m.group(1), m.group())));
    }
    m.appendTail(b);
    return BLANK_LINES.matcher(b.toString()).replaceAll("\n\n").strip();
  }

  private static String decode(String entity, String original) {
    try {
      if (entity.startsWith("#x") || entity.startsWith("#X")) {
        return Character.toString(Integer.parseInt(entity.substring(2), 16));
      }
      if (entity.startsWith("#")) {
        return Character.toString(Integer.parseInt(entity.substring(1)));
      }
    } catch (IllegalArgumentException e) {
      return original;
    }
    return NAMED.getOrDefault(entity, original);
  }
}
