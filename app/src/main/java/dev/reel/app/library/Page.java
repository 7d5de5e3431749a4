package dev.reel.app.library;

import java.util.List;

/**
 * A slice of a longer list: {@code items} starting at {@code skip}, and how many there are in all. Immutable.
 *
 * @param <T> the element type
 */
public record Page<T>(List<T> items, int skip, int limit, long total) {
  /** The largest page the library hands out in one call. */
  public static final int MAX_LIMIT = 500;

  public Page {
    items = List.copyOf(items);
  }

  /** Whether items exist after this page. */
  public boolean hasMore() {
    return skip + (long) items.size() < total;
  }

  static void checkBounds(int skip, int limit) {
    if (skip < 0) {
      throw new IllegalArgumentException("skip cannot be negative, it is " + skip);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", it is " + limit);
    }
  }
}
