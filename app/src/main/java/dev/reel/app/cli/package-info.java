/**
 * The {@code reel} command line (picocli): {@code download}, {@code seed}, {@code create}, {@code info}, and the
 * reserved {@code serve}. A public contract for scripts: results on stdout ({@code info --json} field names are
 * fixed), progress and one-line errors ({@code reel: ...}) on stderr, documented exit codes ({@link
 * dev.reel.app.cli.ExitCodes}). Commands drive the engine only through its facade ({@code dev.reel.engine}).
 *
 * <p>Layout: {@link dev.reel.app.cli.Main} (process: exit code, Ctrl-C) → {@link dev.reel.app.cli.ReelCommand} (root,
 * {@code --verbose}) → one class per subcommand on {@code ReelSubcommand} (error mapping) with the shared
 * {@code SwarmOptions}; progress through {@code ProgressView} (terminal bar or plain lines).
 */
package dev.reel.app.cli;
