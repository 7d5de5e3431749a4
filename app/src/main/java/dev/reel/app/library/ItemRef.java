package dev.reel.app.library;

import java.util.Objects;

/**
 * Names a catalog item the way the Stremio addon protocol does: the provider that knows it, its type
 * ({@code movie}, {@code series}, {@code channel}, {@code tv} or an addon's own) and the provider's id for it.
 * Immutable; all three parts are non-blank and at most {@link #MAX_LENGTH} characters.
 */
public record ItemRef(String providerId, String type, String itemId) {
  /** Longest accepted part; provider ids are short, but addon item ids can be URLs. */
  public static final int MAX_LENGTH = 1024;

  public ItemRef {
    check("provider id", providerId);
    check("type", type);
    check("item id", itemId);
  }

  /** The video of a movie: its video id is the item id. */
  public VideoRef movie() {
    return new VideoRef(this, itemId);
  }

  /** One video of this item, e.g. an episode of a series ({@code tt0944947:1:1} in Stremio's convention). */
  public VideoRef video(String videoId) {
    return new VideoRef(this, videoId);
  }

  static String check(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException("the " + what + " is empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "the " + what + " has " + value.length() + " characters, more than " + MAX_LENGTH);
    }
    return value;
  }
}
