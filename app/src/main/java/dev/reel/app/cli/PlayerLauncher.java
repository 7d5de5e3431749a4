package dev.reel.app.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The command line that opens a stream URL in a player found on PATH: always an argument list (the URL is one
 * argument, never parsed by a shell). VLC refuses to run as root, so as root it is not started and
 * {@link #whyNot} says so. Stateless.
 */
final class PlayerLauncher {
  private PlayerLauncher() {}

  /** The command for {@code player} (vlc, mpv, browser, none), or an empty list if it cannot or should not run. */
  static List<String> command(String player, String url, Map<String, String> env, boolean root) {
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
  static String whyNot(String player, Map<String, String> env, boolean root) {
    return switch (player) {
      case "vlc" -> root ? "VLC refuses to run as root: open the URL as another user, or use --player mpv"
          : find("vlc", env).isEmpty() ? "vlc is not on PATH; open the URL in a player (or use --player mpv)" : null;
      case "mpv" -> find("mpv", env).isEmpty() ? "mpv is not on PATH; open the URL in a player" : null;
      case "browser" -> !hasDisplay(env) ? "no display (DISPLAY/WAYLAND_DISPLAY unset): open the URL yourself"
          : find("xdg-open", env).isEmpty() ? "xdg-open is not on PATH; open the URL in a browser" : null;
      default -> null;
    };
  }

  /** True if the player's exit ends the stream (not for xdg-open, which returns at once). */
  static boolean exitEndsStream(String player) {
    return player.equals("vlc") || player.equals("mpv");
  }

  static boolean hasDisplay(Map<String, String> env) {
    return !env.getOrDefault("DISPLAY", "").isBlank() || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
  }

  static java.util.Optional<String> find(String name, Map<String, String> env) {
    String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return java.util.Optional.of(p.toAbsolutePath().toString());
      }
    }
    return java.util.Optional.empty();
  }
}
