package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig.Encryption;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two Reel engines with each pair of encryption policies: the downloader dials the seed. Either the download
 * completes byte-identical, or the side whose policy forbids the other's refuses it with a
 * {@link EngineEvent.PeerRefused} and nothing is transferred.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EncryptionPolicyTest {
  @TempDir Path tmp;

  /** Which side refuses, if any. */
  enum Outcome { COMPLETES, DOWNLOADER_REFUSES, SEED_REFUSES }

  static Stream<Arguments> pairs() {
    return Stream.of(
        // downloader, seed, outcome
        Arguments.of(Encryption.ENABLED, Encryption.ENABLED, Outcome.COMPLETES), // MSE, plaintext selected
        Arguments.of(Encryption.ENABLED, Encryption.REQUIRED, Outcome.COMPLETES), // MSE, RC4
        Arguments.of(Encryption.REQUIRED, Encryption.ENABLED, Outcome.COMPLETES), // MSE, RC4
        Arguments.of(Encryption.REQUIRED, Encryption.REQUIRED, Outcome.COMPLETES), // MSE, RC4
        Arguments.of(Encryption.ENABLED, Encryption.DISABLED, Outcome.COMPLETES), // MSE closed, plaintext redial
        Arguments.of(Encryption.DISABLED, Encryption.ENABLED, Outcome.COMPLETES), // plaintext accepted
        Arguments.of(Encryption.DISABLED, Encryption.DISABLED, Outcome.COMPLETES),
        Arguments.of(Encryption.REQUIRED, Encryption.DISABLED, Outcome.DOWNLOADER_REFUSES),
        Arguments.of(Encryption.DISABLED, Encryption.REQUIRED, Outcome.SEED_REFUSES));
  }

  @ParameterizedTest(name = "downloader {0}, seed {1}: {2}")
  @MethodSource("pairs")
  void policiesMeet(Encryption downloader, Encryption seedPolicy, Outcome outcome) throws Exception {
    List<EngineEvent> seedEvents = Loopback.events();
    List<EngineEvent> leechEvents = Loopback.events();
    try (Engine seed = Engine.start(Loopback.config(tmp.resolve("seed"), seedEvents).withEncryption(seedPolicy));
        Engine leech = Engine.start(Loopback.config(tmp.resolve("leech"), leechEvents).withEncryption(downloader))) {
      Metainfo meta = Loopback.multiFile(tmp.resolve("seed/data"), "pack", 3, 32 * 1024, 700_000, 12_345);
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      Torrent l = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed))));
      switch (outcome) {
        case COMPLETES -> {
          l.completion().get(60, TimeUnit.SECONDS);
          Loopback.assertSameTree(tmp.resolve("seed/data/pack"), tmp.resolve("leech/data/pack"));
          assertThat(leechEvents).noneMatch(e -> e instanceof EngineEvent.PeerRefused);
          assertThat(seedEvents).noneMatch(e -> e instanceof EngineEvent.PeerRefused);
        }
        case DOWNLOADER_REFUSES -> {
          Loopback.await("the downloader to refuse the plaintext seed", Duration.ofSeconds(30),
              () -> leechEvents.stream().anyMatch(e -> e instanceof EngineEvent.PeerRefused));
          assertThat(refusal(leechEvents)).contains("encryption is required")
              .contains("did not complete the MSE handshake");
          assertThat(leechEvents).noneMatch(e -> e instanceof EngineEvent.PeerConnected);
          assertThat(l.status().totalDownloaded()).isZero();
        }
        case SEED_REFUSES -> {
          Loopback.await("the seed to refuse the plaintext downloader", Duration.ofSeconds(30),
              () -> seedEvents.stream().anyMatch(e -> e instanceof EngineEvent.PeerRefused));
          assertThat(refusal(seedEvents)).isEqualTo("plaintext connection refused: encryption is required");
          assertThat(seedEvents).noneMatch(e -> e instanceof EngineEvent.PeerConnected);
          assertThat(l.status().totalDownloaded()).isZero();
        }
      }
    }
  }

  @Test
  void anEnabledDownloaderRemembersAPlaintextOnlyPeer() throws Exception {
    try (Engine seed = Engine.start(Loopback.config(tmp.resolve("seed"), null).withEncryption(Encryption.DISABLED));
        Engine leech = Loopback.engine(tmp.resolve("leech"), null)) {
      Metainfo meta = Loopback.multiFile(tmp.resolve("seed/data"), "pack", 4, 16 * 1024, 100_000);
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      Torrent l = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed))));
      l.completion().get(60, TimeUnit.SECONDS);
      PeerPool pool = ((TorrentSession) l).swarm.pool;
      assertThat(pool.isPlaintextOnly(Loopback.address(seed))).isTrue();
    }
  }

  private static String refusal(List<EngineEvent> events) {
    return events.stream().filter(e -> e instanceof EngineEvent.PeerRefused)
        .map(e -> ((EngineEvent.PeerRefused) e).reason()).findFirst().orElseThrow();
  }
}
