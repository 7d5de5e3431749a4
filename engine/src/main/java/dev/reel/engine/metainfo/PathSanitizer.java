package dev.reel.engine.metainfo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns untrusted path elements from a torrent into a path that is always strictly under the download folder. Pure and
 * thread-safe.
 *
 * <p>Rules, after libtorrent's {@code sanitize_append_path_element} but the same on every operating system so that a
 * download lands at the same relative path everywhere:
 *
 * <ul>
 *   <li>empty elements, {@code .} and {@code ..} are dropped;
 *   <li>{@code /} and {@code \} inside an element, and the characters Windows forbids ({@code < > : " | ? *}), become
 *       {@code _}, which also neutralises absolute paths and drive letters ({@code C:});
 *   <li>control characters (U+0000..U+001F, U+007F) and bidi/format characters (U+200E, U+200F, U+202A..U+202E,
 *       U+2066..U+2069) are removed; unpaired surrogates become {@code _};
 *   <li>leading and trailing spaces and trailing dots are removed;
 *   <li>Windows device names (CON, PRN, AUX, NUL, CLOCK$, CONIN$, CONOUT$, COM0-9, COM¹²³, LPT0-9, LPT¹²³, with or
 *       without an extension) get a {@code _} prefix;
 *   <li>an element longer than {@link #MAX_ELEMENT_BYTES} bytes of UTF-8 is cut on a character boundary, keeping a
 *       short extension;
 *   <li>an element left empty becomes {@code _}; if nothing is left at all the path is {@code downloadDir/_}.
 * </ul>
 *
 * Finally the result is checked to lie under the download folder (defence in depth).
 */
public final class PathSanitizer {
  /** Longest path element in UTF-8 bytes (file systems allow 255; room is left for a suffix such as ".part"). */
  public static final int MAX_ELEMENT_BYTES = 240;
  /** Longest extension, in UTF-8 bytes including the dot, kept when an element is truncated. */
  public static final int MAX_KEPT_EXTENSION_BYTES = 16;

  private static final String REPLACED = "/\\<>:\"|?*";
  // Windows' device names; it also takes the superscript digits ¹ ² ³ as COM/LPT port numbers, and CONIN$/CONOUT$.
  private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$",
      "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
      "COM\u00b9", "COM\u00b2", "COM\u00b3",
      "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
      "LPT\u00b9", "LPT\u00b2", "LPT\u00b3");

  private PathSanitizer() {}

  /**
   * The sanitized location of {@code elements} under {@code downloadDir}.
   *
   * @throws IllegalArgumentException if, against expectation, the result would not be strictly under downloadDir
   */
  public static Path resolve(Path downloadDir, List<String> elements) {
    Path result = downloadDir;
    for (String raw : elements) {
      String element = sanitizeElement(raw);
      if (element != null) {
        result = result.resolve(element);
      }
    }
    if (result.equals(downloadDir)) {
      result = downloadDir.resolve("_");
    }
    // Checks that the result is within, and not equal to, the download folder.
    Path root = downloadDir.toAbsolutePath().normalize();
    Path normalized = result.toAbsolutePath().normalize();
    if (!normalized.startsWith(root) || normalized.equals(root)) {
      throw new IllegalArgumentException("path " + elements + " escapes the download folder " + downloadDir);
    }
    return result;
  }

  /**
   * The sanitized locations of several files under {@code root} (see {@link #resolve}), made distinct so that every
   * file can be stored. As libtorrent does, the folders of all files are taken first; then, in torrent order, a file
   * whose sanitized path is already taken, compared case-insensitively, gets a {@code .1}, {@code .2}, ... before its
   * extension (the first free one; the stem shortened so the element stays within {@link #MAX_ELEMENT_BYTES}). So:
   * <ul>
   *   <li>a file whose path is another file's folder ({@code a} and {@code a/b}, in either order) is renamed
   *       ({@code a.1}), the folder keeps its name: folders are never renamed;
   *   <li>two files with the same sanitized path ({@code CON} and {@code _CON}, {@code A} and {@code a}, two over-long
   *       names with the same first 240 bytes): the later one is renamed.
   * </ul>
   * The result depends only on the paths, so the seed and every downloader agree on which bytes go where. {@code
   * skip[i]} files (padding, never written) are resolved but neither renamed nor counted.
   */
  static Path[] resolveDistinct(Path root, List<List<String>> paths, boolean[] skip) {
    Path[] out = new Path[paths.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = resolve(root, paths.get(i));
    }
    Set<String> taken = new HashSet<>();
    for (int i = 0; i < out.length; i++) {
      if (!skip[i]) {
        for (Path d = out[i].getParent(); d != null && !d.equals(root); d = d.getParent()) {
          taken.add(key(root, d));
        }
      }
    }
    Map<String, Integer> nextSuffix = new HashMap<>(); // linear time even for thousands of files with one name
    for (int i = 0; i < out.length; i++) {
      if (skip[i]) {
        continue;
      }
      Path p = out[i];
      String name = p.getFileName().toString();
      int dot = name.lastIndexOf('.');
      boolean keepExt = dot > 0
          && name.substring(dot).getBytes(StandardCharsets.UTF_8).length <= MAX_KEPT_EXTENSION_BYTES;
      String stem = keepExt ? name.substring(0, dot) : name;
      String ext = keepExt ? name.substring(dot) : "";
      String base = key(root, p);
      for (int n = nextSuffix.getOrDefault(base, 1); taken.contains(key(root, p)); n++) {
        String suffix = "." + n + ext;
        p = p.resolveSibling(cut(stem, MAX_ELEMENT_BYTES - suffix.getBytes(StandardCharsets.UTF_8).length) + suffix);
        nextSuffix.put(base, n + 1); // names only get taken, so the next clash on this path starts here
      }
      taken.add(key(root, p));
      out[i] = p;
    }
    return out;
  }

  /** The longest prefix of {@code s} within {@code maxBytes} of UTF-8, cut on a character boundary. */
  private static String cut(String s, int maxBytes) {
    StringBuilder kept = new StringBuilder();
    int used = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = utf8Length(cp);
      if (used + n > maxBytes) {
        break;
      }
      kept.appendCodePoint(cp);
      used += n;
      i += Character.charCount(cp);
    }
    return kept.toString();
  }

  private static String key(Path root, Path p) {
    return root.relativize(p).toString().toLowerCase(Locale.ROOT);
  }

  /** One element made safe, or null if it is to be dropped (empty, "." or ".."). */
  static String sanitizeElement(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); ) {
      int cp = raw.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x20 || cp == 0x7f || isBidiOrFormat(cp)) {
        continue;
      }
      if (Character.isSurrogate((char) cp) && Character.charCount(cp) == 1) {
        b.append('_');
      } else if (cp < 0x80 && REPLACED.indexOf(cp) >= 0) {
        b.append('_');
      } else {
        b.appendCodePoint(cp);
      }
    }
    String s = b.toString().strip();
    if (s.equals(".") || s.equals("..")) {
      return null;
    }
    s = stripTrailingDotsAndSpaces(s);
    if (s.isEmpty()) {
      return "_";
    }
    if (isReserved(s)) {
      s = "_" + s;
    }
    s = truncate(s);
    return s.isEmpty() ? "_" : s;
  }

  private static boolean isBidiOrFormat(int cp) {
    return cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
  }

  private static String stripTrailingDotsAndSpaces(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '.' || Character.isWhitespace(s.charAt(end - 1)))) {
      end--;
    }
    return s.substring(0, end);
  }

  /** Windows device names, which Windows treats as such whatever follows the first dot ("nul.txt", "CON.tar.gz"). */
  private static boolean isReserved(String s) {
    int dot = s.indexOf('.');
    String stem = (dot >= 0 ? s.substring(0, dot) : s).strip().toUpperCase(Locale.ROOT);
    return RESERVED.contains(stem);
  }

  private static String truncate(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_ELEMENT_BYTES) {
      return s;
    }
    String ext = "";
    int dot = s.lastIndexOf('.');
    if (dot > 0) {
      String candidate = s.substring(dot);
      if (candidate.getBytes(StandardCharsets.UTF_8).length <= MAX_KEPT_EXTENSION_BYTES) {
        ext = candidate;
      }
    }
    String stem = ext.isEmpty() ? s : s.substring(0, dot);
    int budget = MAX_ELEMENT_BYTES - ext.getBytes(StandardCharsets.UTF_8).length;
    StringBuilder kept = new StringBuilder();
    int used = 0;
    for (int i = 0; i < stem.length(); ) {
      int cp = stem.codePointAt(i);
      int n = utf8Length(cp);
      if (used + n > budget) {
        break;
      }
      kept.appendCodePoint(cp);
      used += n;
      i += Character.charCount(cp);
    }
    String cut = stripTrailingDotsAndSpaces(kept.toString());
    return cut.isEmpty() ? "_" + ext : cut + ext;
  }

  private static int utf8Length(int cp) {
    if (cp < 0x80) {
      return 1;
    } else if (cp < 0x800) {
      return 2;
    } else if (cp < 0x10000) {
      return 3;
    }
    return 4;
  }
}
