package dev.reel.app.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EngineStreams} over a real engine seeding a two-file torrent: which files are found, the bytes a channel
 * reads, and what its {@link EngineStreams.ReaderActivity} hears (what keeps a play session alive).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineStreamsTest {
  @TempDir Path tmp;
  private Engine engine;
  private Metainfo meta;
  private Torrent torrent;
  private byte[] film;

  @BeforeEach
  void seed() throws Exception {
    Path root = tmp.resolve("data/pack");
    Files.createDirectories(root.resolve("subs"));
    film = new byte[100_000];
    new Random(3).nextBytes(film);
    Files.write(root.resolve("film.mp4"), film);
    Files.writeString(root.resolve("subs/film.en.srt"), "1\n00:00:01,000 --> 00:00:02,000\nHi\n");
    meta = Metainfo.parse(TorrentCreator.forPath(root).pieceLength(16 * 1024).build());
    engine = Engine.start(EngineConfig.defaults(tmp.resolve("data")).withStateDir(tmp.resolve("state"))
        .withListenPort(0).withBindAddress(InetAddress.getLoopbackAddress()).withDht(EngineConfig.Dht.OFF));
    torrent = engine.add(meta, AddOptions.DEFAULT.withSeedMode(true));
    torrent.completion().get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
  }

  private int fileIndex(String name) {
    return meta.files().stream().filter(f -> EngineStreams.fileName(f).equals(name)).findFirst().orElseThrow()
        .index();
  }

  @Test
  void servesEveryFileOfTheEngineWithItsNameAndBytes() throws Exception {
    EngineStreams streams = new EngineStreams(engine);
    String hex = meta.infoHash().hex();
    int filmIndex = fileIndex("film.mp4");

    StreamSource source = streams.find(hex, filmIndex).orElseThrow();
    assertThat(source.fileName()).isEqualTo("film.mp4");
    assertThat(source.length()).isEqualTo(film.length);
    try (SeekableByteChannel ch = source.open()) {
      assertThat(ch.size()).isEqualTo(film.length);
      assertThat(readAll(ch)).isEqualTo(film);
      ch.position(99_990);
      ByteBuffer tail = ByteBuffer.allocate(10);
      ch.read(tail);
      assertThat(tail.array()).isEqualTo(java.util.Arrays.copyOfRange(film, 99_990, 100_000));
      assertThatThrownBy(() -> ch.write(ByteBuffer.allocate(1))).isInstanceOf(NonWritableChannelException.class);
    }
    assertThat(streams.playlist(hex)).extracting(PlaylistEntry::fileName)
        .containsExactlyInAnyOrder("film.mp4", "film.en.srt");
  }

  @Test
  void unknownTorrentsAndFilesAreNotFound() {
    EngineStreams streams = new EngineStreams(engine);
    String hex = meta.infoHash().hex();
    String other = "0".repeat(40);

    assertThat(streams.find(other, 0)).isEmpty();
    assertThat(streams.find("not-hex", 0)).isEmpty();
    assertThat(streams.find(null, 0)).isEmpty();
    assertThat(streams.find(hex, -1)).isEmpty();
    assertThat(streams.find(hex, meta.files().size())).isEmpty();
    assertThat(streams.playlist(other)).isEmpty();
  }

  @Test
  void aScopeChoosesTheTorrentsAndHearsTheirReaders() throws Exception {
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    EngineStreams.ReaderActivity activity = new EngineStreams.ReaderActivity() {
      @Override
      public void opened() {
        opened.incrementAndGet();
      }

      @Override
      public void read() {
        reads.incrementAndGet();
      }

      @Override
      public void closed() {
        closed.incrementAndGet();
      }
    };
    boolean[] served = {true};
    EngineStreams streams = new EngineStreams(new EngineStreams.Scope() {
      @Override
      public Optional<Torrent> torrent(dev.reel.engine.metainfo.InfoHash hash) {
        return served[0] ? engine.get(hash) : Optional.empty();
      }

      @Override
      public EngineStreams.ReaderActivity activity(Torrent t, int fileIndex) {
        return activity;
      }
    }, Duration.ofSeconds(5));
    String hex = meta.infoHash().hex();

    StreamSource source = streams.find(hex, fileIndex("film.mp4")).orElseThrow();
    SeekableByteChannel ch = source.open();
    assertThat(opened).hasValue(1);
    assertThat(closed).hasValue(0);
    ch.read(ByteBuffer.allocate(1000));
    assertThat(reads.get()).isPositive();
    ch.close();
    ch.close(); // closing twice tells the scope once
    assertThat(closed).hasValue(1);

    served[0] = false;
    assertThat(streams.find(hex, 0)).isEmpty();
    assertThat(streams.playlist(hex)).isEmpty();
  }

  private static byte[] readAll(SeekableByteChannel ch) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(8192);
    while (ch.read(buf.clear()) >= 0) {
      out.write(buf.array(), 0, buf.position());
    }
    return out.toByteArray();
  }
}
