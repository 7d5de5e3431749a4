package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.Torrent;
import dev.reel.engine.bencode.BEncoder;
import dev.reel.engine.metainfo.Metainfo;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torrent listing a file {@code a} and a file {@code a/b} (a file whose path is another's folder): both are stored
 * ({@code a} as {@code a.1}, as libtorrent does), and a Reel→Reel loopback download is byte-exact.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PathClashDownloadTest {
  private static final int PIECE = 16 * 1024;

  @TempDir Path tmp;

  @Test
  void fileAndFolderWithOneNameAreBothDownloaded() throws Exception {
    List<List<String>> paths = List.of(List.of("a"), List.of("a", "b"), List.of("a", "b2", "c"), List.of("a.1"));
    List<byte[]> contents = new ArrayList<>();
    Random r = new Random(7);
    for (int size : new int[] {50_001, 40_000, 16_384, 9_999}) {
      byte[] b = new byte[size];
      r.nextBytes(b);
      contents.add(b);
    }
    Metainfo meta = Metainfo.parse(torrent("clash", paths, contents));

    try (Engine seed = Loopback.engine(tmp.resolve("seed"), null);
        Engine leech = Loopback.engine(tmp.resolve("leech"), null)) {
      Path seedData = tmp.resolve("seed/data");
      for (int i = 0; i < paths.size(); i++) {
        Path f = meta.resolveFile(seedData, i);
        Files.createDirectories(f.getParent());
        Files.write(f, contents.get(i));
      }
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);

      Torrent l = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed))));
      l.completion().get(60, TimeUnit.SECONDS);

      Path root = tmp.resolve("leech/data/clash");
      assertThat(Files.readAllBytes(root.resolve("a.1"))).isEqualTo(contents.get(0));
      assertThat(Files.readAllBytes(root.resolve("a/b"))).isEqualTo(contents.get(1));
      assertThat(Files.readAllBytes(root.resolve("a/b2/c"))).isEqualTo(contents.get(2));
      assertThat(Files.readAllBytes(root.resolve("a.1.1"))).isEqualTo(contents.get(3)); // "a.1" went to file 0
      assertThat(l.files()).allMatch(f -> f.progress() == 1.0);
    }
  }

  /** A multi-file .torrent written by hand with {@link BEncoder} (TorrentCreator reads a real tree, which cannot clash). */
  private static byte[] torrent(String name, List<List<String>> paths, List<byte[]> contents) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<Object> files = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      files.add(Map.of("length", (long) contents.get(i).length, "path", paths.get(i)));
      all.write(contents.get(i));
    }
    byte[] data = all.toByteArray();
    ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    for (int off = 0; off < data.length; off += PIECE) {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(data, off, Math.min(PIECE, data.length - off));
      pieces.write(sha1.digest());
    }
    Map<String, Object> info = Map.of("name", name, "piece length", (long) PIECE, "pieces", pieces.toByteArray(),
        "files", files);
    return BEncoder.encode(Map.of("info", info));
  }
}
