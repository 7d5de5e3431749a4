package dev.reel.engine.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks that external tools exist. A missing tool aborts the calling test (skipped, with the reason) when run
 * locally, and fails it when the environment variable {@code CI=true}, so CI can never silently skip interop.
 * Thread-safe; results are cached per JVM.
 */
public final class Tools {
  /** Debian's python: python3-libtorrent is built for it, not for a pyenv python that may come first on PATH. */
  public static final String PYTHON = "/usr/bin/python3";

  private static final long PROBE_TIMEOUT_S = 30;
  private static final Map<String, String> MISSING = new ConcurrentHashMap<>();

  private Tools() {}

  /** Requires an executable on PATH (or an absolute path); returns its absolute path. */
  public static Path requireExecutable(String name) {
    Path found = findExecutable(name);
    if (found == null) {
      missing(name + " is not installed (not found on PATH)");
    }
    return found;
  }

  /** Requires {@value #PYTHON} with the libtorrent module ({@code apt-get install python3-libtorrent}). */
  public static void requirePythonLibtorrent() {
    requireExecutable(PYTHON);
    String why = MISSING.computeIfAbsent("python3-libtorrent", k -> probe(PYTHON, "-c", "import libtorrent"));
    if (!why.isEmpty()) {
      missing("python3-libtorrent is not usable: " + why);
    }
  }

  public static void requireAria2() {
    requireExecutable("aria2c");
    requireExecutable("timeout");
  }

  public static void requireTransmission() {
    requireExecutable("transmission-daemon");
    requireExecutable("transmission-remote");
    requireExecutable("timeout");
  }

  public static void requireOpenTracker() {
    requireExecutable("opentracker");
    requireExecutable("timeout");
  }

  public static void requireMktorrent() {
    requireExecutable("mktorrent");
  }

  /** True when running in CI (environment variable {@code CI=true}). */
  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Skips the current test locally, fails it in CI. Never returns normally. */
  public static void missing(String reason) {
    if (inCi()) {
      fail("CI=true and a required tool is missing: " + reason);
    }
    Assumptions.abort(reason);
  }

  static Path findExecutable(String name) {
    if (name.contains("/")) {
      Path p = Path.of(name);
      return Files.isExecutable(p) ? p : null;
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p.toAbsolutePath();
      }
    }
    return null;
  }

  /** Runs a short command; returns "" on exit status 0, else a reason. */
  private static String probe(String... command) {
    try {
      Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(PROBE_TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", command) + " did not finish in " + PROBE_TIMEOUT_S + " s";
      }
      return p.exitValue() == 0
          ? ""
          : String.join(" ", command) + " exited with " + p.exitValue() + ": " + new String(out).strip();
    } catch (IOException e) {
      return String.join(" ", command) + " could not run: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
