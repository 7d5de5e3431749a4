package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Test helpers: engines on loopback with ephemeral ports, random multi-file content, polling. */
final class Loopback {
  private Loopback() {}

  static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();

  /** An engine rooted at {@code dir} (downloads in dir/data, state in dir/state), recording its events. */
  static Engine engine(Path dir, List<EngineEvent> events) throws IOException {
    return engine(dir, events, 0, 0);
  }

  static Engine engine(Path dir, List<EngineEvent> events, long down, long up) throws IOException {
    return Engine.start(config(dir, events).withRateLimits(down, up));
  }

  /** An engine whose DHT joins a loopback DHT through {@code bootstrap} (BEP 5 tests). */
  static Engine dhtEngine(Path dir, List<EngineEvent> events, List<InetSocketAddress> bootstrap) throws IOException {
    return Engine.start(config(dir, events).withDht(EngineConfig.Dht.local(bootstrap)));
  }

  /** Loopback, ephemeral port, 5 s request timeout, no DHT (tests must not reach the public routers). */
  static EngineConfig config(Path dir, List<EngineEvent> events) {
    return EngineConfig.defaults(dir.resolve("data"))
        .withStateDir(dir.resolve("state"))
        .withListenPort(0)
        .withBindAddress(LOCALHOST)
        .withRequestTimeout(Duration.ofSeconds(5))
        .withListener(events == null ? e -> {} : events::add)
        .withDht(EngineConfig.Dht.OFF);
  }

  static List<EngineEvent> events() {
    return new CopyOnWriteArrayList<>();
  }

  static InetSocketAddress address(Engine e) {
    return new InetSocketAddress(LOCALHOST, e.listenPort());
  }

  /** Writes files of the given sizes under root/name with seeded random content; returns the torrent. */
  static Metainfo multiFile(Path root, String name, long seed, int pieceLength, long... sizes) throws Exception {
    Path dir = root.resolve(name);
    Files.createDirectories(dir.resolve("sub"));
    Random r = new Random(seed);
    for (int i = 0; i < sizes.length; i++) {
      byte[] b = new byte[(int) sizes[i]];
      r.nextBytes(b);
      Path f = i % 2 == 0 ? dir.resolve("file" + i + ".bin") : dir.resolve("sub").resolve("file" + i + ".bin");
      Files.write(f, b);
    }
    return Metainfo.parse(TorrentCreator.forPath(dir).pieceLength(pieceLength).build());
  }

  static void assertSameTree(Path expected, Path actual) throws IOException {
    assertSameTree(expected, actual, true);
  }

  /** Every file under expected has the same bytes under actual; zero-length files only checked if asked. */
  static void assertSameTree(Path expected, Path actual, boolean emptyFilesToo) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(expected)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      Path other = actual.resolve(expected.relativize(f).toString());
      if (!emptyFilesToo && Files.size(f) == 0) {
        continue;
      }
      assertThat(other).exists();
      assertThat(Files.mismatch(f, other)).as("content of %s", other).isEqualTo(-1L);
    }
  }

  /** Polls until the condition holds; fails after the timeout. */
  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
