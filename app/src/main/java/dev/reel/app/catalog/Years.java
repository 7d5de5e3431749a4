package dev.reel.app.catalog;

import java.util.OptionalInt;

/** Years inside free text such as Stremio's {@code releaseInfo}. */
final class Years {
  private Years() {}

  /** The first run of four digits between 1800 and 2999, e.g. 2000 in "2000-2014". */
  static OptionalInt first(String text) {
    if (text == null) {
      return OptionalInt.empty();
    }
    for (int i = 0; i + 4 <= text.length(); i++) {
      boolean digits = true;
      for (int j = i; j < i + 4; j++) {
        char c = text.charAt(j);
        if (c < '0' || c > '9') {
          digits = false;
          break;
        }
      }
      boolean boundedBefore = i == 0 || !Character.isDigit(text.charAt(i - 1));
      boolean boundedAfter = i + 4 == text.length() || !Character.isDigit(text.charAt(i + 4));
      if (digits && boundedBefore && boundedAfter) {
        int y = Integer.parseInt(text, i, i + 4, 10);
        if (y >= 1800 && y <= 2999) {
          return OptionalInt.of(y);
        }
      }
    }
    return OptionalInt.empty();
  }
}
