package dev.reel.app.cli;

import dev.reel.engine.TorrentState;
import dev.reel.engine.TorrentStatus;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Progress for pipes and logs: one status line every {@code interval}, and one whenever the state changes (metadata
 * received, checking done, complete). Never redraws. Not thread-safe: the command's thread drives it.
 */
final class PlainProgress implements ProgressView {
  private final PrintWriter err;
  private final long intervalNanos;
  private long lastPrint;
  private boolean printedOnce;
  private TorrentState lastState;

  PlainProgress(PrintWriter err, Duration interval) {
    this.err = err;
    this.intervalNanos = interval.toNanos();
  }

  @Override
  public void update(TorrentStatus status, long nowNanos) {
    boolean stateChanged = lastState != null && status.state() != lastState;
    if (!printedOnce) {
      lastPrint = nowNanos; // the first line comes after one interval: short runs stay quiet
      printedOnce = true;
    } else if (stateChanged || nowNanos - lastPrint >= intervalNanos) {
      err.println(StatusText.plain(status));
      err.flush();
      lastPrint = nowNanos;
    }
    lastState = status.state();
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
