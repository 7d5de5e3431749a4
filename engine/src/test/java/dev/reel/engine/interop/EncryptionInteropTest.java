package dev.reel.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig.Encryption;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.Aria2Peer;
import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.Poll;
import dev.reel.engine.testkit.Swarm;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.Tools;
import dev.reel.engine.testkit.TransmissionPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Message Stream Encryption with real clients on loopback: Reel downloads from a libtorrent seed that only accepts
 * RC4-encrypted connections (pe_forced, pe_rc4) and seeds to a libtorrent downloader that requires them (incoming
 * MSE); aria2 with {@code --bt-require-crypto=true} and Transmission with encryption required download from Reel
 * (Reel dials them: outgoing MSE); with REQUIRED Reel refuses a plaintext-only libtorrent (pe_disabled) both ways,
 * and with the default ENABLED it still talks to it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EncryptionInteropTest {
  private static final int PIECE = 64 * 1024;
  private static final long SIZE = 2L * 1024 * 1024 + 777;

  @TempDir Path tmp;

  /** A file under {@code dir} and its trackerless .torrent. */
  private record Content(Path file, Path torrent, Metainfo meta) {}

  private Content content(Path dir) throws Exception {
    Path file = TestData.file(dir.resolve("secret.bin"), SIZE, 303);
    byte[] bytes = TorrentCreator.forPath(file).pieceLength(PIECE).build();
    return new Content(file, Files.write(tmp.resolve("secret.torrent"), bytes), Metainfo.parse(bytes));
  }

  @ParameterizedTest(name = "Reel {0}")
  @EnumSource(value = Encryption.class, names = {"ENABLED", "REQUIRED"})
  void reelDownloadsFromALibtorrentSeedThatRequiresEncryption(Encryption policy, TestInfo info) throws Exception {
    Tools.requirePythonLibtorrent();
    List<EngineEvent> events = Interop.events();
    try (Swarm swarm = Swarm.forTest(info);
        Engine reel = Interop.engine(tmp.resolve("reel"), events, policy)) {
      Content c = content(tmp.resolve("seed"));
      LibtorrentPeer lt = swarm.libtorrent("lt-forced-seed").encryption("forced").noTracker()
          .seed(c.torrent(), tmp.resolve("seed"));
      Torrent t = reel.add(c.meta(), AddOptions.DEFAULT.withPeers(List.of(lt.listenAddress())));
      t.completion().get(Interop.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      TestData.assertSameTree(c.file(), tmp.resolve("reel/data/secret.bin"));
      assertThat(events).noneMatch(e -> e instanceof EngineEvent.PeerRefused);
    }
  }

  @Test
  void aLibtorrentDownloaderThatRequiresEncryptionDownloadsFromReel(TestInfo info) throws Exception {
    Tools.requirePythonLibtorrent();
    List<EngineEvent> events = Interop.events();
    try (Swarm swarm = Swarm.forTest(info); Engine reel = Interop.engine(tmp.resolve("reel"), events)) {
      Content c = content(tmp.resolve("reel/data"));
      reel.add(c.meta(), AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      LibtorrentPeer lt = swarm.libtorrent("lt-forced-dl").encryption("forced").noTracker()
          .peer(Interop.address(reel)).download(c.torrent(), tmp.resolve("lt"));
      lt.awaitComplete(Interop.TIMEOUT);
      TestData.assertSameTree(c.file(), tmp.resolve("lt/secret.bin"));
      assertThat(events).anyMatch(e -> e instanceof EngineEvent.PeerConnected);
    }
  }

  @Test
  void aria2ThatRequiresCryptoDownloadsFromReel(TestInfo info) throws Exception {
    Tools.requireAria2();
    try (Swarm swarm = Swarm.forTest(info); Engine reel = Interop.engine(tmp.resolve("reel"), null)) {
      Content c = content(tmp.resolve("reel/data"));
      Torrent t = reel.add(c.meta(), AddOptions.DEFAULT.withSeedMode(true));
      t.completion().get(30, TimeUnit.SECONDS);
      Aria2Peer aria = swarm.aria2("aria2-crypto-dl").requireCrypto().download(c.torrent(), tmp.resolve("aria"));
      t.addPeer(aria.listenAddress());
      aria.awaitComplete(Interop.TIMEOUT);
      TestData.assertSameTree(c.file(), tmp.resolve("aria/secret.bin"));
    }
  }

  @Test
  void transmissionThatRequiresEncryptionDownloadsFromReel(TestInfo info) throws Exception {
    Tools.requireTransmission();
    try (Swarm swarm = Swarm.forTest(info); Engine reel = Interop.engine(tmp.resolve("reel"), null)) {
      Content c = content(tmp.resolve("reel/data"));
      Torrent t = reel.add(c.meta(), AddOptions.DEFAULT.withSeedMode(true));
      t.completion().get(30, TimeUnit.SECONDS);
      TransmissionPeer tr = swarm.transmission("tr-crypto-dl").requireEncryption()
          .download(c.torrent(), tmp.resolve("tr"));
      t.addPeer(tr.peerAddress());
      tr.awaitComplete(Interop.TIMEOUT);
      TestData.assertSameTree(c.file(), tmp.resolve("tr/secret.bin"));
    }
  }

  @Test
  void requiredRefusesAPlaintextOnlySeed(TestInfo info) throws Exception {
    Tools.requirePythonLibtorrent();
    List<EngineEvent> events = Interop.events();
    try (Swarm swarm = Swarm.forTest(info);
        Engine reel = Interop.engine(tmp.resolve("reel"), events, Encryption.REQUIRED)) {
      Content c = content(tmp.resolve("seed"));
      LibtorrentPeer lt = swarm.libtorrent("lt-plain-seed").encryption("disabled").noTracker()
          .seed(c.torrent(), tmp.resolve("seed"));
      Torrent t = reel.add(c.meta(), AddOptions.DEFAULT.withPeers(List.of(lt.listenAddress())));
      Poll.until(Duration.ofSeconds(60), "Reel to refuse the plaintext-only seed", events::toString,
          () -> events.stream().anyMatch(e -> e instanceof EngineEvent.PeerRefused r
              && r.peer().equals(lt.listenAddress())));
      assertThat(refusal(events)).contains("encryption is required");
      assertThat(events).noneMatch(e -> e instanceof EngineEvent.PeerConnected);
      assertThat(t.status().totalDownloaded()).isZero();
    }
  }

  @Test
  void requiredRefusesAPlaintextOnlyDownloader(TestInfo info) throws Exception {
    Tools.requirePythonLibtorrent();
    List<EngineEvent> events = Interop.events();
    try (Swarm swarm = Swarm.forTest(info);
        Engine reel = Interop.engine(tmp.resolve("reel"), events, Encryption.REQUIRED)) {
      Content c = content(tmp.resolve("reel/data"));
      reel.add(c.meta(), AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      swarm.libtorrent("lt-plain-dl").encryption("disabled").noTracker().peer(Interop.address(reel))
          .download(c.torrent(), tmp.resolve("lt"));
      Poll.until(Duration.ofSeconds(60), "Reel to refuse the plaintext-only downloader", events::toString,
          () -> events.stream().anyMatch(e -> e instanceof EngineEvent.PeerRefused));
      assertThat(refusal(events)).isEqualTo("plaintext connection refused: encryption is required");
      assertThat(events).noneMatch(e -> e instanceof EngineEvent.PeerConnected);
    }
  }

  @Test
  void enabledStillDownloadsFromAPlaintextOnlySeed(TestInfo info) throws Exception {
    Tools.requirePythonLibtorrent();
    List<EngineEvent> events = Interop.events();
    try (Swarm swarm = Swarm.forTest(info); Engine reel = Interop.engine(tmp.resolve("reel"), events)) {
      Content c = content(tmp.resolve("seed"));
      LibtorrentPeer lt = swarm.libtorrent("lt-plain-seed").encryption("disabled").noTracker()
          .seed(c.torrent(), tmp.resolve("seed"));
      Torrent t = reel.add(c.meta(), AddOptions.DEFAULT.withPeers(List.of(lt.listenAddress())));
      t.completion().get(Interop.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      TestData.assertSameTree(c.file(), tmp.resolve("reel/data/secret.bin"));
      assertThat(events).noneMatch(e -> e instanceof EngineEvent.PeerRefused);
    }
  }

  private static String refusal(List<EngineEvent> events) {
    return events.stream().filter(e -> e instanceof EngineEvent.PeerRefused)
        .map(e -> ((EngineEvent.PeerRefused) e).reason()).findFirst().orElseThrow();
  }
}
