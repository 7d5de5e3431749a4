package dev.reel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** Runs {@code reel} in-process with captured stdout/stderr, as the tests' stand-in for a terminal-less shell. */
final class Cli {
  private Cli() {}

  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }

    /** The "reel: ..." error lines. */
    List<String> errorLines() {
      return err.lines().filter(l -> l.startsWith("reel: ")).toList();
    }

    /** Exactly one "reel:" line, no stack trace; returns that line. */
    String singleErrorLine() {
      assertThat(err).as("stderr").doesNotContain("\tat ").doesNotContain("Exception in thread");
      assertThat(errorLines()).as("error lines on stderr:%n%s", err).hasSize(1);
      return errorLines().get(0);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** {@code new CommandLine(new ReelCommand()).execute(args)}, as the brief's contract says tests run it. */
  static Result run(String... args) {
    return run(new ReelCommand(), args);
  }

  static Result run(ReelCommand reel, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(reel);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** The same through {@link ReelCommand#newCommandLine} (the binary's usage-error handler). */
  static Result runAsBinary(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = ReelCommand.newCommandLine(new ReelCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** A run on another thread (download --seed, seed), stopped through its {@link StopSignal} as Ctrl-C would. */
  static final class Background implements AutoCloseable {
    final ReelCommand reel;
    private final CompletableFuture<Result> result;
    private final StringWriter out = new StringWriter();

    Background(String... args) {
      this(new ReelCommand(), args);
    }

    Background(ReelCommand reel, String... args) {
      this.reel = reel;
      String[] copy = Arrays.copyOf(args, args.length);
      result = CompletableFuture.supplyAsync(() -> {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(reel);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(copy);
        return new Result(code, out.toString(), err.toString());
      }, r -> Thread.ofPlatform().daemon().start(r));
    }

    /** What the command printed on stdout so far. */
    String outSoFar() {
      return out.toString();
    }

    boolean finished() {
      return result.isDone();
    }

    /** Ctrl-C, then the result (waits at most {@code timeout}). */
    Result stop(Duration timeout) throws Exception {
      reel.stopSignal().request();
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    Result await(Duration timeout) throws Exception {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      reel.stopSignal().request();
    }
  }
}
