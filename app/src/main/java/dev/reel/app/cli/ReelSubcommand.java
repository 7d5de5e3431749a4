package dev.reel.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Base of every {@code reel} subcommand: turns any failure into ONE line on stderr ({@code reel: <what went wrong>})
 * and an exit code from {@link ExitCodes}; stack traces only with {@code --verbose}. Usage errors stay picocli's
 * (exit 2).
 */
abstract class ReelSubcommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand ReelCommand reel;

  /** The command's work; returns the exit code or throws {@link CliException} for a known failure. */
  protected abstract int run() throws Exception;

  @Override
  public final Integer call() {
    reel.applyLogging();
    try {
      return run();
    } catch (CommandLine.ParameterException e) {
      throw e; // picocli prints it with the usage hint and exits 2
    } catch (CliException e) {
      fail(e.getMessage(), e.getCause());
      return e.exitCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted", null);
      return ExitCodes.INTERRUPTED;
    } catch (Exception e) {
      fail(describe(e), e);
      return ExitCodes.ERROR;
    } finally {
      out().flush();
      err().flush();
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  StopSignal stopSignal() {
    return reel.stopSignal();
  }

  boolean verbose() {
    return reel.verbose();
  }

  private void fail(String message, Throwable cause) {
    err().println("reel: " + message);
    if (verbose() && cause != null) {
      cause.printStackTrace(err());
    }
  }

  /** One line for an unexpected exception: file-system failures name the file, others their message. */
  static String describe(Throwable e) {
    if (e instanceof UncheckedIOException u) {
      e = u.getCause();
    }
    return switch (e) {
      case NoSuchFileException f -> "no such file or directory: " + f.getFile();
      case AccessDeniedException f -> "permission denied: " + f.getFile();
      case FileAlreadyExistsException f -> "already exists: " + f.getFile();
      case NotDirectoryException f -> "not a directory: " + f.getFile();
      case FileSystemException f -> f.getMessage();
      case BindException b -> "cannot listen for peers: " + b.getMessage() + " (try --port 0 for any free port)";
      case IOException io -> io.getMessage() != null ? io.getMessage() : io.getClass().getSimpleName();
      default -> {
        String m = e.getMessage();
        yield (m == null || m.isBlank()) ? "internal error: " + e.getClass().getName() : m;
      }
    };
  }
}
