package dev.reel.engine.testkit;

import dev.reel.engine.metainfo.InfoHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transmission-daemon (3.00) instance with its own config folder, bound to 127.0.0.1: DHT, LPD, uTP and port
 * forwarding off, PEX on, plaintext preferred but encryption accepted ({@code "encryption": 0}), partial files not
 * renamed, no write cache (so completed data is in the files), no queueing or seeding limits, RPC on a free port for 127.0.0.1 only. Driven with {@code
 * transmission-remote}. One torrent per instance (the usual interop shape).
 *
 * <p>Pitfalls: Transmission never dials 127.x peers it learns from a tracker, so a peer that should exchange data with
 * it must dial it ({@link #peerAddress()}); it keys peers by IP, so it talks to one loopback peer at a time; it
 * unchokes on a 10 s cycle; a seed rechecks its data after being added ({@link #seed} waits for that). Not
 * thread-safe.
 */
public final class TransmissionPeer implements ReferencePeer {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration SEED_CHECK_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern PERCENT = Pattern.compile("(?m)^\\s*Percent Done:\\s*([0-9.]+|nan)%");
  private static final Pattern STATE = Pattern.compile("(?m)^\\s*State:\\s*(.+)$");

  private final String name;
  private final Path logDir;
  private final Path configDir;
  private final int peerPort = Ports.freeTcpPort();
  private final int rpcPort = Ports.freeTcpPort();
  private final ManagedProcess process;
  private InfoHash torrent;

  /** Starts the daemon and waits for its RPC port. */
  public TransmissionPeer(String name, Path logDir) {
    this(name, logDir, ManagedProcess.DEFAULT_TTL);
  }

  public TransmissionPeer(String name, Path logDir, Duration ttl) {
    Tools.requireTransmission();
    this.name = name;
    this.logDir = logDir;
    this.configDir = logDir.resolve(name + "-config");
    try {
      TestLogs.deleteRecursively(configDir); // a config left by an earlier run would reload its torrents
      Files.createDirectories(configDir);
      Files.writeString(configDir.resolve("settings.json"), settings(logDir.resolve(name + "-default-dl")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + configDir, e);
    }
    this.process = ManagedProcess.start(name, List.of("transmission-daemon", "-f", "-g", configDir.toString(),
        "--log-info"), logDir, null, ttl, null);
    try {
      Poll.until(START_TIMEOUT, name + " RPC on port " + rpcPort, process::logTail, () -> {
        checkAlive();
        return Ports.listening(rpcPort) && remoteQuietly("-l").isPresent();
      });
    } catch (RuntimeException | Error e) {
      process.close();
      throw e;
    }
  }

  private String settings(Path defaultDownloadDir) {
    // speed-limit-* in kB/s (1000 B); 0 = encryption "prefer plaintext, accept encrypted"
    return """
        {
          "dht-enabled": false, "lpd-enabled": false, "utp-enabled": false, "pex-enabled": true,
          "port-forwarding-enabled": false, "peer-port": %d, "peer-port-random-on-start": false,
          "bind-address-ipv4": "127.0.0.1", "bind-address-ipv6": "::1",
          "rpc-enabled": true, "rpc-bind-address": "127.0.0.1", "rpc-port": %d,
          "rpc-authentication-required": false, "rpc-whitelist-enabled": true, "rpc-whitelist": "127.0.0.1",
          "rpc-host-whitelist-enabled": false,
          "download-dir": "%s", "incomplete-dir-enabled": false, "rename-partial-files": false,
          "start-added-torrents": true, "trash-original-torrent-files": false, "watch-dir-enabled": false,
          "speed-limit-up-enabled": false, "speed-limit-down-enabled": false, "alt-speed-enabled": false,
          "ratio-limit-enabled": false, "idle-seeding-limit-enabled": false,
          "download-queue-enabled": false, "seed-queue-enabled": false, "queue-stalled-enabled": false,
          "encryption": 0, "blocklist-enabled": false, "message-level": 2, "script-torrent-done-enabled": false,
          "peer-limit-global": 200, "peer-limit-per-torrent": 60, "upload-slots-per-torrent": 14,
          "cache-size-mb": 0
        }
        """.formatted(peerPort, rpcPort, defaultDownloadDir.toAbsolutePath().toString().replace("\\", "\\\\"));
  }

  /** Adds {@code torrent} with its data in {@code dir}; returns once Transmission has rechecked it and is seeding. */
  public TransmissionPeer seed(Path torrent, Path dir) {
    add(torrent, dir);
    Poll.until(SEED_CHECK_TIMEOUT, name + " to verify its data and seed", this::describe,
        this::isSeeding);
    return this;
  }

  /**
   * True when all data is verified and the torrent is active. A seed with no connected peer shows "Idle", one with
   * peers "Seeding"; while rechecking it shows "Will Verify" / "Verifying".
   */
  public boolean isSeeding() {
    String text = info();
    Matcher p = PERCENT.matcher(text);
    Matcher st = STATE.matcher(text);
    if (!p.find() || !st.find()) {
      return false;
    }
    String state = st.group(1).strip().toLowerCase(Locale.ROOT);
    return p.group(1).equals("100") && (state.equals("seeding") || state.equals("idle"));
  }

  /** Adds {@code torrent} for download into {@code dir}. Someone must dial {@link #peerAddress()} (see class doc). */
  public TransmissionPeer download(Path torrent, Path dir) {
    add(torrent, dir);
    return this;
  }

  private void add(Path torrent, Path dir) {
    if (this.torrent != null) {
      throw new IllegalStateException(name + " already has a torrent");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    remote("-a", torrent.toAbsolutePath().toString(), "-w", dir.toAbsolutePath().toString());
    this.torrent = MkTorrent.infoHash(torrent);
    Poll.until(START_TIMEOUT, name + " to list the torrent", this::describe, () -> !info().isEmpty());
  }

  /** Require encrypted (MSE, RC4) peer connections ({@code transmission-remote --encryption-required}); at once. */
  public TransmissionPeer requireEncryption() {
    remote("--encryption-required");
    return this;
  }

  /** Upload cap in kB/s (1000 B/s), 0 = unlimited; applies at once. */
  public void upLimitKBps(int kB) {
    remote(kB > 0 ? List.of("-u", Integer.toString(kB)) : List.of("-U"));
  }

  /** Fraction done, 0..1 ("Percent Done" of transmission-remote -i). */
  public double percentDone() {
    Matcher m = PERCENT.matcher(info());
    if (!m.find() || m.group(1).equals("nan")) {
      return 0;
    }
    return Double.parseDouble(m.group(1)) / 100.0;
  }

  /** Transmission's state text, e.g. "Seeding", "Downloading", "Idle", "Verifying"; "" if unknown. */
  public String state() {
    Matcher m = STATE.matcher(info());
    return m.find() ? m.group(1).strip() : "";
  }

  /** Where this daemon accepts peer connections: dial it, it will not dial loopback peers itself. */
  public InetSocketAddress peerAddress() {
    return new InetSocketAddress(Ports.LOOPBACK, peerPort);
  }

  @Override
  public InetSocketAddress listenAddress() {
    return peerAddress();
  }

  @Override
  public void awaitComplete(Duration timeout) {
    Poll.until(timeout, name + " to complete", this::describe, () -> {
      checkAlive();
      return percentDone() >= 1.0;
    });
  }

  @Override
  public String name() {
    return name;
  }

  public Path logFile() {
    return process.logFile();
  }

  /** The {@code transmission-remote -i} text of the torrent ("" before one is added). */
  public String info() {
    if (torrent == null) {
      return "";
    }
    return remoteQuietly("-t", torrent.hex(), "-i").orElse("");
  }

  private String describe() {
    return "transmission-remote -i:\n" + info() + "\n" + process.logTail();
  }

  private void checkAlive() {
    if (!process.isAlive()) {
      throw new AssertionError(name + " exited with " + process.exitCode() + "; " + process.logTail());
    }
  }

  private String remote(String... args) {
    return remote(List.of(args));
  }

  private String remote(List<String> args) {
    return runRemote(args).orElseThrow(() -> new IllegalStateException(
        "transmission-remote " + String.join(" ", args) + " failed; " + process.logTail()));
  }

  private Optional<String> remoteQuietly(String... args) {
    return runRemote(List.of(args));
  }

  private Optional<String> runRemote(List<String> args) {
    // `timeout` bounds the read of its output too
    List<String> cmd = new ArrayList<>(List.of("timeout", REMOTE_TIMEOUT.toSeconds() + "s", "transmission-remote",
        "127.0.0.1:" + rpcPort));
    cmd.addAll(args);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(REMOTE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return name + " (transmission, peer " + peerAddress() + ", log dir " + logDir + ")";
  }
}
