package dev.reel.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.Torrent;
import dev.reel.engine.bencode.BEncoder;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.testkit.Ports;
import dev.reel.engine.testkit.TestData;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torrent whose name and file paths are hostile (libtorrent's sanitize cases: parent {@code ..}, absolute paths,
 * backslashes, a drive letter, empty and {@code .} elements, control and bidi characters, Windows reserved names, an
 * over-long element, and names that clash once sanitized or case-folded), built with our bencode since mktorrent cannot make one. A second Reel engine seeds it (its data
 * placed where the engine's sanitizer puts it); Reel downloads it: every file lands under the download folder with
 * the right bytes, and nothing appears next to it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileFileNamesTest {
  private static final int PIECE = 16 * 1024;

  private static final String NAME = "../pack";
  private static final List<List<String>> PATHS = List.of(
      List.of("..", "..", "escape.txt"),
      List.of("sub", "..", "..", "..", "..", "deep.txt"),
      List.of("/etc", "passwd"),
      List.of("/abs.txt"),
      List.of("..\\..\\win.ini"),
      List.of("C:", "drive.txt"),
      List.of("", "a", "", "b.txt"),
      List.of(".", "dot.txt"),
      List.of("ctrl\u0001\u001f\u007f\nname.txt"),
      List.of("bidi\u202egnp.exe"),
      List.of("isolate\u2066x\u2069.txt"),
      List.of("CON"),
      List.of("aux.txt"),
      List.of("LPT1.log"),
      List.of("x".repeat(300) + ".mkv"),
      List.of("é".repeat(200) + ".txt"),
      List.of("trailing dots... "),
      List.of("ok", "émoji 🎬 ünïcode.txt"),
      List.of(".."),
      List.of("_CON"),
      List.of("x".repeat(300) + "b.mkv"),
      List.of("OK", "ÉMOJI 🎬 ÜNÏCODE.TXT"));

  @TempDir Path tmp;

  @Test
  void everyFileLandsUnderTheDownloadFolderWithItsBytes() throws Exception {
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < PATHS.size(); i++) {
      contents.add(TestData.bytes(600 + i, 5_000 + 3_001 * i));
    }
    Metainfo meta = Metainfo.parse(hostileTorrent(contents));
    assertThat(meta.files()).hasSize(PATHS.size());

    Path seedDir = tmp.resolve("seed");
    for (int i = 0; i < PATHS.size(); i++) {
      Path f = meta.resolveFile(seedDir, i);
      Files.createDirectories(f.getParent());
      Files.write(f, contents.get(i));
    }
    Path outer = Files.createDirectories(tmp.resolve("outer"));
    Path downloads = outer.resolve("downloads");
    try (Engine seed = engine(seedDir, tmp.resolve("seed-state"));
        Engine reel = engine(downloads, tmp.resolve("reel-state"))) {
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      Torrent t = reel.add(meta, AddOptions.DEFAULT.withPeers(List.of(Interop.address(seed))));
      t.completion().get(Interop.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    try (Stream<Path> s = Files.list(outer)) {
      assertThat(s.toList()).as("nothing next to the download folder").containsExactly(downloads);
    }
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).as("nothing new in the test folder")
          .containsExactly("outer", "reel-state", "seed", "seed-state");
    }
    Path root = downloads.toRealPath();
    List<Path> landed;
    try (Stream<Path> s = Files.walk(downloads)) {
      landed = s.filter(Files::isRegularFile).toList();
    }
    assertThat(landed).as("one file on disk per torrent file").hasSize(PATHS.size());
    for (int i = 0; i < PATHS.size(); i++) {
      Path f = meta.resolveFile(downloads, i);
      assertThat(f.toRealPath().startsWith(root)).as("%s is under %s", f, root).isTrue();
      assertThat(Files.readAllBytes(f)).as("bytes of file %d %s at %s", i, PATHS.get(i), f)
          .isEqualTo(contents.get(i));
      for (Path element : root.relativize(f.toRealPath())) {
        assertThat(element.toString()).as("element of %s", f).isNotEqualTo("..").isNotEmpty()
            .doesNotContain("/", "\\", "\u202e", "\u0001", "\n");
        assertThat(element.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
            .isLessThanOrEqualTo(240);
      }
    }
  }

  private static Engine engine(Path downloadDir, Path stateDir) throws Exception {
    return Engine.start(EngineConfig.defaults(downloadDir).withStateDir(stateDir).withListenPort(0)
        .withBindAddress(Ports.LOOPBACK).withRequestTimeout(Duration.ofSeconds(5)));
  }

  /** A multi-file .torrent with {@link #NAME} and {@link #PATHS}, encoded with our canonical bencoder. */
  private static byte[] hostileTorrent(List<byte[]> contents) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<Object> files = new ArrayList<>();
    for (int i = 0; i < PATHS.size(); i++) {
      all.write(contents.get(i));
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("length", (long) contents.get(i).length);
      f.put("path", new ArrayList<Object>(PATHS.get(i)));
      files.add(f);
    }
    byte[] data = all.toByteArray();
    ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    for (int off = 0; off < data.length; off += PIECE) {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(data, off, Math.min(PIECE, data.length - off));
      pieces.write(sha1.digest());
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("files", files);
    info.put("name", NAME);
    info.put("piece length", (long) PIECE);
    info.put("pieces", pieces.toByteArray());
    return BEncoder.encode(Map.of("info", info));
  }
}
