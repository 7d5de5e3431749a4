package dev.reel.app.cli;

/** The exit codes of {@code reel}: part of its public contract (listed in {@code --help}). */
public final class ExitCodes {
  public static final int OK = 0;
  /** Bad torrent, I/O failure, tracker error, incomplete data for {@code seed}. */
  public static final int ERROR = 1;
  /** Bad command line (picocli's own usage code). */
  public static final int USAGE = 2;
  /** No peer connected within {@code --peer-timeout}, or metadata did not arrive within {@code --timeout}. */
  public static final int NO_PEERS = 3;
  /** Stopped by Ctrl-C / SIGTERM before a download finished (128 + SIGINT). */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
