package dev.reel.app.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;

/**
 * Process entry point of {@code reel}: runs {@link ReelCommand} and exits with its code.
 *
 * <p>Ctrl-C and SIGTERM start the JVM's shutdown; a shutdown hook then asks the running command to stop
 * ({@link StopSignal}), waits (bounded) for it to close the engine, which announces "stopped" to trackers, and halts
 * with the command's own exit code (so {@code reel seed} stopped by Ctrl-C exits 0, not 130).
 */
public final class Main {
  /** How long Ctrl-C waits for a clean stop (engine close is itself bounded) before the JVM just exits. */
  private static final long STOP_GRACE_SECONDS = 20;

  private Main() {}

  public static void main(String[] args) {
    ReelCommand reel = new ReelCommand();
    CommandLine cli = ReelCommand.newCommandLine(reel);
    AtomicInteger exitCode = new AtomicInteger(ExitCodes.INTERRUPTED);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              if (finished.getCount() == 0) {
                return; // normal exit: the command is done
              }
              reel.stopSignal().request();
              try {
                if (finished.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                  cli.getOut().flush();
                  cli.getErr().flush();
                  System.out.flush();
                  System.err.flush();
                  Runtime.getRuntime().halt(exitCode.get());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "reel-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int code = cli.execute(args);
    exitCode.set(code);
    finished.countDown();
    System.exit(code); // during a Ctrl-C shutdown this blocks, and the hook halts with `code`
  }
}
