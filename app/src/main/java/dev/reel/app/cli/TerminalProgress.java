package dev.reel.app.cli;

import dev.reel.engine.TorrentStatus;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

/**
 * The redrawn progress bar on a terminal's stderr, drawn by the {@code me.tongfei:progressbar} library (its refresh
 * thread, terminal width and carriage-return consumer) with our own renderer ({@link StatusText#bar}), since a torrent
 * shows more than one counter: rates both ways, peers, the engine's ETA. Every redraw goes through
 * {@link ConsoleLine}, so log records print above the bar instead of into it.
 */
final class TerminalProgress implements ProgressView {
  private static final int REFRESH_MILLIS = 500;

  private volatile TorrentStatus latest;
  private ProgressBar bar;

  @Override
  public void update(TorrentStatus status, long nowNanos) {
    latest = status;
    if (bar == null) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(status.name())
              .setInitialMax(1000)
              .setUpdateIntervalMillis(REFRESH_MILLIS)
              .setRenderer(new Renderer())
              .setConsumer(new LockedConsumer())
              .build();
    }
    bar.stepTo(Math.round(Math.max(0, Math.min(1, status.progress())) * 1000));
  }

  @Override
  public void note(String line) {
    ConsoleLine.printAbove(line);
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close(); // renders the last state and ends the line
      bar = null;
    }
  }

  private final class Renderer implements ProgressBarRenderer {
    @Override
    public String render(ProgressState state, int maxLength) {
      TorrentStatus s = latest;
      String line = s == null ? "" : StatusText.bar(s, maxLength);
      // Padded to the full width: a shorter line must overwrite what the longer one before it left.
      return line.length() >= maxLength ? line : line + " ".repeat(maxLength - line.length());
    }
  }

  /** The library's console consumer, but each redraw and the final newline happen under {@link ConsoleLine}'s lock. */
  private static final class LockedConsumer extends ConsoleProgressBarConsumer {
    LockedConsumer() {
      super(System.err);
    }

    @Override
    public void accept(String rendered) {
      ConsoleLine.draw(rendered, () -> super.accept(rendered));
    }

    @Override
    public void close() {
      ConsoleLine.finish(super::close);
    }
  }
}
