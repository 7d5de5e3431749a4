package dev.reel.app.player;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;

/**
 * The command line that opens a stream URL in a player found on PATH: always an argument list (the URL is one
 * argument, never parsed by a shell). VLC refuses to run as root, so as root it is not started and
 * {@link #whyNot} says so. Stateless.
 */
public final class PlayerLauncher {
  private PlayerLauncher() {}

  /**
   * The command for {@code player} (vlc, mpv, browser, none), or an empty list if it cannot or should not run.
   *
   * @throws IllegalArgumentException if {@code url} is not a plain http(s) URL (see {@link #requireStreamUrl})
   */
  public static List<String> command(String player, String url, Map<String, String> env, boolean root) {
    requireStreamUrl(url);
    return switch (player) {
      case "vlc" -> root ? List.of() : find("vlc", env).map(p -> List.of(p, "--play-and-exit", url))
          .orElse(List.of());
      case "mpv" -> find("mpv", env).map(p -> List.of(p, "--force-window=immediate", url)).orElse(List.of());
      case "browser" -> hasDisplay(env) ? find("xdg-open", env).map(p -> List.of(p, url)).orElse(List.of())
          : List.of();
      default -> List.of();
    };
  }

  /** Why {@link #command} is empty, for the user; null when nothing needs saying (--player none). */
  public static String whyNot(String player, Map<String, String> env, boolean root) {
    return switch (player) {
      case "vlc" -> root ? "VLC refuses to run as root: open the URL as another user, or use --player mpv"
          : find("vlc", env).isEmpty() ? "vlc is not on PATH; open the URL in a player (or use --player mpv)" : null;
      case "mpv" -> find("mpv", env).isEmpty() ? "mpv is not on PATH; open the URL in a player" : null;
      case "browser" -> !hasDisplay(env) ? "no display (DISPLAY/WAYLAND_DISPLAY unset): open the URL yourself"
          : find("xdg-open", env).isEmpty() ? "xdg-open is not on PATH; open the URL in a browser" : null;
      default -> null;
    };
  }

  /** The players a stream can be opened in by the server ({@code POST /api/sessions/{id}/open}). */
  public static final List<String> DESKTOP_PLAYERS = List.of("vlc", "mpv");

  /** The flags given to a desktop player before the stream URL (the URL is always the last argument). */
  public static List<String> flags(String player) {
    return switch (player) {
      case "vlc" -> List.of("--play-and-exit");
      case "mpv" -> List.of("--force-window=immediate");
      default -> throw new IllegalArgumentException("not a desktop player: " + player);
    };
  }

  /**
   * The command opening {@code url} in a desktop player found in {@code dirs}: the executable, {@link #flags}, the
   * URL. Empty when the executable is in none of the directories, or for vlc when {@code root}.
   */
  public static List<String> command(String player, String url, List<Path> dirs, boolean root) {
    requireStreamUrl(url);
    if (player.equals("vlc") && root) {
      return List.of();
    }
    return find(player, dirs).map(p -> {
      List<String> cmd = new ArrayList<>();
      cmd.add(p);
      cmd.addAll(flags(player));
      cmd.add(url);
      return List.copyOf(cmd);
    }).orElse(List.of());
  }

  /**
   * Checks that {@code url} can only be read as a stream URL by a player: it starts with {@code http://} or
   * {@code https://} (so it can never be taken for an option such as {@code --lua-intf=...} or
   * {@code --script=...}) and holds no whitespace or control character (a player reading its arguments as a playlist
   * must not see a second entry). Stream URLs are built by Reel, with the torrent's file name percent-encoded, so this
   * only fails on a bug.
   *
   * @return the URL
   * @throws IllegalArgumentException otherwise
   */
  public static String requireStreamUrl(String url) {
    boolean http = url != null && (url.regionMatches(true, 0, "http://", 0, 7)
        || url.regionMatches(true, 0, "https://", 0, 8));
    if (!http || url.chars().anyMatch(c -> c <= ' ' || c == 0x7f || Character.isWhitespace(c)
        || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR)) {
      throw new IllegalArgumentException("not a plain http(s) stream URL, refusing to pass it to a player: "
          + (url == null ? null : url.replaceAll("\\p{Cntrl}", "?")));
    }
    return url;
  }

  /** Whether this JVM runs as root (VLC refuses to). */
  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** True if the player's exit ends the stream (not for xdg-open, which returns at once). */
  public static boolean exitEndsStream(String player) {
    return player.equals("vlc") || player.equals("mpv");
  }

  public static boolean hasDisplay(Map<String, String> env) {
    return !env.getOrDefault("DISPLAY", "").isBlank() || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
  }

  public static Optional<String> find(String name, Map<String, String> env) {
    return find(name, searchDirs(env));
  }

  /** The directories of {@code PATH} in {@code env} (a default system path when unset), in order. */
  public static List<Path> searchDirs(Map<String, String> env) {
    String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    List<Path> dirs = new ArrayList<>();
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        dirs.add(Path.of(dir));
      }
    }
    return List.copyOf(dirs);
  }

  /** The first executable regular file {@code name} in {@code dirs}, as an absolute path. */
  public static Optional<String> find(String name, List<Path> dirs) {
    for (Path dir : dirs) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p.toAbsolutePath().toString());
      }
    }
    return Optional.empty();
  }
}
