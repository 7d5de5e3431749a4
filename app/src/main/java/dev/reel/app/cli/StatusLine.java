package dev.reel.app.cli;

import dev.reel.engine.Torrent;
import dev.reel.engine.TorrentStatus;
import dev.reel.engine.metainfo.FileEntry;
import java.io.PrintWriter;

/**
 * The live status of {@code reel stream} on stderr: buffered bytes ahead of the player, rates, peers and file
 * progress. Redrawn in place on a terminal, a plain line every {@link ProgressView#PLAIN_INTERVAL} otherwise, or
 * nothing when quiet. Called from the command's thread only.
 */
final class StatusLine implements AutoCloseable {
  private final PrintWriter err;
  private final boolean quiet;
  private final boolean terminal;
  private long lastPlainNanos;
  private boolean drawn;

  StatusLine(PrintWriter err, boolean quiet) {
    this.err = err;
    this.quiet = quiet;
    this.terminal = !quiet && ProgressView.isTerminal();
  }

  /** The text of one status line. */
  static String text(TorrentStatus s, long buffered, long verified, long length) {
    double progress = length == 0 ? 1 : (double) verified / length;
    return "buffered " + Formats.bytes(buffered) + " ahead | down " + Formats.rate(s.downloadRate()) + " up "
        + Formats.rate(s.uploadRate()) + " | " + s.peers() + (s.peers() == 1 ? " peer" : " peers") + " | "
        + Formats.percent(progress) + " of " + Formats.bytes(length);
  }

  void update(Torrent torrent, FileEntry file) {
    if (quiet) {
      return;
    }
    long now = System.nanoTime();
    if (!terminal && drawn && now - lastPlainNanos < ProgressView.PLAIN_INTERVAL.toNanos()) {
      return;
    }
    long verified = torrent.files().stream().filter(f -> f.index() == file.index()).mapToLong(f -> f.verifiedBytes())
        .findFirst().orElse(0);
    String line = text(torrent.status(), torrent.bufferedAhead(file.index()), verified, file.length());
    if (terminal) {
      ConsoleLine.draw(line, () -> {
        err.print("\r\033[K" + line);
        err.flush();
      });
    } else {
      err.println(line);
      err.flush();
    }
    drawn = true;
    lastPlainNanos = now;
  }

  void note(String line) {
    if (quiet) {
      return;
    }
    if (terminal && drawn) {
      ConsoleLine.printAbove(line);
    } else {
      err.println(line);
      err.flush();
    }
  }

  @Override
  public void close() {
    if (terminal && drawn) {
      ConsoleLine.finish(() -> {
        err.println();
        err.flush();
      });
      drawn = false;
    }
  }
}
