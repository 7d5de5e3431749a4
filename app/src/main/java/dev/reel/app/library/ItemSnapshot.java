package dev.reel.app.library;

import java.util.Objects;

/**
 * What the provider said about an item when it was saved, so the library can show it while the provider is
 * disabled, slow or gone. The poster is a URL (or null) and is shown as data, never as markup; the year may be
 * null. Immutable.
 */
public record ItemSnapshot(String title, String poster, Integer year) {
  /** Longest accepted title or poster URL. */
  public static final int MAX_LENGTH = 4096;

  public ItemSnapshot {
    Objects.requireNonNull(title, "title");
    if (title.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("the title has more than " + MAX_LENGTH + " characters");
    }
    if (poster != null && poster.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("the poster URL has more than " + MAX_LENGTH + " characters");
    }
    if (year != null && (year < 1800 || year > 9999)) {
      throw new IllegalArgumentException("the year " + year + " is not between 1800 and 9999");
    }
  }
}
