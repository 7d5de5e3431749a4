package dev.reel.engine.testkit;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * aria2c (1.36) seeding or downloading one torrent on 127.0.0.1: DHT and LPD off, {@code --interface=127.0.0.1},
 * plaintext allowed, a free listen port, re-announce every 10 s. A seed runs with {@code --check-integrity=true
 * --seed-ratio=0.0} (verify the data, then seed until closed); a download with {@code --seed-time=0} exits when the
 * file is complete, so {@link #awaitComplete} waits for exit status 0.
 *
 * <p>Pitfalls: as a seed aria2 unchokes on a 10 s cycle, so a download from it may stall up to ~10 s at first; it
 * has no option to dial a given peer, so it only finds peers through a tracker (and, as a seed, it dials the peers it
 * learns there, which is how it reaches Transmission). Not thread-safe.
 */
public final class Aria2Peer implements ReferencePeer {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final String SEEDING_MARK = " SEED(";

  private final String name;
  private final Path logDir;
  private final int port = Ports.freeTcpPort();
  private Duration ttl = ManagedProcess.DEFAULT_TTL;
  private String upLimit = "0";
  private boolean requireCrypto;
  private ManagedProcess process;
  private boolean seeding;

  public Aria2Peer(String name, Path logDir) {
    Tools.requireAria2();
    this.name = name;
    this.logDir = logDir;
  }

  public Aria2Peer ttl(Duration ttl) {
    this.ttl = ttl;
    return this;
  }

  /** Upload cap in KiB/s, 0 = unlimited (before seed/download). */
  /** {@code --bt-require-crypto=true --bt-min-crypto-level=arc4}: only MSE connections with RC4. */
  public Aria2Peer requireCrypto() {
    this.requireCrypto = true;
    return this;
  }

  public Aria2Peer upKiBps(int kib) {
    this.upLimit = kib > 0 ? kib + "K" : "0";
    return this;
  }

  /**
   * Seeds {@code torrent} from {@code dir} (the folder holding the torrent's name); returns once aria2 has verified
   * the data (--check-integrity) and is in seeding state.
   */
  public Aria2Peer seed(Path torrent, Path dir) {
    seeding = true;
    start(torrent, dir, List.of("--check-integrity=true", "--seed-ratio=0.0"));
    awaitComplete(READY_TIMEOUT);
    return this;
  }

  /** Downloads {@code torrent} into {@code dir} and exits when complete. Returns once aria2 listens. */
  public Aria2Peer download(Path torrent, Path dir) {
    start(torrent, dir, List.of("--seed-time=0"));
    return this;
  }

  private void start(Path torrent, Path dir, List<String> modeArgs) {
    if (process != null) {
      throw new IllegalStateException(name + " was already started");
    }
    List<String> cmd = new ArrayList<>(List.of("aria2c", "--dir=" + dir.toAbsolutePath(),
        "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=true",
        "--listen-port=" + port, "--interface=127.0.0.1", "--disable-ipv6=true",
        "--max-upload-limit=" + upLimit, "--bt-max-peers=55",
        "--bt-require-crypto=" + requireCrypto, "--bt-min-crypto-level=" + (requireCrypto ? "arc4" : "plain"),
        "--follow-torrent=false", "--file-allocation=none", "--bt-tracker-interval=10",
        "--bt-stop-timeout=0", "--summary-interval=1", "--console-log-level=notice",
        "--log=" + logDir.resolve(name + ".aria2.log"), "--log-level=info",
        "--no-conf=true", "--enable-color=false", "--auto-save-interval=0", "--force-save=false"));
    cmd.addAll(modeArgs);
    cmd.add(torrent.toAbsolutePath().toString());
    process = ManagedProcess.start(name, cmd, logDir, null, ttl, null);
    Poll.until(READY_TIMEOUT, name + " to listen on " + port, process::logTail, () -> {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitCode() + "; " + process.logTail());
      }
      return Ports.listening(port);
    });
  }

  /**
   * For a download: waits until aria2c exits and requires status 0 (all data verified). For a seed: waits until the
   * console shows the seeding state ({@code SEED(} in the progress summary; there is no machine-readable status).
   */
  @Override
  public void awaitComplete(Duration timeout) {
    if (process == null) {
      throw new IllegalStateException(name + " is not started");
    }
    if (seeding) {
      Poll.until(timeout, name + " to verify its data and seed", process::logTail, () -> {
        if (!process.isAlive()) {
          throw new AssertionError(name + " (seed) exited with " + process.exitCode() + "; " + process.logTail());
        }
        return process.logContains(SEEDING_MARK);
      });
      return;
    }
    try {
      OptionalInt rc = process.waitFor(timeout);
      if (rc.isEmpty()) {
        throw new AssertionError(name + " did not finish in " + timeout.toSeconds() + " s; " + process.logTail());
      }
      if (rc.getAsInt() != 0) {
        throw new AssertionError(name + " exited with " + rc.getAsInt() + "; " + process.logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public InetSocketAddress listenAddress() {
    return new InetSocketAddress(Ports.LOOPBACK, port);
  }

  @Override
  public String name() {
    return name;
  }

  public Path logFile() {
    return process.logFile();
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }
}
