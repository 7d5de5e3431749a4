package dev.reel.app.cli;

import dev.reel.app.library.DataDirs;
import dev.reel.app.serve.ReelServer;
import dev.reel.app.serve.ServeConfig;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reel serve}: the local server — web UI, JSON API (docs/API.md) and HTTP Range stream — on 127.0.0.1, until
 * Ctrl-C. {@code reel} with no command runs it too (see {@link ReelCommand#call()}). Prints the URL on stdout and opens
 * the browser when there is a display.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the local server and web UI (default when reel is run without a command).",
      "Listens on 127.0.0.1 only, unless --lan (which needs a password)."
    })
final class ServeCommand extends ReelSubcommand {
  /** Environment variable holding the LAN password (safer than --password, which other users can see in ps). */
  static final String PASSWORD_ENV = "REEL_PASSWORD";

  @Option(names = "--http-port", paramLabel = "N",
      description = "HTTP port (default: the httpPort setting, 8765; 0 = any free port).")
  Integer httpPort;

  @Option(names = "--port", paramLabel = "N",
      description = "TCP peer port for BitTorrent (default: the peerPort setting, 6881; 0 = any free port).")
  Integer peerPort;

  @Option(names = "--no-browser", description = "Do not open the web browser.")
  boolean noBrowser;

  @Option(names = "--lan", description = "Also listen on the local network (needs --password or $" + PASSWORD_ENV
      + "; other machines must log in).")
  boolean lan;

  @Option(names = "--password", paramLabel = "TEXT", description = "The password for --lan (or set $"
      + PASSWORD_ENV + ").")
  String password;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Reel's data folder: library, settings, engine state (default: $XDG_DATA_HOME/reel or "
          + "~/.local/share/reel). The stream cache then goes to DIR/cache.")
  Path dataDir;

  @Override
  protected int run() throws Exception {
    Map<String, String> env = reel.env;
    String pass = password != null ? password : env.get(PASSWORD_ENV);
    if (lan && (pass == null || pass.isBlank())) {
      throw new CliException(ExitCodes.USAGE,
          "--lan needs a password: add --password TEXT or set $" + PASSWORD_ENV + " (refusing to start)");
    }
    if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
      throw new CliException(ExitCodes.USAGE, "--http-port must be 0..65535, not " + httpPort);
    }
    if (peerPort != null && (peerPort < 0 || peerPort > 65535)) {
      throw new CliException(ExitCodes.USAGE, "--port must be 0..65535, not " + peerPort);
    }
    Path data = DataDirs.dataDir(dataDir, env, Path.of(System.getProperty("user.home")));
    Path cache = dataDir != null ? data.resolve("cache") : cacheDir(env, Path.of(System.getProperty("user.home")));
    ServeConfig config = ServeConfig.defaults(data, cache).withPorts(httpPort, peerPort).withLan(lan, pass);
    ReelServer server;
    try {
      server = ReelServer.start(config, ReelCommand.version());
    } catch (BindException e) {
      throw CliException.error("cannot listen: " + e.getMessage() + " (is Reel already running? try --http-port 0)");
    } catch (IOException e) {
      if (e.getCause() instanceof BindException b) {
        throw CliException.error("cannot listen: " + b.getMessage()
            + " (is Reel already running? try --http-port 0 or --port 0)");
      }
      throw e;
    }
    try {
      String url = server.uri().toString();
      out().println("Reel is running at " + url + (lan ? " (and on the local network, port " + server.port() + ")"
          : ""));
      out().println("Press Ctrl-C to stop.");
      out().flush();
      if (!noBrowser && hasDisplay(env)) {
        openBrowser(url);
      }
      while (!stopSignal().await(Duration.ofSeconds(1))) {
        // serving on Jetty's threads
      }
      return ExitCodes.OK;
    } finally {
      server.close();
    }
  }

  /** {@code $XDG_CACHE_HOME/reel}, else {@code ~/.cache/reel}. */
  static Path cacheDir(Map<String, String> env, Path home) {
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "reel");
    }
    return home.resolve(".cache").resolve("reel");
  }

  static boolean hasDisplay(Map<String, String> env) {
    return notBlank(env.get("DISPLAY")) || notBlank(env.get("WAYLAND_DISPLAY"));
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  /** {@code xdg-open URL} as an argument list (no shell); a missing xdg-open only costs a message. */
  private void openBrowser(String url) {
    try {
      new ProcessBuilder("xdg-open", url).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      err().println("reel: could not open a browser (" + e.getMessage() + "); open " + url + " yourself");
    }
  }
}
