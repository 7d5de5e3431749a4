package dev.reel.app.api;

import dev.reel.app.play.SessionView;
import dev.reel.app.player.PlayerLauncher;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;

/**
 * {@code POST /api/sessions/{id}/open} (docs/API.md, "Open in a player"): starts VLC or mpv on the host, on the
 * session's loopback stream URL. The player is found in {@link ApiContext#playerDirs} and started with an argument
 * list (never a shell). In LAN mode only a request from this machine may start a program (403 otherwise).
 */
final class OpenRoutes {
  private final ApiContext ctx;

  OpenRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  void install(ApiHandler api) {
    api.post("/api/sessions/([0-9a-f]{1,64})/open", this::open);
  }

  private Object open(ApiRequest r) throws IOException {
    if (ctx.tokens().lan() && !SecurityFilter.isLoopback(r.jetty())) {
      throw new ApiException(403, "forbidden",
          "a player can only be opened from the machine running Reel; copy the stream URL instead");
    }
    String player = Json.optText(r.json(), "player");
    if (player == null || !PlayerLauncher.DESKTOP_PLAYERS.contains(player)) {
      throw ApiException.badRequest("player must be one of " + PlayerLauncher.DESKTOP_PLAYERS);
    }
    URI local = URI.create("http://127.0.0.1:" + Request.getLocalPort(r.jetty()) + "/");
    SessionView view = ctx.sessions().view(r.path(1), local)
        .orElseThrow(() -> ApiException.notFound("no session " + r.path(1)));
    if (view.streamUrl() == null) {
      throw new ApiException(409, "metadata_pending", "the torrent's metadata is not known yet; try again shortly");
    }
    boolean root = PlayerLauncher.isRoot();
    List<String> cmd = PlayerLauncher.command(player, view.streamUrl(), ctx.playerDirs(), root);
    if (cmd.isEmpty()) {
      String message = player.equals("vlc") && root
          ? "VLC refuses to run as root (Reel runs as root); use mpv, or open the stream URL yourself"
          : player + " is not installed (not found on PATH); install it, or copy the stream URL into a player";
      throw new ApiException(409, "player_missing", message, Map.of("player", player));
    }
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new ApiException(500, "player_failed", "cannot start " + cmd.get(0) + ": " + e.getMessage());
    }
    return Reply.of(202, Map.of("player", player, "pid", p.pid()));
  }
}
