package dev.reel.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class AnnouncerTest {
  private static final InfoHash HASH = InfoHash.fromHex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  private static final byte[] PEER_ID = "-RL0001-abcdefghijkl".getBytes(StandardCharsets.US_ASCII);
  private static final Announcer.Timing FAST = new Announcer.Timing(Duration.ofMillis(50), Duration.ofHours(1),
      Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(2), 2);

  /** An in-memory tracker: records events, answers with a fixed interval and peers, or fails when dead. */
  static final class FakeClient implements TrackerClient {
    final List<AnnounceEvent> events = new CopyOnWriteArrayList<>();
    volatile boolean dead;
    volatile Duration interval = Duration.ofHours(1);
    volatile List<InetSocketAddress> peers = List.of();
    volatile boolean closed;

    @Override
    public AnnounceResponse announce(AnnounceRequest r) throws TrackerException {
      events.add(r.event());
      if (dead) {
        throw new TrackerException("connection refused (fake)");
      }
      return new AnnounceResponse(interval, Optional.empty(), peers, OptionalInt.of(1), OptionalInt.of(2),
          Optional.empty(), Optional.empty());
    }

    @Override
    public Map<InfoHash, ScrapeResult> scrape(List<InfoHash> hashes) {
      return Map.of();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final Map<String, FakeClient> fakes = new ConcurrentHashMap<>();
  private final List<List<InetSocketAddress>> delivered = new CopyOnWriteArrayList<>();

  private FakeClient fake(String url) {
    return fakes.computeIfAbsent(url, u -> new FakeClient());
  }

  private Announcer announcer(List<List<String>> tiers) {
    return new Announcer(HASH, tiers, PEER_ID, 6881, () -> new TransferStats(1, 2, 3), delivered::add, FAST,
        url -> {
          if (!url.getScheme().equals("fake")) {
            return Trackers.open(url);
          }
          return fake(url.toString());
        });
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void deadTrackerInATierFailsOverAndTheWorkingOneMovesToTheFront() throws Exception {
    fake("fake://a").dead = true;
    fake("fake://b").interval = Duration.ZERO; // clamped to 50 ms: several rounds
    try (Announcer a = announcer(List.of(List.of("fake://a", "fake://b")))) {
      a.start();
      await("b announced three times", () -> fake("fake://b").events.size() >= 3);
      assertThat(a.status().getFirst().url()).isEqualTo("fake://b");
      assertThat(a.status().getFirst().lastAnnounce()).isPresent();
      // Whatever the shuffle, once b answered, a is never tried again.
      assertThat(fake("fake://a").events.size()).isLessThanOrEqualTo(1);
      assertThat(fake("fake://b").events).startsWith(AnnounceEvent.STARTED, AnnounceEvent.NONE, AnnounceEvent.NONE);
    }
  }

  @Test
  void deadFirstTierFailsOverToTheNextTier() throws Exception {
    fake("fake://a").dead = true;
    try (Announcer a = announcer(List.of(List.of("fake://a"), List.of("fake://b")))) {
      a.start();
      await("b got started", () -> fake("fake://b").events.contains(AnnounceEvent.STARTED));
      await("status reflects both", () -> a.status().get(1).lastAnnounce().isPresent());
      List<TrackerStatus> s = a.status();
      assertThat(s.get(0).url()).isEqualTo("fake://a");
      assertThat(s.get(0).tier()).isZero();
      assertThat(s.get(0).lastError()).contains("connection refused (fake)");
      assertThat(s.get(1).tier()).isEqualTo(1);
      assertThat(s.get(1).lastError()).isEmpty();
      assertThat(s.get(1).seeders()).hasValue(1);
      assertThat(s.get(1).leechers()).hasValue(2);
    }
    // Only the tracker that saw "started" is told "stopped".
    assertThat(fake("fake://a").events).doesNotContain(AnnounceEvent.STOPPED);
    assertThat(fake("fake://b").events).containsExactly(AnnounceEvent.STARTED, AnnounceEvent.STOPPED);
    assertThat(fake("fake://a").closed).isTrue();
    assertThat(fake("fake://b").closed).isTrue();
  }

  @Test
  void reannouncesOnTheInterval() throws Exception {
    fake("fake://a").interval = Duration.ofMillis(80);
    try (Announcer a = announcer(List.of(List.of("fake://a")))) {
      a.start();
      await("four announces", () -> fake("fake://a").events.size() >= 4);
    }
    List<AnnounceEvent> ev = fake("fake://a").events;
    assertThat(ev.getFirst()).isEqualTo(AnnounceEvent.STARTED);
    assertThat(ev.subList(1, ev.size() - 1)).containsOnly(AnnounceEvent.NONE);
    assertThat(ev.getLast()).isEqualTo(AnnounceEvent.STOPPED);
  }

  @Test
  void failedRoundsAreRetriedWithBackoff() throws Exception {
    fake("fake://a").dead = true;
    try (Announcer a = announcer(List.of(List.of("fake://a")))) {
      a.start();
      await("three attempts", () -> fake("fake://a").events.size() >= 3);
      fake("fake://a").dead = false;
      await("recovered", () -> a.status().getFirst().lastAnnounce().isPresent());
      assertThat(a.status().getFirst().lastError()).isEmpty();
    }
    // "started" is repeated until a tracker acknowledges it.
    assertThat(fake("fake://a").events).startsWith(AnnounceEvent.STARTED, AnnounceEvent.STARTED,
        AnnounceEvent.STARTED);
  }

  @Test
  void announceNowWakesTheLoop() throws Exception {
    try (Announcer a = announcer(List.of(List.of("fake://a")))) {
      a.start();
      await("started", () -> fake("fake://a").events.size() == 1);
      a.announceNow();
      await("second announce", () -> fake("fake://a").events.size() == 2);
      assertThat(fake("fake://a").events.get(1)).isEqualTo(AnnounceEvent.NONE);
    }
  }

  @Test
  void peersAreDeliveredWithoutDuplicatesOrPortZero() throws Exception {
    var p1 = new InetSocketAddress(ip("10.0.0.1"), 6881);
    var p2 = new InetSocketAddress(ip("10.0.0.2"), 6881);
    fake("fake://a").peers = List.of(p1, p2, p1, new InetSocketAddress(ip("10.0.0.3"), 0));
    try (Announcer a = announcer(List.of(List.of("fake://a")))) {
      a.start();
      await("peers delivered", () -> !delivered.isEmpty());
      assertThat(delivered.getFirst()).containsExactly(p1, p2);
      assertThat(a.status().getFirst().peers()).isEqualTo(2);
    }
  }

  @Test
  void unsupportedSchemeIsReportedAndSkipped() throws Exception {
    try (Announcer a = announcer(List.of(List.of("wss://tracker.example/announce"), List.of("fake://b")))) {
      a.start();
      await("b used", () -> !fake("fake://b").events.isEmpty());
      assertThat(a.status().getFirst().lastError()).hasValueSatisfying(e -> assertThat(e).contains("wss"));
    }
  }

  @Test
  void addTrackerAppendsATierAndIgnoresDuplicates() {
    try (Announcer a = announcer(List.of(List.of("fake://a", "fake://a"), List.of(" ")))) {
      a.addTracker("fake://b");
      a.addTracker("fake://a");
      assertThat(a.status()).extracting(TrackerStatus::url, TrackerStatus::tier)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("fake://a", 0),
              org.assertj.core.groups.Tuple.tuple("fake://b", 1));
    }
  }

  @Test
  void closeWithoutStartSendsNothing() {
    Announcer a = announcer(List.of(List.of("fake://a")));
    a.close();
    a.close();
    assertThat(fakes).isEmpty();
  }

  @Test
  void startedCompletedStoppedReachARealUdpTracker() throws Exception {
    try (FakeUdpTracker udp = FakeUdpTracker.onLoopback()) {
      URI url = udp.uri();
      Announcer a = new Announcer(HASH, List.of(List.of(url.toString())), PEER_ID, 6881,
          () -> new TransferStats(0, 0, 0), delivered::add, FAST,
          u -> Trackers.open(u, new UdpTrackerClient.Config(Duration.ofMillis(200), 2, System::nanoTime)));
      try (a) {
        a.start();
        await("started", () -> announceEvents(udp).size() == 1);
        a.completed();
        a.completed(); // only once
        await("completed", () -> announceEvents(udp).size() == 2);
      }
      assertThat(announceEvents(udp)).containsExactly(2, 1, 3); // started, completed, stopped (BEP 15 codes)
      assertThat(a.status().getFirst().lastAnnounce()).isPresent();
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "1,    0.5, PT15S",
      "2,    0.5, PT30S",
      "3,    0.5, PT1M",
      "8,    0.5, PT30M",
      "1000, 0.5, PT30M",
      "1,    0.0, PT12S",
      "1,    0.75, PT16.5S",
      "1000, 0.999999999, PT30M",
  })
  void backoffDoublesFrom15SecondsTo30MinutesWithJitter(int failures, double u, Duration expected) {
    assertThat(Announcer.backoff(failures, Announcer.Timing.DEFAULT, u)).isEqualTo(expected);
  }

  private static List<Integer> announceEvents(FakeUdpTracker udp) {
    return udp.received().stream().filter(r -> r.action() == 1).map(FakeUdpTracker.Received::event).toList();
  }

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }
}
