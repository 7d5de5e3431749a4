package dev.reel.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TorrentCreatorTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({
      "1, 16384",
      "1000000, 16384",
      "35000000, 32768",
      "700000000, 524288",
      "4700000000, 4194304",
      "50000000000, 16777216",
      "1000000000000, 16777216",
  })
  void choosesAPowerOfTwoForAbout1500Pieces(long total, int expected) {
    int pl = TorrentCreator.choosePieceLength(total);
    assertThat(pl).isEqualTo(expected);
    assertThat(Integer.bitCount(pl)).isEqualTo(1);
  }

  @Test
  void singleFileRoundTrip() throws Exception {
    Path file = write(tmp.resolve("movie.mkv"), 100_000, 1);

    byte[] torrent = TorrentCreator.forPath(file).addTracker("http://127.0.0.1:1/announce").pieceLength(16384)
        .creationDate(Instant.ofEpochSecond(1_700_000_000)).build();
    Metainfo m = Metainfo.parse(torrent);

    assertThat(m.multiFile()).isFalse();
    assertThat(m.name()).isEqualTo("movie.mkv");
    assertThat(m.totalLength()).isEqualTo(100_000);
    assertThat(m.pieceCount()).isEqualTo(7);
    assertThat(m.announceTiers()).containsExactly(List.of("http://127.0.0.1:1/announce"));
    assertThat(m.createdBy()).contains(TorrentCreator.DEFAULT_CREATED_BY);
    assertThat(m.creationDate()).contains(Instant.ofEpochSecond(1_700_000_000));
    assertThat(m.isPrivate()).isFalse();
    assertThat(new String(torrent, StandardCharsets.ISO_8859_1)).doesNotContain("announce-list", "url-list");
    assertPieceHashesMatch(m, Files.readAllBytes(file));
  }

  @Test
  void directoryRoundTripWithOptions() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("Show"));
    write(Files.createDirectories(dir.resolve("b")).resolve("e02.mkv"), 30_000, 2);
    write(dir.resolve("a.txt"), 5, 3);
    write(Files.createDirectories(dir.resolve("b")).resolve("e01.mkv"), 40_000, 4);
    write(dir.resolve("empty"), 0, 5);
    Files.createDirectories(dir.resolve("emptydir"));

    byte[] torrent = TorrentCreator.forPath(dir)
        .trackers(List.of(List.of("udp://127.0.0.1:1", "udp://127.0.0.1:2"), List.of("http://127.0.0.1:3/a")))
        .webSeeds(List.of("http://127.0.0.1:4/files/")).pieceLength(16384).privateFlag(true).comment("hello")
        .createdBy("Reel test").creationDate(null).build();
    Metainfo m = Metainfo.parse(torrent);

    assertThat(m.multiFile()).isTrue();
    assertThat(m.name()).isEqualTo("Show");
    assertThat(m.files()).extracting(FileEntry::displayPath).containsExactly("a.txt", "b/e01.mkv", "b/e02.mkv", "empty");
    assertThat(m.files()).extracting(FileEntry::offset).containsExactly(0L, 5L, 40_005L, 70_005L);
    assertThat(m.announceTiers()).containsExactly(List.of("udp://127.0.0.1:1", "udp://127.0.0.1:2"),
        List.of("http://127.0.0.1:3/a"));
    assertThat(m.urlList()).containsExactly("http://127.0.0.1:4/files/");
    assertThat(m.isPrivate()).isTrue();
    assertThat(m.comment()).contains("hello");
    assertThat(m.createdBy()).contains("Reel test");
    assertThat(m.creationDate()).isEmpty();

    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (String f : List.of("a.txt", "b/e01.mkv", "b/e02.mkv", "empty")) {
      all.writeBytes(Files.readAllBytes(dir.resolve(f)));
    }
    assertPieceHashesMatch(m, all.toByteArray());
    // The output is canonical: re-encoding the parsed torrent gives the same bytes.
    assertThat(m.toTorrentBytes()).isEqualTo(torrent);
  }

  @Test
  void hashesAcrossManyReadBuffersAndFiles() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("big"));
    write(dir.resolve("1"), TorrentCreator.READ_BUFFER + 12_345, 6);
    write(dir.resolve("2"), 3 * 16384 + 1, 7);
    write(dir.resolve("3"), 1, 8);

    Metainfo m = Metainfo.parse(TorrentCreator.forPath(dir).pieceLength(65536).build());

    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (String f : List.of("1", "2", "3")) {
      all.writeBytes(Files.readAllBytes(dir.resolve(f)));
    }
    assertPieceHashesMatch(m, all.toByteArray());
  }

  @Test
  void skipsSymbolicLinks() throws Exception {
    Path outside = write(tmp.resolve("secret"), 10, 9);
    Path dir = Files.createDirectories(tmp.resolve("d"));
    write(dir.resolve("real"), 10, 10);
    try {
      Files.createSymbolicLink(dir.resolve("link"), outside);
    } catch (UnsupportedOperationException | IOException e) {
      Assumptions.abort("symbolic links are not supported here: " + e);
    }

    Metainfo m = Metainfo.parse(TorrentCreator.forPath(dir).build());

    assertThat(m.files()).extracting(FileEntry::displayPath).containsExactly("real");
  }

  @Test
  void refusesNothingToShare() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> TorrentCreator.forPath(empty).build()).isInstanceOf(IOException.class)
        .hasMessageContaining("no regular files");
    Path zero = write(tmp.resolve("zero"), 0, 1);
    assertThatThrownBy(() -> TorrentCreator.forPath(zero).build()).isInstanceOf(IOException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> TorrentCreator.forPath(tmp.resolve("missing")).build()).isInstanceOf(IOException.class)
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> TorrentCreator.forPath(zero).pieceLength(1000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Real clients accept what we create: python3-libtorrent loads it with the same info-hash and layout. */
  @Test
  void libtorrentLoadsTheCreatedTorrent() throws Exception {
    requireLibtorrent();
    Path dir = Files.createDirectories(tmp.resolve("Interop ✓"));
    write(dir.resolve("video.mp4"), 200_000, 11);
    write(Files.createDirectories(dir.resolve("subs")).resolve("en.srt"), 1_234, 12);
    byte[] torrent = TorrentCreator.forPath(dir).addTracker("http://127.0.0.1:1/announce")
        .addTracker("udp://127.0.0.1:2").webSeeds(List.of("http://127.0.0.1:3/")).privateFlag(true)
        .comment("interop").build();
    Path file = tmp.resolve("interop.torrent");
    Files.write(file, torrent);
    Metainfo m = Metainfo.parse(torrent);

    String out = python("""
        import sys, libtorrent as lt
        ti = lt.torrent_info(sys.argv[1])
        fs = ti.files()
        print(str(ti.info_hash()))
        print(ti.total_size(), ti.num_pieces(), ti.piece_length(), int(ti.priv()), fs.num_files())
        print(len(list(ti.trackers())), len(ti.web_seeds()))
        """, file.toString());

    assertThat(out.lines().toList()).containsExactly(
        m.infoHash().hex(),
        m.totalLength() + " " + m.pieceCount() + " " + m.pieceLength() + " 1 2",
        "2 1");
  }

  /** mktorrent builds the same info dictionary (same keys, same file order), so the info-hashes must be equal. */
  @Test
  void sameInfoHashAsMktorrent() throws Exception {
    requireTool("/usr/bin/mktorrent", "mktorrent");
    Path dir = Files.createDirectories(tmp.resolve("content"));
    write(dir.resolve("a.bin"), 100_000, 13);
    write(dir.resolve("c.txt"), 5, 14);
    write(Files.createDirectories(dir.resolve("sub")).resolve("b.bin"), 50_000, 15);
    Path mk = tmp.resolve("mk.torrent");
    run(List.of("/usr/bin/mktorrent", "-l", "15", "-a", "http://127.0.0.1:1/announce", "-o", mk.toString(),
        dir.toString()));

    Metainfo theirs = Metainfo.parse(Files.readAllBytes(mk));
    Metainfo ours = Metainfo.parse(TorrentCreator.forPath(dir).pieceLength(32768).build());

    assertThat(ours.infoHash()).isEqualTo(theirs.infoHash());
    assertThat(ours.infoBytes()).isEqualTo(theirs.infoBytes());
    assertThat(theirs.createdBy()).hasValueSatisfying(c -> assertThat(c).startsWith("mktorrent"));
  }

  /** Transmission reads what we create, with the same info-hash. */
  @Test
  void transmissionShowReadsTheCreatedTorrent() throws Exception {
    requireTool("/usr/bin/transmission-show", "transmission-show");
    Path file = write(tmp.resolve("clip.webm"), 70_000, 16);
    byte[] torrent = TorrentCreator.forPath(file).addTracker("http://127.0.0.1:1/announce").build();
    Path t = Files.write(tmp.resolve("clip.torrent"), torrent);

    String out = run(List.of("/usr/bin/transmission-show", t.toString()));

    assertThat(out).containsIgnoringCase(Metainfo.parse(torrent).infoHash().hex()).contains("clip.webm");
  }

  private static void requireTool(String path, String name) {
    if (!Files.isExecutable(Path.of(path))) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(name + " is missing (required when CI=true)");
      }
      Assumptions.abort(name + " is not installed");
    }
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static void requireLibtorrent() throws Exception {
    String reason = null;
    if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
      reason = "/usr/bin/python3 is missing";
    } else {
      Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import libtorrent").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        reason = "python3-libtorrent is not installed";
      }
    }
    if (reason != null) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(reason + " (required when CI=true)");
      }
      Assumptions.abort(reason);
    }
  }

  private static String python(String script, String arg) throws Exception {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, arg).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static void assertPieceHashesMatch(Metainfo m, byte[] data) throws Exception {
    assertThat((long) data.length).isEqualTo(m.totalLength());
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    for (int i = 0; i < m.pieceCount(); i++) {
      int from = i * m.pieceLength();
      byte[] piece = Arrays.copyOfRange(data, from, from + m.pieceSize(i));
      assertThat(sha1.digest(piece)).as("piece %d", i).isEqualTo(m.pieceHash(i));
    }
  }

  private static Path write(Path file, int size, long seed) throws IOException {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return Files.write(file, b);
  }
}
