package dev.reel.app.cli;

import dev.reel.engine.TorrentStatus;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Shows a torrent's progress on stderr: a redrawn bar on a terminal ({@link TerminalProgress}), a plain line every
 * few seconds otherwise ({@link PlainProgress}), or nothing ({@code --quiet}). Notes are whole lines printed above
 * the bar. Called from the command's thread only.
 */
interface ProgressView extends AutoCloseable {
  /** How often plain mode prints a status line. */
  Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

  void update(TorrentStatus status, long nowNanos);

  /** A line of its own ("Downloading X to Y", "Seeding ..."). */
  void note(String line);

  @Override
  void close();

  static ProgressView create(PrintWriter err, boolean quiet) {
    if (quiet) {
      return new ProgressView() {
        @Override
        public void update(TorrentStatus status, long nowNanos) {}

        @Override
        public void note(String line) {}

        @Override
        public void close() {}
      };
    }
    return isTerminal() ? new TerminalProgress() : new PlainProgress(err, PLAIN_INTERVAL);
  }

  /**
   * True when stderr can take a redrawn line: a console whose standard streams are a terminal (JDK 22+
   * {@code Console.isTerminal()}, called reflectively since we compile for 21), and TERM is not "dumb".
   */
  static boolean isTerminal() {
    if ("dumb".equals(System.getenv("TERM")) || !stderrMayBeTerminal()) {
      return false;
    }
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // JDK 21: System.console() is non-null only on a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Console only tells about stdin and stdout; on Linux, /proc says where stderr goes (a pipe or file means no bar
   * even if stdout is a terminal). Elsewhere: unknown, so true.
   */
  static boolean stderrMayBeTerminal() {
    Path fd2 = Path.of("/proc/self/fd/2");
    try {
      String target = Files.readSymbolicLink(fd2).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return true;
    }
  }
}
