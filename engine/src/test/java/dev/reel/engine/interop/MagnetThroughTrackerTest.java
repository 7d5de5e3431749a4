package dev.reel.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.OpenTracker;
import dev.reel.engine.testkit.Poll;
import dev.reel.engine.testkit.Swarm;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.Tools;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A magnet holding only the info-hash and a tracker (no name, no peer): Reel finds a libtorrent seed through
 * opentracker, fetches the info dictionary from it with ut_metadata (BEP 9), verifies it against the info-hash and
 * downloads the nested multi-file tree.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MagnetThroughTrackerTest {
  private static final int PIECE = 32 * 1024;

  @TempDir Path tmp;

  @Test
  void metadataFromLibtorrentThenTheDownload(TestInfo info) throws Exception {
    Tools.requirePythonLibtorrent();
    Tools.requireOpenTracker();
    List<EngineEvent> events = Interop.events();
    try (Swarm swarm = Swarm.forTest(info); Engine reel = Interop.engine(tmp.resolve("reel"), events)) {
      OpenTracker tracker = swarm.tracker(List.of());
      Path content = TestData.tree(tmp.resolve("seed/album"), PIECE, 303);
      byte[] bytes = TorrentCreator.forPath(content).pieceLength(PIECE).addTracker(tracker.announceUrl()).build();
      Metainfo meta = Metainfo.parse(bytes);
      Path torrent = Files.write(tmp.resolve("album.torrent"), bytes);
      tracker.allow(meta.infoHash());
      swarm.libtorrent("lt-seed").seed(torrent, tmp.resolve("seed"));
      tracker.awaitPeers(meta.infoHash(), 1, Interop.TIMEOUT);

      String uri = "magnet:?xt=urn:btih:" + meta.infoHash().hex() + "&tr="
          + URLEncoder.encode(tracker.announceUrl(), StandardCharsets.UTF_8);
      Magnet magnet = Magnet.parse(uri);
      assertThat(magnet.peers()).isEmpty();
      assertThat(magnet.displayName()).isEmpty();
      // The seed announced before us and does not re-announce within the test: only the tracker can tell us of it.
      Torrent t = reel.add(magnet, AddOptions.DEFAULT);

      Metainfo fetched = t.metadata().get(Interop.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(fetched.infoHash()).isEqualTo(meta.infoHash());
      assertThat(fetched.infoBytes()).isEqualTo(meta.infoBytes());
      t.completion().get(Interop.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      TestData.assertSameTree(content, tmp.resolve("reel/data/album"));
      assertThat(events).anyMatch(e -> e instanceof EngineEvent.MetadataReceived m && m.name().equals("album"));
      Poll.until(Interop.TIMEOUT, "a TrackerReply event with the seed", events::toString, () -> events.stream()
          .anyMatch(e -> e instanceof EngineEvent.TrackerReply r && r.url().equals(tracker.announceUrl())
              && r.peers() > 0));
    }
  }
}
