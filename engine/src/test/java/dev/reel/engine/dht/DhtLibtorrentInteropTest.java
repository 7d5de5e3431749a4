package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A libtorrent DHT node (python3-libtorrent, {@code lt_dht.py}) joins a loopback DHT of our nodes. libtorrent accepts
 * loopback nodes once {@code dht_restrict_routing_ips} and {@code dht_restrict_search_ips} are off (several nodes
 * share 127.0.0.1). Skipped without python3-libtorrent unless CI=true.
 */
class DhtLibtorrentInteropTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @TempDir Path dir;
  private final List<DhtNode> nodes = new ArrayList<>();
  private Process lt;
  private OutputStream ltIn;
  private final BlockingQueue<String> ltOut = new LinkedBlockingQueue<>();
  private int ltPort;

  @BeforeEach
  void start() throws Exception {
    requireLibtorrent();
    Path script = dir.resolve("lt_dht.py");
    try (InputStream in = getClass().getResourceAsStream("lt_dht.py")) {
      Files.write(script, in.readAllBytes());
    }
    lt = new ProcessBuilder(PYTHON, script.toString()).redirectError(dir.resolve("lt_dht.err").toFile()).start();
    ltIn = lt.getOutputStream();
    BufferedReader r = new BufferedReader(new InputStreamReader(lt.getInputStream(), StandardCharsets.US_ASCII));
    Thread.ofVirtual().start(() -> {
      try {
        for (String line; (line = r.readLine()) != null; ) {
          ltOut.add(line);
        }
      } catch (java.io.IOException e) {
        // process ended
      }
    });
    String ready = ltOut.poll(60, TimeUnit.SECONDS);
    assertThat(ready).as("libtorrent started").startsWith("ready ");
    ltPort = Integer.parseInt(ready.substring(6).trim());

    // Eight of our nodes: node 0 knows libtorrent, the others bootstrap from node 0.
    for (int i = 0; i < 8; i++) {
      DhtNode n = DhtNode.start(DhtConfig.loopback());
      nodes.add(n);
      List<InetSocketAddress> seeds = i == 0 ? List.of(new InetSocketAddress(LOOPBACK, ltPort)) : List.of(addr(nodes.get(0)));
      n.bootstrap(seeds).get(30, TimeUnit.SECONDS);
    }
    for (DhtNode n : nodes) {
      n.bootstrap(List.of()).get(30, TimeUnit.SECONDS);
    }
    lt("node " + nodes.get(0).port());
  }

  @AfterEach
  void stop() throws Exception {
    nodes.forEach(DhtNode::close);
    if (lt != null) {
      ltIn.close();
      if (!lt.waitFor(10, TimeUnit.SECONDS)) {
        lt.destroyForcibly();
      }
    }
  }

  private static InetSocketAddress addr(DhtNode n) {
    return new InetSocketAddress(LOOPBACK, n.port());
  }

  private void lt(String command) {
    try {
      ltIn.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
      ltIn.flush();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void ourNodeFindsAPeerAnnouncedByLibtorrent() throws Exception {
    InfoHash hash = InfoHash.fromHex("1111111111111111111111111111111111111111");
    lt("torrent " + hash.hex()); // libtorrent announces it with implied_port: its listen port
    InetSocketAddress expected = new InetSocketAddress(LOOPBACK, ltPort);
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    List<InetSocketAddress> found = List.of();
    while (!found.contains(expected) && System.nanoTime() < deadline) {
      found = nodes.get(5).getPeers(hash, p -> {}).get(30, TimeUnit.SECONDS);
      if (!found.contains(expected)) {
        Thread.sleep(250); // polling: libtorrent announces on its own schedule
      }
    }
    assertThat(found).contains(expected);
    // libtorrent's announce_peer (implied_port, its token) was accepted and stored by our nodes.
    while (nodes.stream().noneMatch(n -> n.storedPeers(hash).contains(expected)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(nodes).anySatisfy(n -> assertThat(n.storedPeers(hash)).contains(expected));
  }

  @Test
  void libtorrentFindsAPeerAnnouncedByOurNode() throws Exception {
    InfoHash hash = InfoHash.fromHex("2222222222222222222222222222222222222222");
    assertThat(nodes.get(3).announce(hash, 7777).get(30, TimeUnit.SECONDS)).isPositive();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    boolean found = false;
    while (!found && System.nanoTime() < deadline) {
      lt("get_peers " + hash.hex());
      String line = ltOut.poll(30, TimeUnit.SECONDS);
      found = line != null && line.startsWith("peers ") && List.of(line.split(" ")).contains("127.0.0.1:7777");
    }
    assertThat(found).as("libtorrent's get_peers returned 127.0.0.1:7777").isTrue();
  }

  private static void requireLibtorrent() throws Exception {
    boolean available = false;
    if (Files.isExecutable(Path.of(PYTHON))) {
      Process p = new ProcessBuilder(PYTHON, "-c", "import libtorrent").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      available = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
    if (!available && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("python3-libtorrent is required when CI=true");
    }
    Assumptions.assumeTrue(available, "python3-libtorrent not installed; skipping the libtorrent DHT interop test");
  }
}
