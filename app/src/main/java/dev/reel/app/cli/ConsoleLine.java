package dev.reel.app.cli;

import java.io.PrintStream;

/**
 * The one redrawn progress line on a terminal's stderr, and the lock that keeps log records and notes from being
 * written into the middle of it: anything printed "above" clears the line, prints, and redraws the line after it.
 * Only used when stderr is a terminal; in plain mode nothing is redrawn. Thread-safe (one global lock: the terminal is
 * one resource).
 */
final class ConsoleLine {
  private static final Object LOCK = new Object();
  /** ANSI: carriage return, then erase to the end of the line. */
  private static final String CLEAR = "\r\033[K";
  private static String current;

  private ConsoleLine() {}

  /** Runs a redraw of the progress line (which starts with '\r') under the lock and remembers it. */
  static void draw(String line, Runnable printer) {
    synchronized (LOCK) {
      printer.run();
      current = line;
    }
  }

  /** The progress line ends (its printer writes the final newline); later output prints normally. */
  static void finish(Runnable printer) {
    synchronized (LOCK) {
      printer.run();
      current = null;
    }
  }

  /** Prints {@code text} (one or more whole lines) to stderr above the progress line, if one is shown. */
  static void printAbove(String text) {
    synchronized (LOCK) {
      PrintStream err = System.err;
      if (current != null) {
        err.print(CLEAR);
      }
      err.print(text.endsWith("\n") ? text : text + "\n");
      if (current != null) {
        err.print("\r" + current);
      }
      err.flush();
    }
  }
}
