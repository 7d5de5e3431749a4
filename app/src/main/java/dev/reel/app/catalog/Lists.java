package dev.reel.app.catalog;

import java.util.List;
import java.util.Objects;

/** Null-tolerant immutable copies for record components read from JSON. */
final class Lists {
  private Lists() {}

  /** An immutable copy without null elements; an empty list for null. */
  static <T> List<T> clean(List<T> list) {
    if (list == null || list.isEmpty()) {
      return List.of();
    }
    return list.stream().filter(Objects::nonNull).toList();
  }
}
