package dev.reel.engine.tracker;

import dev.reel.engine.metainfo.InfoHash;
import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Debian {@code opentracker} on 127.0.0.1 (same free port for TCP and UDP), for tests. Debian builds it
 * whitelist-only and it reads the whitelist after chrooting into its {@code -d} folder, so the config names the list
 * relative to that folder. It then drops privileges to {@code nobody}: when we run as root the temp folder (created
 * 0700) must be made world-readable, or opentracker silently runs with an empty whitelist and refuses every torrent.
 *
 * <p>Use {@link #assumeInstalled()} first: skips the test when the tool is missing, fails it when {@code CI=true}.
 */
final class OpenTrackerProcess implements AutoCloseable {
  static final String TOOL = "opentracker";
  private static final long START_TIMEOUT_MS = 10_000;
  /** Port of the placeholder peer that the readiness probe announces and removes again. */
  private static final int PROBE_PORT = 9;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path dir;
  private final int port;

  private OpenTrackerProcess(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Skips (locally) or fails (CI=true) when opentracker is not on the PATH. */
  static void assumeInstalled() {
    boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(p -> !p.isEmpty() && Files.isExecutable(Path.of(p, TOOL)));
    if (!found) {
      String why = TOOL + " is not installed (apt-get install opentracker)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
  }

  /** Starts a tracker that accepts exactly these torrents; waits until it serves announces for each of them. */
  static OpenTrackerProcess start(Collection<InfoHash> whitelist) throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        return tryStart(whitelist, freeTcpAndUdpPort());
      } catch (IOException e) {
        last = e; // most likely someone took the port between probing and binding
      }
    }
    throw last;
  }

  private static OpenTrackerProcess tryStart(Collection<InfoHash> whitelist, int port)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("reel-opentracker");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("whitelist.txt"),
        whitelist.stream().map(InfoHash::hex).collect(Collectors.joining("\n", "", "\n")), StandardCharsets.US_ASCII);
    Path conf = dir.resolve("opentracker.conf");
    Files.writeString(conf, "access.whitelist whitelist.txt\n", StandardCharsets.US_ASCII);
    Path logFile = Files.createTempFile("reel-opentracker", ".log");
    Process p = new ProcessBuilder(TOOL, "-f", conf.toString(), "-i", "127.0.0.1", "-p", Integer.toString(port),
        "-P", Integer.toString(port), "-d", dir.toString(), "-u", "nobody")
        .redirectErrorStream(true)
        .redirectOutput(logFile.toFile())
        .start();
    OpenTrackerProcess t = new OpenTrackerProcess(p, dir, port);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        String out = Files.readString(logFile);
        t.close();
        throw new IOException("opentracker exited with " + p.exitValue() + ": " + out);
      }
      if (listening(port) && t.servesAll(whitelist)) {
        Files.deleteIfExists(logFile);
        return t;
      }
      Thread.sleep(20);
    }
    t.close();
    throw new IOException("opentracker did not serve its whitelist on port " + port + " within " + START_TIMEOUT_MS
        + " ms");
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private boolean servesAll(Collection<InfoHash> hashes) throws InterruptedException {
    for (InfoHash h : hashes) {
      if (!serves(h)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True once an HTTP announce for the hash is accepted. Opentracker binds its sockets and accepts connections before a
   * worker thread has read the whitelist; until then it refuses every torrent (over UDP with a bare 8-byte announce
   * reply). The probe announces a placeholder peer and removes it again with a "stopped" event, which opentracker
   * handles without looking at the whitelist.
   */
  private boolean serves(InfoHash h) throws InterruptedException {
    if (!probe(h, "")) {
      return false;
    }
    probe(h, "&event=stopped");
    return true;
  }

  private boolean probe(InfoHash h, String event) throws InterruptedException {
    StringBuilder hash = new StringBuilder();
    for (byte b : h.bytes()) {
      hash.append('%').append(String.format("%02X", b & 0xff));
    }
    URI uri = URI.create(httpAnnounce() + "?info_hash=" + hash + "&peer_id=-RT0000-startupprobe"
        + "&port=" + PROBE_PORT + "&uploaded=0&downloaded=0&left=0&numwant=0&compact=1" + event);
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
      return r.statusCode() == 200 && !r.body().contains("failure reason");
    } catch (IOException notYet) {
      return false;
    }
  }

  /** A port that is free for both TCP and UDP on 127.0.0.1 at the moment of the call. */
  private static int freeTcpAndUdpPort() throws IOException {
    for (int i = 0; i < 20; i++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
          return udp.getLocalPort();
        } catch (IOException taken) {
          // try another
        }
      }
    }
    throw new IOException("no port free for both TCP and UDP");
  }

  int port() {
    return port;
  }

  URI httpAnnounce() {
    return URI.create("http://127.0.0.1:" + port + "/announce");
  }

  URI udpAnnounce() {
    return URI.create("udp://127.0.0.1:" + port);
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
