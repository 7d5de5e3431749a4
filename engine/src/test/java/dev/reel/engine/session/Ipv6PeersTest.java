package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.PeerInfo;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.testkit.Tools;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers over IPv6 on the loopback {@code ::1}: a download from a seed given as {@code [::1]:port}, and a seed learned
 * through PEX {@code added6} (BEP 11). Skipped locally (failed with {@code CI=true}) on a host without {@code ::1}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Ipv6PeersTest {
  static final InetAddress V6_LOOPBACK = v6Loopback();
  @TempDir Path tmp;

  private static InetAddress v6Loopback() {
    try {
      return InetAddress.getByName("::1");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Skips (fails in CI) when this host cannot bind {@code ::1}. */
  static void requireIpv6Loopback() {
    try (ServerSocket s = new ServerSocket(0, 1, V6_LOOPBACK)) {
      assertThat(s.getInetAddress()).isInstanceOf(Inet6Address.class);
    } catch (IOException e) {
      Tools.missing("this host has no IPv6 loopback ::1: " + e.getMessage());
    }
  }

  @BeforeEach
  void needIpv6() {
    requireIpv6Loopback();
  }

  private Engine v6Engine(String name) throws IOException {
    return Engine.start(Loopback.config(tmp.resolve(name), null).withBindAddress(V6_LOOPBACK));
  }

  private static InetSocketAddress v6Address(Engine e) {
    return new InetSocketAddress(V6_LOOPBACK, e.listenPort());
  }

  @Test
  void downloadsFromASeedGivenAsAnIpv6Peer() throws Exception {
    try (Engine seed = v6Engine("seed"); Engine leech = Loopback.engine(tmp.resolve("leech"), null)) {
      Metainfo meta = Loopback.multiFile(tmp.resolve("seed/data"), "six", 6, 32 * 1024, 1_000_003, 77_777);
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);

      Torrent l = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(v6Address(seed))));
      Loopback.await("connected to [::1]", Duration.ofSeconds(30),
          () -> l.peers().stream().anyMatch(p -> p.address().equals(v6Address(seed))) || l.status().progress() == 1);
      l.completion().get(60, TimeUnit.SECONDS);
      Loopback.assertSameTree(tmp.resolve("seed/data/six"), tmp.resolve("leech/data/six"));
    }
  }

  /** A learns of the seed at {@code [::1]} and passes it on to B in a PEX {@code added6} list. */
  @Test
  void anIpv6SeedIsLearnedThroughPex() throws Exception {
    try (Engine seed = v6Engine("seed"); Engine a = v6Engine("a"); Engine b = v6Engine("b")) {
      Metainfo meta = Loopback.multiFile(tmp.resolve("seed/data"), "pack", 9, 32 * 1024, 400_000, 300_000);
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      // A downloads slowly, so it is still connected to the seed when B arrives (seeds drop seeds).
      Torrent ta = a.add(meta, AddOptions.DEFAULT.withPeers(List.of(v6Address(seed))).withRateLimits(100_000, 0));
      Loopback.await("a connected to the seed", Duration.ofSeconds(10), () -> !ta.peers().isEmpty());

      Torrent tb = b.add(meta, AddOptions.DEFAULT.withPeers(List.of(v6Address(a))));
      Loopback.await("b connected to the seed via pex", Duration.ofSeconds(30), () -> tb.peers().size() == 2);
      assertThat(tb.peers()).extracting(PeerInfo::address).allMatch(p -> p.getAddress() instanceof Inet6Address);
      tb.completion().get(30, TimeUnit.SECONDS);
      Loopback.assertSameTree(tmp.resolve("seed/data/pack"), tmp.resolve("b/data/pack"));
    }
  }

  /** The BEP 10 {@code ipv6} key advertises the listener's own IPv6 address, and nothing for an IPv4 listener. */
  @Test
  void advertisesTheListenersOwnIpv6Address() {
    assertThat(SessionEngine.findOwnIpv6(V6_LOOPBACK)).contains((Inet6Address) V6_LOOPBACK);
    assertThat(SessionEngine.findOwnIpv6(Loopback.LOCALHOST)).isEqualTo(Optional.empty());
  }
}
