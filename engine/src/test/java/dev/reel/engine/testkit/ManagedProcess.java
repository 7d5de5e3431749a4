package dev.reel.engine.testkit;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One external process of the test kit. It is started from an argument list (no shell), wrapped in coreutils
 * {@code timeout --kill-after} as a last-resort guard, and its stdout+stderr go to {@code <logDir>/<name>.log}.
 * {@link #close()} stops the whole process tree (found with {@link ProcessHandle#descendants()} before the parent
 * dies): SIGTERM first, then SIGKILL after {@link #CLOSE_GRACE}.
 *
 * <p>If a line listener is given, output is read on a virtual thread that writes each line to the log file and then
 * calls the listener; the listener must be thread-safe and quick. Other methods may be called from any thread.
 */
public final class ManagedProcess implements AutoCloseable {
  /** Default lifetime guard for a process: nothing in a test should live longer. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
  /** How long close() waits after SIGTERM before SIGKILL. */
  public static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
  private static final int KILL_AFTER_S = 10;
  private static final int TAIL_LINES = 30;

  private final String name;
  private final Process process;
  private final Path log;
  private final Writer stdin;
  private final Thread pump;

  private ManagedProcess(String name, Process process, Path log, Thread pump) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.pump = pump;
    this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts {@code command} as {@code timeout --kill-after=10 <ttl> command...}.
   *
   * @param workDir working directory, or null to inherit
   * @param onLine receives each output line (after it is logged), or null to send output straight to the log file
   */
  public static ManagedProcess start(String name, List<String> command, Path logDir, Path workDir, Duration ttl,
      Consumer<String> onLine) {
    List<String> argv = new ArrayList<>();
    argv.add("timeout");
    argv.add("--kill-after=" + KILL_AFTER_S);
    argv.add(Math.max(1, ttl.toSeconds()) + "s");
    argv.addAll(command);
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve(name + ".log");
      Files.writeString(log, "$ " + String.join(" ", argv) + "\n", StandardCharsets.UTF_8);
      ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
      if (workDir != null) {
        pb.directory(workDir.toFile());
      }
      if (onLine == null) {
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      }
      Process p = pb.start();
      Thread pump = onLine == null ? null : Thread.ofVirtual().name("testkit-" + name).start(() -> pump(p, log, onLine));
      return new ManagedProcess(name, p, log, pump);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", argv), e);
    }
  }

  private static void pump(Process p, Path log, Consumer<String> onLine) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
      String line;
      while ((line = r.readLine()) != null) {
        w.write(line);
        w.write('\n');
        w.flush();
        onLine.accept(line);
      }
    } catch (IOException e) {
      // the process went away; the log keeps what arrived
    }
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit status of the {@code timeout} wrapper (the tool's own status, or 124 if the guard fired). */
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  /** Waits for the process to exit; returns its status, or empty if it is still running after {@code timeout}. */
  public OptionalInt waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return OptionalInt.empty();
    }
    if (pump != null) {
      pump.join(Duration.ofSeconds(5));
    }
    return OptionalInt.of(process.exitValue());
  }

  /** The tool's own process (the child of the {@code timeout} wrapper), once it exists. */
  public Optional<ProcessHandle> toolProcess() {
    return process.toHandle().children().findFirst();
  }

  /** Sends a signal by name (e.g. "HUP") to the tool's own process with {@code kill}. */
  public void signal(String signal) {
    ProcessHandle tool = toolProcess().orElseThrow(() -> new IllegalStateException(name + " is not running"));
    try {
      Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(tool.pid())).inheritIO().start();
      if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + tool.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Writes one line to the process's stdin. */
  public synchronized void sendLine(String line) {
    try {
      stdin.write(line);
      stdin.write('\n');
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + name + " (exited?)", e);
    }
  }

  /** True if the log file contains {@code text} (for tools without machine-readable output). */
  public boolean logContains(String text) {
    try {
      return Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  /** The last lines of the log, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "last lines of " + log + ":\n  "
          + String.join("\n  ", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "log " + log + " unreadable: " + e.getMessage();
    }
  }

  /** Stops the process and all its descendants; idempotent. */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone
    }
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
    for (ProcessHandle h : tree) {
      long left = deadline - System.nanoTime();
      try {
        h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        // still alive: killed below
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    if (pump != null) {
      try {
        pump.join(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return name + " (log " + log + ")";
  }
}
