package dev.reel.app.cli;

/**
 * A failure the user should read as one line on stderr ({@code reel: <message>}), with the exit code it maps to.
 * Commands throw it; {@link ReelSubcommand#call()} prints it and returns the code. Never carries a stack trace to the
 * user unless {@code --verbose}.
 */
public final class CliException extends Exception {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Exit code 1: a plain error (bad torrent, I/O, incomplete data). */
  public static CliException error(String message) {
    return new CliException(ExitCodes.ERROR, message);
  }

  public static CliException error(String message, Throwable cause) {
    return new CliException(ExitCodes.ERROR, message, cause);
  }

  /** Exit code 3: no peer could be reached, or the swarm did not answer in time. */
  public static CliException noPeers(String message) {
    return new CliException(ExitCodes.NO_PEERS, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
