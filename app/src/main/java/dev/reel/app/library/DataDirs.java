package dev.reel.app.library;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Reel keeps its state: the data folder, by the XDG Base Directory rules, overridden by {@code --data-dir}.
 *
 * <p>The rule is the CLI's ({@code reel --data-dir}): the option if given (made absolute), else
 * {@code $XDG_DATA_HOME/reel} when that variable is set to an absolute path (XDG says to ignore a relative one),
 * else {@code ~/.local/share/reel}. The library database is {@value #LIBRARY_DB} inside it. Pure functions of their
 * inputs; nothing is created on disk here.
 */
public final class DataDirs {
  /** The library database's file name inside the data folder. */
  public static final String LIBRARY_DB = "library.db";

  private DataDirs() {}

  /** The data folder for this process: {@code dataDirOption} if non-null, else the XDG default. */
  public static Path dataDir(Path dataDirOption) {
    return dataDir(dataDirOption, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The data folder given the option (nullable), an environment and a home folder. */
  public static Path dataDir(Path dataDirOption, Map<String, String> env, Path home) {
    if (dataDirOption != null) {
      return dataDirOption.toAbsolutePath().normalize();
    }
    String xdg = env.get("XDG_DATA_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "reel");
    }
    return home.resolve(".local").resolve("share").resolve("reel");
  }

  /** The library database inside a data folder. */
  public static Path libraryDb(Path dataDir) {
    return dataDir.resolve(LIBRARY_DB);
  }

  /**
   * The default download folder (where "keep" moves a finished film): {@code $XDG_DOWNLOAD_DIR/Reel} when that
   * variable is an absolute path, else {@code ~/Downloads/Reel}.
   */
  public static Path defaultDownloadDir(Map<String, String> env, Path home) {
    String xdg = env.get("XDG_DOWNLOAD_DIR");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "Reel");
    }
    return home.resolve("Downloads").resolve("Reel");
  }

  /** {@link #defaultDownloadDir(Map, Path)} for this process. */
  public static Path defaultDownloadDir() {
    return defaultDownloadDir(System.getenv(), Path.of(System.getProperty("user.home")));
  }
}
