package dev.reel.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PathSanitizerTest {
  private static final Path DL = Path.of("/home/user/Downloads");

  static Stream<Arguments> cases() {
    return Stream.of(
        // what, elements, expected path under DL ('|'-separated)
        c("plain", List.of("Show", "Season 1", "e01.mkv"), "Show|Season 1|e01.mkv"),
        c("parent ..", List.of("..", "..", "etc", "passwd"), "etc|passwd"),
        c("parent inside", List.of("a", "..", "b"), "a|b"),
        c("dot", List.of(".", "a"), "a"),
        c("absolute unix element", List.of("/etc/passwd"), "_etc_passwd"),
        c("absolute first element", List.of("/", "etc"), "_|etc"),
        c("backslash", List.of("..\\..\\windows\\system32"), ".._.._windows_system32"),
        c("slash traversal in one element", List.of("../../x"), ".._.._x"),
        c("drive letter", List.of("C:", "Windows"), "C_|Windows"),
        c("drive absolute", List.of("C:\\Windows\\evil.exe"), "C__Windows_evil.exe"),
        c("UNC", List.of("\\\\server\\share"), "__server_share"),
        c("empty elements dropped", List.of("", "a", "", "b"), "a|b"),
        c("everything dropped", List.of("", ".", ".."), "_"),
        c("no elements", List.of(), "_"),
        c("control characters", List.of("a\u0000b\u0001c\nd\u001fe\u007f.txt"), "abcde.txt"),
        c("bidi override", List.of("invoice\u202Efdp.exe"), "invoicefdp.exe"),
        c("all bidi and marks", List.of("a\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069b"), "ab"),
        c("only control chars", List.of("\u0001\u0002"), "_"),
        c("dot dot hidden by bidi", List.of("\u202E..", "x"), "x"),
        c("leading and trailing spaces", List.of("  name  "), "name"),
        c("trailing dots", List.of("name..."), "name"),
        c("only spaces", List.of("   "), "_"),
        c("dots and spaces", List.of(". . ."), "_"),
        c("reserved CON", List.of("CON"), "_CON"),
        c("reserved lower case with extension", List.of("nul.txt"), "_nul.txt"),
        c("reserved double extension", List.of("Com1.tar.gz"), "_Com1.tar.gz"),
        c("reserved LPT9 directory", List.of("LPT9", "x"), "_LPT9|x"),
        c("reserved AUX trailing dot", List.of("aux."), "_aux"),
        c("not reserved", List.of("CONSOLE.txt", "com10"), "CONSOLE.txt|com10"),
        c("reserved console buffers", List.of("conin$", "CONOUT$.txt"), "_conin$|_CONOUT$.txt"),
        c("reserved superscript ports", List.of("COM\u00b9", "lpt\u00b3.log"), "_COM\u00b9|_lpt\u00b3.log"),
        c("superscript four is not a port", List.of("COM\u2074"), "COM\u2074"),
        c("windows forbidden characters", List.of("a<b>c:d\"e|f?g*h"), "a_b_c_d_e_f_g_h"),
        c("unicode kept", List.of("日本語", "Ünïcödé ✓.mkv"), "日本語|Ünïcödé ✓.mkv"),
        c("hidden file kept", List.of(".hidden"), ".hidden"),
        c("unpaired surrogate", List.of("a\uD800b"), "a_b"));
  }

  private static Arguments c(String what, List<String> elements, String expected) {
    return Arguments.of(what, elements, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sanitizes(String what, List<String> elements, String expected) {
    Path p = PathSanitizer.resolve(DL, elements);

    assertThat(p).isEqualTo(DL.resolve(String.join("/", expected.split("\\|"))));
    assertStrictlyUnder(p, DL);
  }

  static Stream<Arguments> clashes() {
    return Stream.of(
        // what, file paths in torrent order ('|' between files, "pad:" marks a padding file), expected paths
        c2("no clash", "a/x|b|c/d/e", "a/x|b|c/d/e"),
        c2("file then folder", "a|a/b", "a.1|a/b"),
        c2("folder then file", "a/b|a", "a/b|a.1"),
        c2("file then deeper folder", "x/a|x/a/b/c", "x/a.1|x/a/b/c"),
        c2("deeper folder then file", "x/a/b/c|x/a", "x/a/b/c|x/a.1"),
        c2("every level a file", "x|x/y|x/y/z", "x.1|x/y.1|x/y/z"),
        c2("extension kept", "film.mkv|film.mkv/sub.srt", "film.1.mkv|film.mkv/sub.srt"),
        c2("renamed name is a folder", "a|a/b|a.1/c", "a.2|a/b|a.1/c"),
        c2("renamed name is a later file", "a|a/b|a.1", "a.1|a/b|a.1.1"),
        c2("renamed name is an earlier file", "a.1|a|a/b", "a.1|a.2|a/b"),
        c2("several files on one folder", "a|a/b|A|a", "a.1|a/b|A.2|a.3"),
        c2("case-insensitive", "A|a/b", "A.1|a/b"),
        c2("same path twice", "a/b|a/b", "a/b|a/b.1"),
        c2("sanitized to one folder", "CON|_CON/x", "_CON.1|_CON/x"),
        c2("padding neither renamed nor counted", "pad:.pad/0|.pad|a", ".pad/0|.pad|a"));
  }

  private static Arguments c2(String what, String files, String expected) {
    return Arguments.of(what, files, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clashes")
  void clashingPathsGetDistinctNames(String what, String files, String expected) {
    Path root = DL.resolve("Torrent");
    List<List<String>> paths = new ArrayList<>();
    List<String> raw = List.of(files.split("\\|"));
    boolean[] skip = new boolean[raw.size()];
    for (int i = 0; i < raw.size(); i++) {
      skip[i] = raw.get(i).startsWith("pad:");
      paths.add(List.of(raw.get(i).replaceFirst("^pad:", "").split("/")));
    }

    Path[] out = PathSanitizer.resolveDistinct(root, paths, skip);

    assertThat(Arrays.stream(out).map(p -> root.relativize(p).toString()).toList())
        .containsExactly(expected.split("\\|"));
    // Same input, same layout: the seed and every downloader agree.
    assertThat(PathSanitizer.resolveDistinct(root, paths, skip)).containsExactly(out);
  }

  @Test
  void thousandsOfFilesWithOneNameAllGetDistinctNames() {
    Path root = DL.resolve("Torrent");
    int n = 20_000;
    List<List<String>> paths = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      paths.add(i % 2 == 0 ? List.of("a.mkv") : List.of("A.MKV"));
    }
    paths.add(List.of("a.mkv", "sub.srt"));

    Path[] out = PathSanitizer.resolveDistinct(root, paths, new boolean[n + 1]);

    assertThat(Arrays.stream(out).map(p -> p.toString().toLowerCase(java.util.Locale.ROOT)).distinct()).hasSize(n + 1);
    assertThat(out[0]).isEqualTo(root.resolve("a.1.mkv"));
    assertThat(out[n - 1]).isEqualTo(root.resolve("A." + n + ".MKV"));
  }

  @Test
  void clashRenamingKeepsOnlyAShortExtension() {
    Path root = DL.resolve("Torrent");
    String name = "x." + "e".repeat(20);
    Path[] out = PathSanitizer.resolveDistinct(root, List.of(List.of(name), List.of(name, "b")), new boolean[2]);

    assertThat(out[0].getFileName().toString()).isEqualTo(name + ".1");
    assertThat(out[1]).isEqualTo(root.resolve(name).resolve("b"));
  }

  @Test
  void longElementIsCutTo240BytesKeepingTheExtension() {
    String name = "x".repeat(300) + ".mkv";

    Path p = PathSanitizer.resolve(DL, List.of(name));

    String element = p.getFileName().toString();
    assertThat(element.getBytes(StandardCharsets.UTF_8)).hasSize(PathSanitizer.MAX_ELEMENT_BYTES);
    assertThat(element).isEqualTo("x".repeat(236) + ".mkv");
    assertStrictlyUnder(p, DL);
  }

  @Test
  void longMultibyteElementIsNotCutInsideACharacter() {
    String name = "é".repeat(100) + "日本".repeat(50) + ".srt"; // 200 + 300 + 4 bytes

    String element = PathSanitizer.resolve(DL, List.of(name)).getFileName().toString();

    byte[] utf8 = element.getBytes(StandardCharsets.UTF_8);
    assertThat(utf8.length).isLessThanOrEqualTo(PathSanitizer.MAX_ELEMENT_BYTES);
    assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo(element).doesNotContain("\uFFFD");
    assertThat(element).endsWith(".srt").startsWith("é".repeat(100) + "日本");
  }

  @Test
  void longElementWithALongExtensionIsSimplyCut() {
    String name = "a".repeat(200) + "." + "b".repeat(100);

    String element = PathSanitizer.resolve(DL, List.of(name)).getFileName().toString();

    assertThat(element).isEqualTo(name.substring(0, 240));
  }

  @Test
  void relativeDownloadDirWorksToo() {
    Path dl = Path.of("downloads");
    Path p = PathSanitizer.resolve(dl, List.of("..", "x"));
    assertThat(p).isEqualTo(Path.of("downloads/x"));
  }

  @Test
  void randomElementsAlwaysStayUnderTheDownloadFolder() {
    Random r = new Random(42);
    String alphabet = "./\\:.. \u0000\u202Eab\u00e9C\uD83D\uDE00";
    for (int i = 0; i < 2_000; i++) {
      List<String> elements = new ArrayList<>();
      int n = r.nextInt(5);
      for (int e = 0; e < n; e++) {
        StringBuilder b = new StringBuilder();
        int len = r.nextInt(12);
        for (int k = 0; k < len; k++) {
          b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        elements.add(b.toString());
      }
      Path p = PathSanitizer.resolve(DL, elements);
      assertStrictlyUnder(p, DL);
      for (Path element : DL.relativize(p)) {
        String s = element.toString();
        assertThat(s).as("%s from %s", s, Arrays.toString(elements.toArray()))
            .isNotIn("", ".", "..").doesNotContain("\u0000", "\\", ":", "\u202E").doesNotEndWith(".");
      }
    }
  }

  private static void assertStrictlyUnder(Path p, Path dir) {
    Path n = p.toAbsolutePath().normalize();
    Path d = dir.toAbsolutePath().normalize();
    assertThat(n.startsWith(d)).as("%s under %s", n, d).isTrue();
    assertThat(n).isNotEqualTo(d);
  }
}
