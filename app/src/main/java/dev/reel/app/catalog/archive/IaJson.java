package dev.reel.app.catalog.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reading Internet Archive JSON, where a field may be a string, a number or an array of them, and numbers are often
 * strings ({@code "size": "130944"}). Stateless.
 */
final class IaJson {
  /** Subjects kept per item. */
  static final int MAX_SUBJECTS = 8;

  private IaJson() {}

  /** The value, or the first element of an array, as text; null when absent or empty. */
  static String first(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isArray()) {
      return n.isEmpty() ? null : first(n.get(0));
    }
    if (n.isValueNode()) {
      String s = n.asText().strip();
      return s.isEmpty() ? null : s;
    }
    return null;
  }

  /** Every value as text. */
  static List<String> all(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (n.isArray()) {
      n.forEach(x -> {
        String s = first(x);
        if (s != null) {
          out.add(s);
        }
      });
    } else {
      String s = first(n);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** Every value joined by blank lines (descriptions come as arrays of paragraphs too). */
  static String joined(JsonNode n) {
    List<String> all = all(n);
    return all.isEmpty() ? null : String.join("\n\n", all);
  }

  /** Subjects, from an array or a "a; b; c" string, deduplicated, at most {@link #MAX_SUBJECTS}. */
  static List<String> subjects(JsonNode n) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : all(n)) {
      for (String part : s.split(";")) {
        String p = part.strip();
        if (!p.isEmpty() && out.size() < MAX_SUBJECTS) {
          out.add(p);
        }
      }
    }
    return List.copyOf(out);
  }

  static Long longValue(JsonNode n) {
    String s = first(n);
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The year: the {@code year} field, else the first four digits of {@code date}. */
  static String year(JsonNode doc) {
    for (String field : new String[] {"year", "date"}) {
      String s = first(doc.get(field));
      if (s != null && s.length() >= 4 && s.substring(0, 4).chars().allMatch(Character::isDigit)) {
        return s.substring(0, 4);
      }
    }
    return null;
  }

  /** An ISO 8601 instant from "2015-09-05T16:46:55Z" or "2015-09-05 16:46:55"; null otherwise. */
  static String instant(JsonNode n) {
    String s = first(n);
    if (s == null) {
      return null;
    }
    String iso = s.contains("T") ? s : s.replace(' ', 'T');
    if (!iso.endsWith("Z")) {
      iso = iso + "Z";
    }
    try {
      return Instant.parse(iso).toString();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** "95 min" from a length in seconds ("5729.43") or "h:mm:ss"/"mm:ss"; null when unreadable. */
  static String minutes(String length) {
    try {
      double seconds;
      if (length.contains(":")) {
        seconds = 0;
        for (String part : length.split(":")) {
          seconds = seconds * 60 + Double.parseDouble(part);
        }
      } else {
        seconds = Double.parseDouble(length);
      }
      if (seconds <= 0 || seconds > 100 * 3600) {
        return null;
      }
      return Math.max(1, Math.round(seconds / 60)) + " min";
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
