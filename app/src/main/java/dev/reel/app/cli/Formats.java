package dev.reel.app.cli;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes, rates and durations for the terminal. Pure functions. */
final class Formats {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private Formats() {}

  /** 1536 -> "1.5 KiB"; below 1 KiB, whole bytes ("999 B"). */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    double v = n;
    int unit = 0;
    while (v >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, UNITS[unit]);
  }

  static String rate(double bytesPerSecond) {
    return bytes(Math.round(bytesPerSecond)) + "/s";
  }

  /** "42s", "3m05s", "1h02m"; longer than 99 days prints "∞". */
  static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 99L * 24 * 3600) {
      return "∞";
    }
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", Math.max(0, Math.min(1, fraction)) * 100);
  }

  /** Cuts {@code s} to at most {@code max} characters, ending in "…" when cut. */
  static String ellipsize(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    return s.substring(0, Math.max(0, max - 1)) + "…";
  }
}
