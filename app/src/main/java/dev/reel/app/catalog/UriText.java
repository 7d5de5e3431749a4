package dev.reel.app.catalog;

import java.nio.charset.StandardCharsets;

/** Percent-encoding as JavaScript's encodeURIComponent does it, which is what Stremio clients send. */
public final class UriText {
  private UriText() {}

  /** Escapes everything except {@code A-Z a-z 0-9 - _ . ! ~ * ' ( )}, as UTF-8. */
  public static String component(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.!~*'()".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }
}
