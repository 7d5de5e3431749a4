package dev.reel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command set as a user meets it: help, exit-code documentation, reserved commands, usage errors. */
class UsageTest {
  @Test
  void helpListsEveryCommand() {
    Cli.Result r = Cli.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: reel").contains("download").contains("seed").contains("create")
        .contains("info").contains("serve");
  }

  @Test
  void helpDocumentsTheExitCodes() {
    Cli.Result r = Cli.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Exit codes:").containsPattern("(?m)^\\s+1\\s+Error")
        .containsPattern("(?m)^\\s+2\\s+Bad command line").containsPattern("(?m)^\\s+3\\s+No peers")
        .containsPattern("(?m)^\\s+130\\s+Interrupted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"download", "seed", "create", "info"})
  void everyCommandHasHelp(String command) {
    Cli.Result r = Cli.run(command, "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: reel " + command);
  }

  @Test
  void swarmCommandsShareTheCommonOptions() {
    for (String command : new String[] {"download", "seed", "info"}) {
      assertThat(Cli.run(command, "--help").out()).as(command)
          .contains("--port=N").contains("--tracker=URL").contains("--peer=HOST:PORT").contains("--max-peers=N")
          .contains("--down-limit=KiB/s").contains("--up-limit=KiB/s").contains("--data-dir=DIR");
    }
  }

  @Test
  void serveOnTheLanWithoutAPasswordIsRefused() {
    ReelCommand reel = new ReelCommand();
    reel.env = java.util.Map.of(); // no REEL_PASSWORD
    Cli.Result r = Cli.run(reel, "serve", "--lan", "--no-browser", "--http-port", "0");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.singleErrorLine()).contains("--lan needs a password");
  }

  @Test
  void usageErrorsExit2() {
    assertThat(Cli.run("download").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("download", "x", "--peer", "nope").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
    Cli.Result binary = Cli.runAsBinary("info", "--port");
    assertThat(binary.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(binary.errLines()).hasSize(2);
    assertThat(binary.errLines().get(0)).startsWith("reel: ");
    assertThat(binary.errLines().get(1)).isEqualTo("Try 'reel info --help' for more information.");
  }

  @Test
  void verboseIsAcceptedEverywhereAndAddsTheStackTrace() {
    Cli.Result quiet = Cli.run("info", "/nonexistent/x.torrent");
    Cli.Result verbose = Cli.run("info", "--verbose", "/nonexistent/x.torrent");
    assertThat(quiet.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(verbose.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(verbose.errorLines()).isEqualTo(quiet.errorLines());
    assertThat(Cli.run("-v", "info", "/nonexistent/x.torrent").exitCode()).isEqualTo(ExitCodes.ERROR);
  }
}
