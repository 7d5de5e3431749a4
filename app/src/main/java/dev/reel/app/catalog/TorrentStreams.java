package dev.reel.app.catalog;

import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Streams and subtitles described from a parsed torrent: which file is the film, its size, the trackers as Stremio
 * sources, the web seeds (BEP 19) and a magnet link (BEP 9). Stateless and thread-safe.
 */
public final class TorrentStreams {
  /** Video extensions browsers play natively, preferred for the main video. */
  private static final List<String> WEB_VIDEO = List.of("mp4", "m4v", "webm");
  /** Other video extensions. */
  private static final List<String> OTHER_VIDEO = List.of("mkv", "ogv", "avi", "mov", "mpeg", "mpg", "ts", "m2ts",
      "wmv", "flv", "divx", "3gp");
  private static final List<String> SUBTITLE = List.of("srt", "vtt", "ass", "ssa");
  /** ISO 639-1 codes seen in subtitle file names, to ISO 639-2 (what Stremio's {@code lang} prefers). */
  private static final Map<String, String> LANG = Map.ofEntries(Map.entry("en", "eng"), Map.entry("es", "spa"),
      Map.entry("fr", "fra"), Map.entry("it", "ita"), Map.entry("de", "deu"), Map.entry("pt", "por"),
      Map.entry("nl", "nld"), Map.entry("ru", "rus"), Map.entry("ja", "jpn"), Map.entry("zh", "zho"),
      Map.entry("pl", "pol"), Map.entry("sv", "swe"), Map.entry("cs", "ces"), Map.entry("ar", "ara"));

  private TorrentStreams() {}

  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The file's name: the last element of its path in the torrent. */
  public static String fileName(FileEntry f) {
    return f.path().get(f.path().size() - 1);
  }

  public static boolean isVideo(String fileName) {
    String ext = extension(fileName);
    return WEB_VIDEO.contains(ext) || OTHER_VIDEO.contains(ext);
  }

  /**
   * Video files, best first: formats browsers play (mp4, m4v, webm) before others, then larger before smaller.
   * Padding files (BEP 47) are never listed.
   */
  public static List<FileEntry> videos(Metainfo m) {
    return m.files().stream().filter(f -> !f.padding() && isVideo(fileName(f)))
        .sorted(Comparator.comparing((FileEntry f) -> WEB_VIDEO.contains(extension(fileName(f))) ? 0 : 1)
            .thenComparing(Comparator.comparingLong(FileEntry::length).reversed()))
        .toList();
  }

  /** The film: the best video file, or the largest file when there is no video. */
  public static FileEntry mainFile(Metainfo m) {
    List<FileEntry> v = videos(m);
    if (!v.isEmpty()) {
      return v.get(0);
    }
    return m.files().stream().filter(f -> !f.padding()).max(Comparator.comparingLong(FileEntry::length))
        .orElseThrow();
  }

  /** The index of the file with this name (last path element, compared exactly), if any. */
  public static Optional<FileEntry> fileNamed(Metainfo m, String name) {
    return m.files().stream().filter(f -> !f.padding() && fileName(f).equals(name)).findFirst();
  }

  /** {@code tracker:<url>} for each http(s)/udp tracker (WebSocket trackers are skipped), then {@code dht:<hash>}. */
  public static List<String> sources(Metainfo m) {
    List<String> out = new ArrayList<>();
    for (List<String> tier : m.announceTiers()) {
      for (String t : tier) {
        String s = Untrusted.source("tracker:" + t);
        if (s != null && !out.contains(s)) {
          out.add(s);
        }
      }
    }
    if (!m.isPrivate()) {
      out.add("dht:" + m.infoHash().hex());
    }
    return List.copyOf(out);
  }

  /** Subtitle files of the torrent, located by info-hash and file index; language from names like "x.en.srt". */
  public static List<Subtitle> subtitles(Metainfo m) {
    List<Subtitle> out = new ArrayList<>();
    for (FileEntry f : m.files()) {
      String n = fileName(f);
      if (f.padding() || !SUBTITLE.contains(extension(n))) {
        continue;
      }
      String lang = languageOf(n);
      out.add(Subtitle.inTorrent(m.infoHash().hex() + "/" + f.index(), m.infoHash().hex(), f.index(), lang, n));
    }
    return List.copyOf(out);
  }

  /** The language code in a name like "film.en.srt" (as ISO 639-2 when known), or "und" (undetermined). */
  public static String languageOf(String fileName) {
    String base = fileName.substring(0, Math.max(0, fileName.lastIndexOf('.')));
    int dot = base.lastIndexOf('.');
    if (dot < 0) {
      return "und";
    }
    String code = base.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (LANG.containsKey(code)) {
      return LANG.get(code);
    }
    return code.length() == 3 && code.chars().allMatch(Character::isLetter) ? code : "und";
  }

  /** The quality label in a file name ("1080p", "720p", "2160p"), if any. */
  public static Optional<String> qualityOf(String fileName) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<![0-9])(2160|1440|1080|720|576|480|360)p")
        .matcher(fileName.toLowerCase(Locale.ROOT));
    return m.find() ? Optional.of(m.group(1) + "p") : Optional.empty();
  }

  /**
   * A stream for one file of a torrent: info-hash, file index, size, trackers and DHT as sources, web seeds, magnet,
   * in-torrent subtitles and a filename hint.
   *
   * @param name the stream's label (quality); when null, the quality in the file name or the file's format
   * @param torrentUrl where the .torrent can be fetched, or null
   */
  public static Stream stream(Metainfo m, FileEntry file, String name, String torrentUrl) {
    String fn = fileName(file);
    String label = name != null ? name
        : qualityOf(fn).orElse(extension(fn).toUpperCase(Locale.ROOT));
    List<String> webSeeds = m.urlList().stream().map(Untrusted::httpUrl).filter(java.util.Objects::nonNull).toList();
    return Stream.builder()
        .name(label)
        .description(file.displayPath())
        .infoHash(m.infoHash().hex())
        .fileIdx(file.index())
        .size(file.length())
        .sources(sources(m))
        .webSeeds(webSeeds)
        .magnet(Magnet.of(m).toUri())
        .torrentUrl(torrentUrl)
        .subtitles(subtitles(m))
        .behaviorHints(StreamHints.ofFile(fn, file.length()))
        .build();
  }

  static boolean isHttp(URI u) {
    return u.getScheme() != null && List.of("http", "https").contains(u.getScheme().toLowerCase(Locale.ROOT));
  }
}
