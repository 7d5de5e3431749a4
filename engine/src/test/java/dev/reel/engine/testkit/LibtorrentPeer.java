package dev.reel.engine.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * python3-libtorrent (our script {@code testkit/lt_peer.py}) seeding or downloading one torrent on 127.0.0.1, with
 * DHT, LSD, UPnP, NAT-PMP and uTP off (or uTP only, {@link #utpOnly}), {@code allow_multiple_connections_per_ip} on and rate caps applied to loopback
 * peers (the peer-class fix). Configure with the builder-style setters, then call {@link #seed} or {@link #download}
 * once. The script's status lines are parsed on a reader thread; the query methods are thread-safe.
 */
public final class LibtorrentPeer implements ReferencePeer {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final String SCRIPT = "testkit/lt_peer.py";

  private final String name;
  private final Path logDir;
  private final int port = Ports.freeTcpPort();
  private final List<InetSocketAddress> peers = new ArrayList<>();
  private int upKiBps;
  private int downKiBps;
  private boolean noTracker;
  private boolean corrupt;
  private boolean utpOnly;
  private String encryption = "enabled";
  private Duration ttl = ManagedProcess.DEFAULT_TTL;
  private java.net.InetAddress bind = Ports.LOOPBACK;
  private ManagedProcess process;

  private volatile boolean listening;
  private volatile boolean seeding;
  private volatile boolean done;
  private volatile boolean metadata;
  private final Map<String, String> status = new ConcurrentHashMap<>();

  public LibtorrentPeer(String name, Path logDir) {
    Tools.requirePythonLibtorrent();
    Tools.requireExecutable("timeout");
    this.name = name;
    this.logDir = logDir;
  }

  /** Upload cap in KiB/s (0 = unlimited); applies to loopback peers too. */
  public LibtorrentPeer upKiBps(int kib) {
    this.upKiBps = kib;
    return this;
  }

  public LibtorrentPeer downKiBps(int kib) {
    this.downKiBps = kib;
    return this;
  }

  /** Ignore the torrent's trackers: peers only come from {@link #peer} and {@link #connectTo}. */
  public LibtorrentPeer noTracker() {
    this.noTracker = true;
    return this;
  }

  /** A peer to dial at start (and again while no peer is connected). */
  public LibtorrentPeer peer(InetSocketAddress address) {
    peers.add(address);
    return this;
  }

  /**
   * Seed whatever bytes the folder holds without checking them (libtorrent seed mode + disable_hash_checks). The test
   * corrupts the data itself, e.g. with {@link TestData#corrupt}.
   */
  public LibtorrentPeer corrupt() {
    this.corrupt = true;
    return this;
  }

  /** Peer connections over uTP (BEP 29) only: TCP off for incoming and outgoing, uTP on for both. */
  public LibtorrentPeer utpOnly() {
    this.utpOnly = true;
    return this;
  }

  /**
   * Message Stream Encryption policy: {@code enabled} (the default: both ways, plaintext preferred), {@code forced}
   * (libtorrent's pe_forced in and out with allowed_enc_level pe_rc4: only RC4-encrypted connections) or {@code
   * disabled} (pe_disabled: plaintext only, closes on an MSE key).
   */
  public LibtorrentPeer encryption(String policy) {
    if (!List.of("enabled", "forced", "disabled").contains(policy)) {
      throw new IllegalArgumentException("encryption: enabled, forced or disabled, not " + policy);
    }
    this.encryption = policy;
    return this;
  }

  /** Listen and dial from this loopback address instead of 127.0.0.1, e.g. {@code ::1} for IPv6 tests. */
  public LibtorrentPeer bind(java.net.InetAddress address) {
    this.bind = address;
    return this;
  }

  public LibtorrentPeer ttl(Duration ttl) {
    this.ttl = ttl;
    return this;
  }

  /** Seeds {@code torrent} from {@code dir} (the folder holding the torrent's name); returns once it is seeding. */
  public LibtorrentPeer seed(Path torrent, Path dir) {
    start("seed", torrent.toAbsolutePath().toString(), dir);
    awaitComplete(READY_TIMEOUT);
    return this;
  }

  /** Starts downloading {@code torrent} into {@code dir}; returns once the listening socket is up. */
  public LibtorrentPeer download(Path torrent, Path dir) {
    start("download", torrent.toAbsolutePath().toString(), dir);
    return this;
  }

  /** Starts downloading from a magnet URI (metadata via BEP 9 from the peers); returns once listening. */
  public LibtorrentPeer downloadMagnet(String magnetUri, Path dir) {
    start("download", magnetUri, dir);
    return this;
  }

  private void start(String mode, String source, Path dir) {
    if (process != null) {
      throw new IllegalStateException(name + " was already started");
    }
    List<String> cmd = new ArrayList<>(List.of(Tools.PYTHON, "-u", script(logDir).toString(), mode, source,
        dir.toAbsolutePath().toString(), "--port", Integer.toString(port),
        "--up-kbps", Integer.toString(upKiBps), "--down-kbps", Integer.toString(downKiBps),
        "--max-secs", Long.toString(ttl.toSeconds()), "--enc", encryption, "--bind", bind.getHostAddress()));
    peers.forEach(p -> cmd.addAll(List.of("--peer", hostPort(p))));
    if (noTracker) {
      cmd.add("--no-tracker");
    }
    if (corrupt) {
      cmd.add("--corrupt");
    }
    if (utpOnly) {
      cmd.add("--utp-only");
    }
    process = ManagedProcess.start(name, cmd, logDir, null, ttl.plusSeconds(10), this::onLine);
    Poll.until(READY_TIMEOUT, name + " to listen", process::logTail, () -> {
      checkAlive();
      return listening;
    });
  }

  /** Dials a peer now (stdin command to the running script). */
  public void connectTo(InetSocketAddress address) {
    requireStarted().sendLine("connect " + hostPort(address));
  }

  @Override
  public void awaitComplete(Duration timeout) {
    ManagedProcess p = requireStarted();
    Poll.until(timeout, name + " to complete", p::logTail, () -> {
      checkAlive();
      return seeding;
    });
  }

  /** True once a download finished (or a seed finished its initial check). */
  public boolean complete() {
    return seeding;
  }

  /** True once the torrent's metadata is known (at once for a .torrent, after BEP 9 for a magnet). */
  public boolean hasMetadata() {
    return metadata;
  }

  /** Progress 0..1 from the last status line. */
  public double progress() {
    return Double.parseDouble(status.getOrDefault("progress", "0"));
  }

  /** Connected peers from the last status line. */
  public int connectedPeers() {
    return Integer.parseInt(status.getOrDefault("peers", "0"));
  }

  /** Total bytes uploaded so far (last status line). */
  public long uploaded() {
    return Long.parseLong(status.getOrDefault("up", "0"));
  }

  @Override
  public InetSocketAddress listenAddress() {
    return new InetSocketAddress(bind, port);
  }

  @Override
  public String name() {
    return name;
  }

  public Path logFile() {
    return requireStarted().logFile();
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }

  private void onLine(String line) {
    String[] words = line.split(" ");
    switch (words[0]) {
      case "LISTEN" -> listening = true;
      case "METADATA" -> metadata = true;
      case "SEEDING" -> seeding = true;
      case "DONE" -> done = true;
      case "STATUS" -> {
        for (int i = 1; i < words.length; i++) {
          int eq = words[i].indexOf('=');
          if (eq > 0) {
            status.put(words[i].substring(0, eq), words[i].substring(eq + 1));
          }
        }
      }
      default -> { }
    }
  }

  /** True once the download mode printed DONE. */
  public boolean downloadDone() {
    return done;
  }

  private void checkAlive() {
    if (!process.isAlive()) {
      throw new AssertionError(name + " exited with " + process.exitCode() + "; " + process.logTail());
    }
  }

  private ManagedProcess requireStarted() {
    if (process == null) {
      throw new IllegalStateException(name + " is not started: call seed() or download() first");
    }
    return process;
  }

  static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** Copies the script out of the classpath (it may sit in the engine test-jar) into the log folder. */
  static Path script(Path logDir) {
    Path target = logDir.resolve("lt_peer.py");
    try (InputStream in = LibtorrentPeer.class.getClassLoader().getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is missing from the test classpath");
      }
      Files.createDirectories(logDir);
      Path tmp = Files.createTempFile(logDir, "lt_peer", ".py");
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + SCRIPT, e);
    }
  }
}
