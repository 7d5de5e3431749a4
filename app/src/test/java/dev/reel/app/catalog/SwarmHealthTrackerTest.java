package dev.reel.app.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.testkit.OpenTracker;
import dev.reel.engine.tracker.AnnounceEvent;
import dev.reel.engine.tracker.AnnounceRequest;
import dev.reel.engine.tracker.TrackerClient;
import dev.reel.engine.tracker.Trackers;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health from real scrapes: a local opentracker (skipped without it, failing when CI=true), over HTTP and UDP. */
class SwarmHealthTrackerTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  @TempDir Path dir;

  private static AnnounceRequest request(InfoHash h, int port, long left) {
    byte[] peerId = new byte[20];
    RANDOM.nextBytes(peerId);
    return new AnnounceRequest(h, peerId, port, 0, 0, left, AnnounceEvent.STARTED, 50, RANDOM.nextInt());
  }

  @Test
  void scrapesCountSeedersAndLeechers() throws Exception {
    byte[] b = new byte[20];
    RANDOM.nextBytes(b);
    InfoHash hash = InfoHash.of(b);
    try (OpenTracker tracker = new OpenTracker(dir, List.of(hash))) {
      try (TrackerClient c = Trackers.open(URI.create(tracker.announceUrl()))) {
        c.announce(request(hash, 20_001, 0)); // a seeder
        c.announce(request(hash, 20_002, 0)); // another seeder
        c.announce(request(hash, 20_003, 1000)); // a leecher
      }
      int refused;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        refused = s.getLocalPort();
      }
      try (SwarmHealth health = new SwarmHealth(SwarmHealth.Scraper.TRACKERS, Duration.ofMinutes(30),
          Duration.ofSeconds(10), InstantSource.system())) {
        List<URI> trackers = List.of(URI.create(tracker.udpAnnounceUrl()), URI.create(tracker.announceUrl()),
            URI.create("http://127.0.0.1:" + refused + "/announce"));
        SwarmHealth.Swarm swarm = health.swarm(hash, trackers).orElseThrow();
        assertThat(swarm.seeders()).isEqualTo(2);
        assertThat(swarm.peers()).isEqualTo(1);
        assertThat(swarm.health()).isEqualTo(Health.BAD); // 2 seeders are few, whatever the ratio
      }
    }
  }
}
