package dev.reel.app.cli;

import picocli.CommandLine.Command;

/**
 * {@code reel serve}: reserved for the local server (web UI, JSON API, HTTP Range stream), which comes in a later
 * issue; {@code reel} with no command will start it too (see {@link ReelCommand#call()}).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the local server and web UI (reserved: not available yet).")
final class ServeCommand extends ReelSubcommand {
  @Override
  protected int run() throws CliException {
    throw CliException.error("serve is not available yet: the local server and web UI come in a later version");
  }
}
