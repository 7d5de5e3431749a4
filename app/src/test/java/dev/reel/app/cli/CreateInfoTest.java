package dev.reel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code reel create} and {@code reel info} on .torrent files: round-trips, JSON contract, errors. */
class CreateInfoTest {
  private static final int PIECE = 32 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private Path content() {
    return TestData.tree(tmp.resolve("content"), PIECE, 11);
  }

  @Test
  void createThenInfoRoundTripsEveryField() throws Exception {
    Path content = content();
    Path torrent = tmp.resolve("out/content.torrent");

    Cli.Result created = Cli.run("create", content.toString(), "-o", torrent.toString(),
        "--tracker", "http://127.0.0.1:6969/announce", "--tracker", "udp://127.0.0.1:6969",
        "--webseed", "http://127.0.0.1:8080/files/", "--piece-size", "32K", "--private", "--comment", "test data");

    assertThat(created.exitCode()).as("%s", created).isZero();
    Metainfo m = Metainfo.parse(Files.readAllBytes(torrent));
    assertThat(created.out())
        .contains("name:       content")
        .contains("info-hash:  " + m.infoHash().hex())
        .contains("piece size: 32.0 KiB (32768 bytes)")
        .contains("pieces:     " + m.pieceCount())
        .contains("magnet:     magnet:?xt=urn:btih:" + m.infoHash().hex());
    assertThat(m.pieceLength()).isEqualTo(PIECE);
    assertThat(m.isPrivate()).isTrue();
    assertThat(m.announceTiers())
        .containsExactly(List.of("http://127.0.0.1:6969/announce"), List.of("udp://127.0.0.1:6969"));
    assertThat(m.urlList()).containsExactly("http://127.0.0.1:8080/files/");
    assertThat(m.comment()).contains("test data");
    try (Stream<Path> s = Files.list(torrent.getParent())) {
      assertThat(s.toList()).as("no temp file left").containsExactly(torrent);
    }

    Cli.Result text = Cli.run("info", torrent.toString());
    assertThat(text.exitCode()).as("%s", text).isZero();
    assertThat(text.out())
        .contains("info-hash:  " + m.infoHash().hex())
        .contains("private:    yes")
        .contains("tracker:    udp://127.0.0.1:6969  (tier 2)")
        .contains("web seed:   http://127.0.0.1:8080/files/")
        .contains("files (7):")
        .contains("content/sub/deeper/deepest/d.bin");
    assertThat(text.err()).isEmpty();

    Cli.Result json = Cli.run("info", "--json", torrent.toString());
    assertThat(json.exitCode()).as("%s", json).isZero();
    assertThat(json.out().lines().count()).as("one JSON object on one line").isEqualTo(1);
    JsonNode o = JSON.readTree(json.out());
    assertThat(o.get("name").asText()).isEqualTo("content");
    assertThat(o.get("infoHash").asText()).isEqualTo(m.infoHash().hex());
    assertThat(o.get("pieceLength").asInt()).isEqualTo(PIECE);
    assertThat(o.get("pieceCount").asInt()).isEqualTo(m.pieceCount());
    assertThat(o.get("totalLength").asLong()).isEqualTo(m.totalLength());
    assertThat(o.get("private").asBoolean()).isTrue();
    assertThat(texts(o.get("trackers"))).containsExactly("http://127.0.0.1:6969/announce", "udp://127.0.0.1:6969");
    assertThat(texts(o.get("webSeeds"))).containsExactly("http://127.0.0.1:8080/files/");
    Map<String, Long> expected = new TreeMap<>();
    TestData.treeLayout(PIECE).forEach(f -> expected.put("content/" + f.relativePath(), f.length()));
    Map<String, Long> listed = new TreeMap<>();
    for (int i = 0; i < o.get("files").size(); i++) {
      JsonNode f = o.get("files").get(i);
      assertThat(f.get("index").asInt()).isEqualTo(i);
      listed.put(f.get("path").asText(), f.get("length").asLong());
    }
    assertThat(listed).isEqualTo(expected);
  }

  @Test
  void createdTorrentLoadsInLibtorrentWithTheSameInfoHash() throws Exception {
    Tools.requirePythonLibtorrent();
    Path content = content();
    Path torrent = tmp.resolve("content.torrent");
    Cli.Result created = Cli.run("create", content.toString(), "-o", torrent.toString(),
        "--tracker", "http://127.0.0.1:6969/announce");
    assertThat(created.exitCode()).as("%s", created).isZero();
    Metainfo m = Metainfo.parse(Files.readAllBytes(torrent));

    String script = String.join("\n",
        "import sys, libtorrent as lt",
        "ti = lt.torrent_info(sys.argv[1])",
        "print(ti.info_hashes().v1, ti.num_pieces(), ti.piece_length(), ti.total_size(), ti.num_files(), ti.name())");
    String out = python(script, torrent.toString()).trim();

    assertThat(out).isEqualTo(m.infoHash().hex() + " " + m.pieceCount() + " " + m.pieceLength() + " "
        + m.totalLength() + " " + m.files().size() + " content");
  }

  @Test
  void singleFileTorrentShowsTheFileByName() throws Exception {
    Path file = TestData.file(tmp.resolve("video.bin"), 100_000, 3);
    Path torrent = tmp.resolve("video.torrent");
    assertThat(Cli.run("create", file.toString(), "-o", torrent.toString()).exitCode()).isZero();

    JsonNode o = JSON.readTree(Cli.run("info", "--json", torrent.toString()).out());

    assertThat(o.get("files")).hasSize(1);
    assertThat(o.get("files").get(0).get("path").asText()).isEqualTo("video.bin");
    assertThat(o.get("files").get(0).get("length").asLong()).isEqualTo(100_000);
    assertThat(o.get("private").asBoolean()).isFalse();
    assertThat(o.get("trackers")).isEmpty();
  }

  @Test
  void createRefusesToOverwriteUnlessForced() throws Exception {
    Path content = content();
    Path torrent = tmp.resolve("content.torrent");
    Files.writeString(torrent, "keep me");

    Cli.Result refused = Cli.run("create", content.toString(), "-o", torrent.toString());
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(refused.singleErrorLine()).contains("already exists").contains("--force");
    assertThat(Files.readString(torrent)).isEqualTo("keep me");

    Cli.Result forced = Cli.run("create", content.toString(), "-o", torrent.toString(), "--force");
    assertThat(forced.exitCode()).as("%s", forced).isZero();
    assertThat(Metainfo.parse(Files.readAllBytes(torrent)).name()).isEqualTo("content");
  }

  @Test
  void createOfAMissingPathFailsWithoutWritingAnything() {
    Path torrent = tmp.resolve("x.torrent");
    Cli.Result r = Cli.run("create", tmp.resolve("nope").toString(), "-o", torrent.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.singleErrorLine()).startsWith("reel: no such file or directory: ");
    assertThat(torrent).doesNotExist();
  }

  @ParameterizedTest
  @CsvSource({"1000", "16383", "24K", "256M", "abc"})
  void badPieceSizeIsAUsageError(String size) {
    Cli.Result r = Cli.run("create", tmp.toString(), "-o", tmp.resolve("x.torrent").toString(), "--piece-size", size);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(tmp.resolve("x.torrent")).doesNotExist();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "d4:infod6:lengthi5eee|not a valid torrent: ",
    "not bencode at all|not a valid torrent: ",
    "d8:announce3:abce|not a valid torrent: ",
    "d4:infod6:lengthi5e4:name1:a12:piece lengthi16384e6:pieces3:abcee|not a valid torrent: "
  })
  void malformedTorrentIsOneLineAndExit1(String content, String expected) throws IOException {
    Path bad = tmp.resolve("file.torrent");
    Files.writeString(bad, content);

    Cli.Result r = Cli.run("info", bad.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.out()).isEmpty();
    assertThat(r.singleErrorLine()).startsWith("reel: " + expected).endsWith("(" + bad + ")");
  }

  @Test
  void piecesNotAMultipleOf20IsNamed() throws IOException {
    Path bad = tmp.resolve("file.torrent");
    Files.writeString(bad, "d4:infod6:lengthi5e4:name1:a12:piece lengthi16384e6:pieces3:abcee");
    String line = Cli.run("info", bad.toString()).singleErrorLine();
    assertThat(line).contains("pieces").contains("20");
  }

  @Test
  void infoOfAMissingFileOrADirectoryIsOneLine() {
    Cli.Result missing = Cli.run("info", tmp.resolve("gone.torrent").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(missing.singleErrorLine()).isEqualTo("reel: no such file: " + tmp.resolve("gone.torrent"));

    Cli.Result dir = Cli.run("info", tmp.toString());
    assertThat(dir.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(dir.singleErrorLine()).contains("is a directory");
  }

  @Test
  void badMagnetIsOneLine() {
    Cli.Result r = Cli.run("info", "magnet:?dn=nohash");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.singleErrorLine()).startsWith("reel: not a valid magnet link: ");
  }

  private static List<String> texts(JsonNode array) {
    List<String> l = new ArrayList<>();
    array.forEach(n -> l.add(n.asText()));
    return l;
  }

  static String python(String script, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Tools.PYTHON, "-c", script));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(buf);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("python: %s", buf).isZero();
    return buf.toString();
  }
}
