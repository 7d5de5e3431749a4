package dev.reel.engine.testkit;

import dev.reel.engine.bencode.BDecoder;
import dev.reel.engine.bencode.BDict;
import dev.reel.engine.bencode.BValue;
import dev.reel.engine.bencode.BencodeException;
import dev.reel.engine.metainfo.InfoHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Debian's opentracker on 127.0.0.1, HTTP and UDP on one free port. Debian builds it whitelist-only, so it serves
 * only the info-hashes given to the constructor or to {@link #allow}; it reloads the whitelist on SIGHUP.
 *
 * <p>Pitfalls handled here: opentracker chroots into its {@code -d} folder and drops to {@code -u nobody} before it
 * reads the whitelist, so the whitelist path is relative to that folder and the folder must be world-readable. It
 * hands every client its own address back in the peer list, and its announce interval is ~30 min (clients re-announce
 * on their own timers, not the tracker's). Not thread-safe.
 */
public final class OpenTracker implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final String WHITELIST = "whitelist.txt";
  private static final int PROBE_PORT = 9;

  private final Path dir;
  private final int port;
  private final Set<InfoHash> allowed = new LinkedHashSet<>();
  private final ManagedProcess process;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Starts the tracker with the given whitelist and waits until it serves announces for them. */
  public OpenTracker(Path logDir, Collection<InfoHash> whitelist) {
    this(logDir, whitelist, ManagedProcess.DEFAULT_TTL);
  }

  public OpenTracker(Path logDir, Collection<InfoHash> whitelist, Duration ttl) {
    Tools.requireOpenTracker();
    this.dir = logDir.resolve("opentracker-root");
    this.port = Ports.freeTcpAndUdpPort();
    this.allowed.addAll(whitelist);
    try {
      Files.createDirectories(dir);
      // read after chroot + setuid(nobody): the folder and files must be readable by others
      dir.toFile().setReadable(true, false);
      dir.toFile().setExecutable(true, false);
      writeWhitelist();
      Files.writeString(dir.resolve("opentracker.conf"), "access.whitelist " + WHITELIST + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
    this.process = ManagedProcess.start("opentracker", List.of("opentracker",
        "-f", dir.resolve("opentracker.conf").toString(),
        "-i", "127.0.0.1", "-p", Integer.toString(port), "-P", Integer.toString(port),
        "-d", dir.toString(), "-u", "nobody"), logDir, dir, ttl, null);
    try {
      for (InfoHash h : allowed) {
        awaitServing(h);
      }
      if (allowed.isEmpty()) {
        Poll.until(START_TIMEOUT, "opentracker to listen on " + port, process::logTail, () -> Ports.listening(port));
      }
    } catch (RuntimeException | Error e) {
      process.close();
      throw e;
    }
  }

  /** Adds an info-hash to the whitelist (rewrite + SIGHUP) and waits until the tracker serves it. */
  public void allow(InfoHash infoHash) {
    if (allowed.add(infoHash)) {
      writeWhitelist();
      process.signal("HUP");
      awaitServing(infoHash);
    }
  }

  public String announceUrl() {
    return "http://127.0.0.1:" + port + "/announce";
  }

  public String udpAnnounceUrl() {
    return "udp://127.0.0.1:" + port + "/announce";
  }

  public int port() {
    return port;
  }

  public Path logFile() {
    return process.logFile();
  }

  /** Swarm counts from a scrape (BEP 48): seeders, completed downloads, leechers. */
  public record Scrape(int complete, int downloaded, int incomplete) {
    public int peers() {
      return complete + incomplete;
    }
  }

  /** Scrapes one info-hash over HTTP; zeros if the tracker does not know it. */
  public Scrape scrape(InfoHash h) {
    URI uri = URI.create("http://127.0.0.1:" + port + "/scrape?info_hash=" + percentEncode(h.bytes()));
    try {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("scrape " + uri + " answered HTTP " + r.statusCode());
      }
      BDict files = ((BDict) BDecoder.decode(r.body())).dict("files").orElseThrow();
      BValue entry = files.entries().get(new String(h.bytes(), StandardCharsets.ISO_8859_1));
      if (!(entry instanceof BDict d)) {
        return new Scrape(0, 0, 0);
      }
      return new Scrape(d.integer("complete").orElse(0L).intValue(), d.integer("downloaded").orElse(0L).intValue(),
          d.integer("incomplete").orElse(0L).intValue());
    } catch (IOException | BencodeException | ClassCastException e) {
      throw new IllegalStateException("scrape " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Waits until the tracker lists at least {@code peers} peers (seeders + leechers) for the hash, e.g. to make sure a
   * Transmission downloader announced before starting a seed that should learn of it and dial it.
   */
  public void awaitPeers(InfoHash h, int peers, Duration timeout) {
    Poll.until(timeout, peers + " peer(s) announced for " + h, () -> "last scrape " + scrape(h),
        () -> scrape(h).peers() >= peers);
  }

  /**
   * True if an HTTP announce for the hash is accepted. The probe announces a placeholder peer (127.0.0.1:9) and
   * removes it again at once with a "stopped" event (opentracker checks the whitelist only for non-stopped events).
   */
  public boolean serves(InfoHash h) {
    boolean accepted = probe(h, "");
    if (accepted) {
      probe(h, "&event=stopped");
    }
    return accepted;
  }

  private boolean probe(InfoHash h, String event) {
    URI uri = URI.create(announceUrl() + "?info_hash=" + percentEncode(h.bytes()) + "&peer_id=-RT0000-testkitprobe"
        + "&port=" + PROBE_PORT + "&uploaded=0&downloaded=0&left=0&numwant=0&compact=1" + event);
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
      return r.statusCode() == 200 && !r.body().contains("failure reason");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void awaitServing(InfoHash h) {
    Poll.until(START_TIMEOUT, "opentracker to accept info-hash " + h, process::logTail, () -> serves(h));
  }

  private void writeWhitelist() {
    try {
      Path wl = dir.resolve(WHITELIST);
      Files.writeString(wl, allowed.stream().map(InfoHash::hex).collect(Collectors.joining("\n", "", "\n")));
      wl.toFile().setReadable(true, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the whitelist", e);
    }
  }

  static String percentEncode(byte[] bytes) {
    StringBuilder b = new StringBuilder();
    for (byte x : bytes) {
      b.append('%').append(String.format("%02X", x & 0xff));
    }
    return b.toString();
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "opentracker " + announceUrl();
  }
}
