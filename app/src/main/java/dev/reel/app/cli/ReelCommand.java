package dev.reel.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code reel} command: the root of the CLI. Its subcommands are a public contract that scripts rely on: names,
 * options, stdout formats ({@code info --json}) and {@link ExitCodes} change only with a deprecation.
 *
 * <p>Run it with {@code new CommandLine(new ReelCommand()).execute(args)} (or {@link #newCommandLine}); {@link Main}
 * adds the process concerns (exit, Ctrl-C). A {@code ReelCommand} instance runs one command line; not thread-safe.
 */
@Command(
    name = "reel",
    mixinStandardHelpOptions = true,
    versionProvider = ReelCommand.Version.class,
    description = {
      "Reel: a torrent-streaming media center; also downloads, seeds, creates and inspects torrents.",
      "With no command: runs 'serve' (the local server and web UI) and opens the browser."
    },
    subcommands = {
      DownloadCommand.class,
      StreamCommand.class,
      SeedCommand.class,
      CreateCommand.class,
      InfoCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Success (for seed: stopped by Ctrl-C / SIGTERM).",
      "1:Error: bad torrent, I/O or tracker failure, incomplete data (seed).",
      "2:Bad command line.",
      "3:No peers connected within --peer-timeout, or metadata not received within --timeout.",
      "130:Interrupted (Ctrl-C / SIGTERM) before a download finished."
    },
    footerHeading = "%n",
    footer = {"Progress and messages go to stderr; results (paths, info, JSON) to stdout."})
public final class ReelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Debug logging, and stack traces with errors.")
  boolean verbose;

  private final StopSignal stop = new StopSignal();

  /** The environment commands read (XDG folders, display, password); tests replace it. */
  java.util.Map<String, String> env = System.getenv();

  /** Ctrl-C / SIGTERM, or a test, ask the running command to stop cleanly through this. */
  public StopSignal stopSignal() {
    return stop;
  }

  boolean verbose() {
    return verbose;
  }

  /** {@code reel} without a command: runs {@code serve} with its defaults. */
  @Override
  public Integer call() {
    CommandLine serve = spec.commandLine().getSubcommands().get("serve");
    ServeCommand command = serve.getCommand();
    command.reel = this;
    return command.call();
  }

  /**
   * A command line for {@code reel} as the binary runs it: like {@code new CommandLine(reel)}, but a usage error
   * prints one "reel: ..." line and a hint instead of the whole usage (exit 2 either way).
   */
  public static CommandLine newCommandLine(ReelCommand reel) {
    CommandLine cli = new CommandLine(reel);
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine failed = ex.getCommandLine();
          PrintWriter err = failed.getErr();
          err.println("reel: " + ex.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
          err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
          err.flush();
          return ExitCodes.USAGE;
        });
    return cli;
  }

  /** The root level the logging setup configured, remembered so a later non-verbose run in the same JVM restores it. */
  private static Level configuredRootLevel;

  /** Lowers the root log level to DEBUG when {@code --verbose}; otherwise keeps the configured one (WARN). */
  void applyLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      synchronized (ReelCommand.class) {
        if (configuredRootLevel == null) {
          configuredRootLevel = root.getLevel();
        }
        root.setLevel(verbose ? Level.DEBUG : configuredRootLevel);
      }
    }
  }

  /** The version from the build (reel-version.properties, filtered by Maven). */
  static String version() {
    try (InputStream in = ReelCommand.class.getResourceAsStream("/reel-version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.startsWith("${")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through: the version is cosmetic
    }
    return "dev";
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String java = "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")";
      return new String[] {"reel " + version(), java};
    }
  }
}
