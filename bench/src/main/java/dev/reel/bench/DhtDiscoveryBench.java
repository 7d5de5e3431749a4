package dev.reel.bench;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.Torrent;
import dev.reel.engine.dht.DhtConfig;
import dev.reel.engine.dht.DhtNode;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Benchmark of issue 4: how long a trackerless magnet takes to find its first peer and to get its metadata (BEP 9)
 * in a loopback DHT (BEP 5) of N plain {@link DhtNode}s.
 *
 * <p>Each run builds a fresh network (so no run sees peers or nodes left dead by an earlier one): node 0 is the
 * router, nodes 1..N-1 join through it one by one, then all look themselves up again in parallel. Node i binds
 * 127.0.0.(2+i) (all of 127/8 is loopback on Linux) so that the per-IP query rate limit applies per node as on the
 * Internet, instead of throttling the whole network as one IP. A seeding {@link Engine} (bound to 127.0.0.1) joins
 * through node 0 and announces on its own; once a node stores its address, the clock starts: a fresh downloading
 * Engine is started, bootstrapped from ONE node picked at random (seeded), and given the bare magnet
 * {@code magnet:?xt=urn:btih:<hash>}. Reported per run: t(first peer) = first {@code PeerConnected}, t(metadata) =
 * {@code MetadataReceived}, t(complete) = {@code TorrentCompleted} (a small payload), all from just before
 * {@code Engine.start}. The engine's DHT and ticker start cold every run, as for a user who pastes a magnet into a
 * fresh Reel (its state dir is new: no saved routing table).
 *
 * <p>Usage: {@code DhtDiscoveryBench [--sizes 8,32,128] [--runs 5] [--seed 1] [--payload-mib 4] [--dir DIR]
 * [--same-ip] [--patience SECONDS]}. A run that does not complete within the patience is reported as FAILED with
 * a diagnosis: how many nodes store the seed, what a fresh plain node's lookup through the same bootstrap node finds. Prints one {@code RESULT} line per run and a {@code SUMMARY} line per size (median, min, max).
 */
public final class DhtDiscoveryBench {
  /** How long a run may take to complete, and how long the seed's announce may take; --patience SECONDS. */
  private static Duration patience = Duration.ofSeconds(90);
  private static final int PIECE = 256 * 1024;

  private DhtDiscoveryBench() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = {8, 32, 128};
    int runs = 5;
    long seed = 1;
    int payloadMib = 4;
    boolean sameIp = false;
    Path dir = Files.createTempDirectory("reel-bench-dht");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--payload-mib" -> payloadMib = Integer.parseInt(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--same-ip" -> sameIp = true;
        case "--patience" -> patience = Duration.ofSeconds(Long.parseLong(args[++i]));
        default -> throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    Files.createDirectories(dir);
    Path content = dir.resolve("content");
    Metainfo meta = payload(content, payloadMib, seed);
    System.out.printf(Locale.ROOT, "# info-hash %s, %d MiB, %d pieces of %d KiB, metadata %d bytes%n",
        meta.infoHash().hex(), payloadMib, meta.pieceCount(), PIECE / 1024, meta.infoSize());
    Random rng = new Random(seed);
    for (int n : sizes) {
      List<double[]> results = new ArrayList<>();
      for (int r = 1; r <= runs; r++) {
        double[] res = run(n, r, dir.resolve("n" + n + "-r" + r), content, meta, rng, sameIp);
        if (res != null) {
          results.add(res);
        }
      }
      summary(n, runs, results);
    }
  }

  private static Metainfo payload(Path content, int mib, long seed) throws Exception {
    Path file = content.resolve("dht-bench.bin");
    Files.createDirectories(content);
    byte[] b = new byte[mib * 1024 * 1024];
    new Random(seed).nextBytes(b);
    Files.write(file, b);
    return Metainfo.parse(TorrentCreator.forPath(file).pieceLength(PIECE).build());
  }

  /** One run; returns {build s, announce s, first peer s, metadata s, complete s}, or null on failure. */
  private static double[] run(int n, int r, Path dir, Path content, Metainfo meta, Random rng, boolean sameIp)
      throws Exception {
    List<DhtNode> nodes = new ArrayList<>();
    List<InetSocketAddress> addresses = new ArrayList<>();
    Engine seeder = null;
    Engine leech = null;
    Torrent[] torrent = new Torrent[1];
    long[] marks = new long[4]; // t0, first peer, metadata, complete
    int[] picked = {-1};
    try {
      long b0 = System.nanoTime();
      network(n, nodes, addresses, sameIp);
      double build = secs(System.nanoTime() - b0);

      InetSocketAddress router = addresses.get(0);
      seeder = Engine.start(config(dir.resolve("seed"), content, List.of(router), e -> {}));
      seeder.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(60, TimeUnit.SECONDS);
      long a0 = System.nanoTime();
      InetSocketAddress seedAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), seeder.listenPort());
      await(() -> nodes.stream().anyMatch(x -> x.storedPeers(meta.infoHash()).contains(seedAddress)));
      double announce = secs(System.nanoTime() - a0);

      int pick = rng.nextInt(n);
      picked[0] = pick;
      InetSocketAddress via = addresses.get(pick);
      AtomicLong firstPeer = new AtomicLong();
      AtomicLong metadata = new AtomicLong();
      AtomicLong complete = new AtomicLong();
      long t0 = System.nanoTime();
      marks[0] = t0;
      leech = Engine.start(config(dir.resolve("leech"), dir.resolve("leech/data"), List.of(via), e -> {
        long now = System.nanoTime();
        if (e instanceof EngineEvent.PeerConnected) {
          firstPeer.compareAndSet(0, now);
        } else if (e instanceof EngineEvent.MetadataReceived) {
          metadata.compareAndSet(0, now);
        } else if (e instanceof EngineEvent.TorrentCompleted) {
          complete.compareAndSet(0, now);
        }
      }));
      Torrent t = leech.add(Magnet.parse("magnet:?xt=urn:btih:" + meta.infoHash().hex()), AddOptions.DEFAULT);
      torrent[0] = t;
      marks[1] = -1;
      Thread.ofVirtual().start(() -> { // copies the marks for a failure report
        while (complete.get() == 0 && marks[1] == -1) {
          marks[2] = firstPeer.get() == 0 ? 0 : firstPeer.get() - t0;
          marks[3] = metadata.get() == 0 ? 0 : metadata.get() - t0;
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      CompletableFuture<Void> done = t.completion();
      done.get(patience.toSeconds(), TimeUnit.SECONDS);
      await(() -> complete.get() != 0);
      String sources = t.peers().stream().map(p -> p.source()).distinct().sorted().toList().toString();
      double[] res = {build, announce, secs(firstPeer.get() - t0), secs(metadata.get() - t0),
          secs(complete.get() - t0)};
      System.out.printf(Locale.ROOT, "RESULT nodes=%d run=%d bootstrap_node=%d build_s=%.2f seed_announce_s=%.3f "
              + "first_peer_s=%.3f metadata_s=%.3f complete_s=%.3f peer_sources=%s%n",
          n, r, pick, res[0], res[1], res[2], res[3], res[4], sources.replace(" ", ""));
      return res;
    } catch (Exception e) {
      marks[1] = 0;
      String leechSide = torrent[0] == null ? "" : String.format(Locale.ROOT,
          "bootstrap_node=%d first_peer_s=%s metadata_s=%s state=%s peers=%s; ", picked[0],
          marks[2] == 0 ? "none" : String.format(Locale.ROOT, "%.3f", secs(marks[2])),
          marks[3] == 0 ? "none" : String.format(Locale.ROOT, "%.3f", secs(marks[3])),
          torrent[0].status().state(), torrent[0].peers().size());
      System.out.printf(Locale.ROOT, "RESULT nodes=%d run=%d FAILED %s; %s%s%n", n, r, e, leechSide,
          diagnose(nodes, addresses, meta, seeder));
      return null;
    } finally {
      if (leech != null) {
        leech.close();
      }
      if (seeder != null) {
        seeder.close();
      }
      nodes.forEach(DhtNode::close);
    }
  }

  /** Which nodes store the seed, and whether a fresh plain node's lookup through each of a few nodes finds it. */
  private static String diagnose(List<DhtNode> nodes, List<InetSocketAddress> addresses, Metainfo meta,
      Engine seeder) {
    if (seeder == null || nodes.isEmpty()) {
      return "no network";
    }
    InetSocketAddress seedAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), seeder.listenPort());
    List<Integer> storing = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).storedPeers(meta.infoHash()).contains(seedAddress)) {
        storing.add(i);
      }
    }
    // Rank of each node by XOR distance to the info-hash (0 = closest): a lookup should end at ranks 0..7.
    List<Integer> byDistance = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      byDistance.add(i);
    }
    java.util.Comparator<dev.reel.engine.dht.NodeId> d = dev.reel.engine.dht.NodeId.byDistanceTo(
        dev.reel.engine.dht.NodeId.of(meta.infoHash()));
    byDistance.sort((a, b) -> d.compare(nodes.get(a).id(), nodes.get(b).id()));
    List<Integer> ranks = storing.stream().map(byDistance::indexOf).sorted().toList();
    StringBuilder sb = new StringBuilder("nodes storing the seed: " + storing + " (distance ranks " + ranks
        + "); fresh lookups via node:");
    for (int i = 0; i < Math.min(4, nodes.size()); i++) {
      int via = i * nodes.size() / 4;
      try (DhtNode probe = DhtNode.start(DhtConfig.loopback().withBindAddress(
          InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) (1 + i)})))) {
        probe.bootstrap(List.of(addresses.get(via))).get(30, TimeUnit.SECONDS);
        List<InetSocketAddress> found = probe.getPeers(meta.infoHash(), p -> {}).get(30, TimeUnit.SECONDS);
        sb.append(' ').append(via).append(found.contains(seedAddress) ? "=found" : "=NOT-found");
      } catch (Exception e) {
        sb.append(' ').append(via).append("=error:").append(e);
      }
    }
    return sb.toString();
  }

  private static EngineConfig config(Path dir, Path data, List<InetSocketAddress> bootstrap,
      dev.reel.engine.EngineListener listener) {
    return EngineConfig.defaults(data)
        .withStateDir(dir.resolve("state"))
        .withListenPort(0)
        .withBindAddress(InetAddress.getLoopbackAddress())
        .withListener(listener)
        .withDht(EngineConfig.Dht.local(bootstrap));
  }

  /** Node 0 is the router; the others join through it in turn, then all refresh (look themselves up) at once. */
  private static void network(int n, List<DhtNode> into, List<InetSocketAddress> addresses, boolean sameIp)
      throws Exception {
    for (int i = 0; i < n; i++) {
      InetAddress ip = sameIp ? InetAddress.getLoopbackAddress()
          : InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)});
      DhtNode node = DhtNode.start(DhtConfig.loopback().withBindAddress(ip));
      into.add(node);
      addresses.add(new InetSocketAddress(ip, node.port()));
      if (i > 0) {
        node.bootstrap(List.of(addresses.get(0))).get(60, TimeUnit.SECONDS);
      }
    }
    CompletableFuture.allOf(into.stream().map(x -> x.bootstrap(List.of())).toArray(CompletableFuture[]::new))
        .get(120, TimeUnit.SECONDS);
  }

  private static void summary(int n, int runs, List<double[]> results) {
    String[] names = {"seed_announce_s", "first_peer_s", "metadata_s", "complete_s"};
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "SUMMARY nodes=%d ok=%d/%d", n, results.size(),
        runs));
    for (int k = 0; k < names.length; k++) {
      int col = k + 1;
      double[] v = results.stream().mapToDouble(x -> x[col]).sorted().toArray();
      if (v.length == 0) {
        continue;
      }
      double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
      sb.append(String.format(Locale.ROOT, " %s=%.3f[%.3f..%.3f]", names[k], median, v[0], v[v.length - 1]));
    }
    System.out.println(sb);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("timed out after " + patience);
      }
      Thread.sleep(5);
    }
  }

  private static double secs(long nanos) {
    return nanos / 1e9;
  }
}
