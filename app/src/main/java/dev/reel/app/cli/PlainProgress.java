package dev.reel.app.cli;

import dev.reel.engine.TorrentStatus;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Progress for pipes and logs: one status line every {@code interval} (the first after one interval, so short runs
 * stay quiet). Never redraws. Not thread-safe: the command's thread drives it.
 */
final class PlainProgress implements ProgressView {
  private final PrintWriter err;
  private final long intervalNanos;
  private long lastPrint;
  private boolean printedOnce;

  PlainProgress(PrintWriter err, Duration interval) {
    this.err = err;
    this.intervalNanos = interval.toNanos();
  }

  @Override
  public void update(TorrentStatus status, long nowNanos) {
    if (!printedOnce) {
      lastPrint = nowNanos; // the first line comes after one interval: short runs stay quiet
      printedOnce = true;
    } else if (nowNanos - lastPrint >= intervalNanos) {
      err.println(StatusText.plain(status));
      err.flush();
      lastPrint = nowNanos;
    }
  }

  @Override
  public void note(String line) {
    err.println(line);
    err.flush();
  }

  @Override
  public void close() {
    err.flush();
  }
}
