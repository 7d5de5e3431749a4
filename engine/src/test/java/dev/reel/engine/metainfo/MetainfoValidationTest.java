package dev.reel.engine.metainfo;

import static dev.reel.engine.metainfo.TestTorrents.multiInfo;
import static dev.reel.engine.metainfo.TestTorrents.singleInfo;
import static dev.reel.engine.metainfo.TestTorrents.torrent;
import static dev.reel.engine.metainfo.TestTorrents.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.bencode.BEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed torrent is an InvalidTorrentException whose message says what is wrong. */
class MetainfoValidationTest {

  static Stream<Arguments> malformed() {
    Map<String, Object> single = singleInfo();
    Map<String, Object> multi = multiInfo();
    List<String> deep = new ArrayList<>(Collections.nCopies(101, "d"));
    return Stream.of(
        bad("empty file", new byte[0], "torrent file is empty"),
        bad("not bencoding", ascii("hello world"), "not valid bencoding"),
        bad("truncated", ascii("d4:infod4:name"), "not valid bencoding"),
        bad("trailing bytes", concat(torrent(single), ascii("xx")), "trailing data"),
        bad("top-level list", ascii("li1ee"), "not a bencoded dictionary"),
        bad("no info", BEncoder.encode(Map.of("announce", "x")), "missing 'info' dictionary"),
        bad("info is a string", BEncoder.encode(Map.of("info", "x")), "'info' is not a dictionary"),
        bad("no name", torrent(with(single, "name", null)), "'name'"),
        bad("name is an integer", torrent(with(single, "name", 5)), "'name'"),
        bad("empty name", torrent(with(single, "name", "")), "empty 'name'"),
        bad("no piece length", torrent(with(single, "piece length", null)), "'piece length'"),
        bad("zero piece length", torrent(with(single, "piece length", 0)), "'piece length' 0 is out of range"),
        bad("negative piece length", torrent(with(single, "piece length", -16384)), "out of range"),
        bad("huge piece length", torrent(with(single, "piece length", 256L << 20)), "out of range"),
        bad("no pieces", torrent(with(single, "pieces", null)), "'pieces'"),
        bad("pieces not a string", torrent(with(single, "pieces", 7)), "'pieces'"),
        bad("pieces not a multiple of 20", torrent(with(single, "pieces", new byte[59])), "not a multiple of 20"),
        bad("too few piece hashes", torrent(with(single, "pieces", new byte[40])), "holds 2 hashes but"),
        bad("too many piece hashes", torrent(with(single, "pieces", new byte[80])), "holds 4 hashes but"),
        bad("no length nor files", torrent(with(single, "length", null)), "neither 'length' nor 'files'"),
        bad("negative length", torrent(with(single, "length", -1)), "negative 'length'"),
        bad("zero length", torrent(with(with(single, "length", 0), "pieces", new byte[0])), "total length is 0"),
        bad("too many pieces", torrent(with(with(single, "length", (Metainfo.MAX_PIECES + 1L) * 16384),
            "pieces", new byte[20])), "more than the limit of 2097152"),
        bad("files is a dict", torrent(with(multi, "files", Map.of())), "'files' is not a list"),
        bad("files is empty", torrent(with(multi, "files", List.of())), "'files' is empty"),
        bad("file is a string", torrent(with(multi, "files", List.of("x"))), "file 0 is not a dictionary"),
        bad("file without length", torrent(files(Map.of("path", List.of("a")))), "file 0 has no integer 'length'"),
        bad("file with negative length", torrent(files(Map.of("length", -5L, "path", List.of("a")))),
            "file 0 has negative length -5"),
        bad("file without path", torrent(files(Map.of("length", 30_000L))), "file 0 has no 'path'"),
        bad("file with empty path", torrent(files(Map.of("length", 30_000L, "path", List.of()))),
            "file 0 has an empty 'path'"),
        bad("path not strings", torrent(files(Map.of("length", 30_000L, "path", List.of(1, 2)))),
            "not a list of strings"),
        bad("path too deep", torrent(files(Map.of("length", 30_000L, "path", deep))), "nested 101 levels deep"),
        bad("all files empty", torrent(with(files(Map.of("length", 0L, "path", List.of("a"))), "pieces",
            new byte[0])), "total length is 0"),
        bad("total overflows", torrent(files(Map.of("length", Long.MAX_VALUE, "path", List.of("a")),
            Map.of("length", 1L, "path", List.of("b")))), "overflows"),
        bad("v2 only", torrent(with(with(single, "pieces", null), "meta version", 2)),
            "BitTorrent v2-only torrents are not supported yet"),
        bad("too deep bencoding", nested(150), "not valid bencoding"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsWithAClearMessage(String what, byte[] torrent, String message) {
    assertThatThrownBy(() -> Metainfo.parse(torrent))
        .isInstanceOf(InvalidTorrentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsFilesOverTheSizeLimitBeforeDecoding() {
    byte[] big = new byte[Metainfo.MAX_TORRENT_SIZE + 1];
    assertThatThrownBy(() -> Metainfo.parse(big))
        .isInstanceOf(InvalidTorrentException.class)
        .hasMessageContaining("exceeds the limit of 10485760 bytes");
  }

  @Test
  void acceptsTheLimitsThemselves() throws Exception {
    List<String> deep = new ArrayList<>(Collections.nCopies(100, "d"));
    Metainfo m = Metainfo.parse(torrent(files(Map.of("length", 30_000L, "path", deep))));
    assertThat(m.files().get(0).path()).hasSize(100);

    // (MAX_PIECES hashes would take 40 MB, beyond MAX_TORRENT_SIZE; the piece limit guards arithmetic.)
    Map<String, Object> bigPieces = with(with(singleInfo(), "piece length", Metainfo.MAX_PIECE_LENGTH),
        "pieces", new byte[20]);
    assertThat(Metainfo.parse(torrent(bigPieces)).pieceSize(0)).isEqualTo(40_000);
  }

  private static Arguments bad(String what, byte[] torrent, String message) {
    return Arguments.of(what, torrent, message);
  }

  private static Map<String, Object> files(Object... files) {
    return with(multiInfo(), "files", List.of(files));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] nested(int depth) {
    return ascii("d4:info" + "l".repeat(depth) + "e".repeat(depth) + "e");
  }
}
