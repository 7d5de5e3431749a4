package dev.reel.app.cli;

import dev.reel.engine.TorrentState;
import dev.reel.engine.TorrentStatus;

/** The words of a progress report (name, %, rates, peers, ETA), for the bar and for plain lines. Pure functions. */
final class StatusText {
  /** The name takes at most this many columns on the bar. */
  static final int NAME_COLUMNS = 32;

  private static final int MIN_BAR = 10;

  private StatusText() {}

  /** One line for a log or pipe, e.g. "film.mkv: 42.0% of 276 MiB, down 2.1 MiB/s, up 30 KiB/s, 12 peers, ETA "
      + "1m12s". */
  static String plain(TorrentStatus s) {
    String name = s.name();
    return switch (s.state()) {
      case FETCHING_METADATA -> name + ": fetching metadata, " + peers(s);
      case CHECKING -> name + ": checking existing data, " + Formats.percent(s.progress());
      case SEEDING -> name + ": seeding, up " + Formats.rate(s.uploadRate()) + ", " + peers(s) + ", uploaded "
          + Formats.bytes(s.totalUploaded());
      case PAUSED -> name + ": paused";
      case ERROR -> name + ": error: " + s.error().orElse("unknown");
      case REMOVED -> name + ": removed";
      case DOWNLOADING -> name + ": " + Formats.percent(s.progress()) + " of " + Formats.bytes(s.wantedBytes())
          + ", down " + Formats.rate(s.downloadRate()) + ", up " + Formats.rate(s.uploadRate()) + ", " + peers(s)
          + s.eta().map(e -> ", ETA " + Formats.duration(e)).orElse("");
    };
  }

  /** The redrawn terminal line, at most {@code width} columns, with a bar when there is room. */
  static String bar(TorrentStatus s, int width) {
    String name = Formats.ellipsize(s.name(), NAME_COLUMNS);
    TorrentState state = s.state();
    if (state != TorrentState.DOWNLOADING && state != TorrentState.CHECKING && state != TorrentState.SEEDING) {
      return Formats.ellipsize(plain(s).replaceFirst("^" + java.util.regex.Pattern.quote(s.name()), name), width);
    }
    String pct = String.format(java.util.Locale.ROOT, "%5s", Formats.percent(s.progress()));
    String right = switch (state) {
      case CHECKING -> " checking";
      case SEEDING -> " " + Formats.bytes(s.wantedBytes()) + " seeding ↑" + Formats.rate(s.uploadRate()) + " "
          + peers(s) + ", uploaded " + Formats.bytes(s.totalUploaded());
      default -> " " + Formats.bytes(s.wantedDone()) + "/" + Formats.bytes(s.wantedBytes())
          + " ↓" + Formats.rate(s.downloadRate()) + " ↑" + Formats.rate(s.uploadRate())
          + " " + peers(s) + s.eta().map(e -> " ETA " + Formats.duration(e)).orElse("");
    };
    String left = name + " " + pct + " ";
    int room = width - left.length() - right.length() - 2;
    if (room < MIN_BAR) {
      return Formats.ellipsize(left + right.stripLeading(), width);
    }
    int filled = (int) Math.round(Math.max(0, Math.min(1, s.progress())) * room);
    String bar = "[" + "=".repeat(filled) + (filled < room ? ">" + " ".repeat(room - filled - 1) : "") + "]";
    return left + bar + right;
  }

  private static String peers(TorrentStatus s) {
    return s.peers() == 1 ? "1 peer" : s.peers() + " peers";
  }
}
