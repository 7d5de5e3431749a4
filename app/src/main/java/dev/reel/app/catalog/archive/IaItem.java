package dev.reel.app.catalog.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.app.catalog.Licence;
import dev.reel.app.catalog.TorrentStreams;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An item from the Internet Archive's Metadata Read API ({@code /metadata/{identifier}}): its {@code metadata} object,
 * its files and the data nodes that hold them ({@code d1}, {@code d2}, {@code dir}). Immutable.
 */
record IaItem(String identifier, JsonNode metadata, List<IaFile> files, String d1, String d2, String dir) {
  private static final Pattern CC_LICENCE = Pattern.compile("creativecommons\\.org/licenses/([a-z-]+)/([0-9.]+)");
  private static final Pattern CC_ANY = Pattern.compile("^https?://(www\\.)?creativecommons\\.org/(licenses|publicdomain)/");
  private static final Pattern PUBLIC_DOMAIN = Pattern.compile("(?i)\\bpublic[ -]domain\\b");

  /**
   * One file of an item.
   *
   * @param original for a derivative ({@code source: derivative}), the file it was made from
   * @param title the file's own {@code title} field (items with many videos often name each one)
   */
  record IaFile(String name, Long size, String format, String source, Integer height, String length, String btih,
      String original, String title) {
    boolean derivative() {
      return "derivative".equalsIgnoreCase(source);
    }
  }

  static IaItem of(String identifier, JsonNode root) {
    List<IaFile> files = new ArrayList<>();
    for (JsonNode f : root.path("files")) {
      String name = IaJson.first(f.get("name"));
      if (name == null) {
        continue;
      }
      Long height = IaJson.longValue(f.get("height"));
      files.add(new IaFile(name, IaJson.longValue(f.get("size")), IaJson.first(f.get("format")),
          IaJson.first(f.get("source")), height == null ? null : height.intValue(), IaJson.first(f.get("length")),
          IaJson.first(f.get("btih")), IaJson.first(f.get("original")), IaJson.first(f.get("title"))));
    }
    return new IaItem(identifier, root.get("metadata"), List.copyOf(files), IaJson.first(root.get("d1")),
        IaJson.first(root.get("d2")), IaJson.first(root.get("dir")));
  }

  static boolean webFormat(String fileName) {
    return List.of("mp4", "m4v", "webm").contains(
        fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
  }

  /** Video files, best first (browser formats first, then larger). */
  List<IaFile> videos() {
    return files.stream().filter(f -> TorrentStreams.isVideo(f.name()))
        .sorted(Comparator.comparing((IaFile f) -> webFormat(f.name()) ? 0 : 1)
            .thenComparing(f -> f.size() == null ? 0 : -f.size()))
        .toList();
  }

  Optional<IaFile> file(String name) {
    return files.stream().filter(x -> x.name().equals(name)).findFirst();
  }

  /** "480p" from the file's height, else the quality in its name, else its format. */
  String quality(String fileName) {
    Optional<IaFile> f = file(fileName);
    if (f.isPresent() && f.get().height() != null && f.get().height() > 0) {
      return f.get().height() + "p";
    }
    return TorrentStreams.qualityOf(fileName)
        .orElse(f.map(IaFile::format).filter(x -> x != null).orElse("Video"));
  }

  /** The metadata's runtime, or the main video's length in minutes. */
  String runtime() {
    String r = IaJson.first(metadata.get("runtime"));
    if (r != null) {
      return r;
    }
    return videos().stream().map(IaFile::length).filter(l -> l != null).findFirst().map(IaJson::minutes)
        .orElse(null);
  }

  /** The info-hash the metadata lists for the item's {@code _archive.torrent}, if any (unchecked text). */
  String torrentBtih() {
    String torrentName = identifier + "_archive.torrent";
    return files.stream().filter(x -> x.name().equals(torrentName)).map(IaFile::btih).filter(h -> h != null)
        .findFirst().orElse(null);
  }

  /** Web seeds as the Archive writes them in its torrents: the data nodes' item folders, then /download/. */
  List<String> webSeeds(String base) {
    List<String> out = new ArrayList<>();
    if (dir != null && dir.lastIndexOf('/') > 0) {
      String parent = dir.substring(0, dir.lastIndexOf('/') + 1);
      for (String node : new String[] {d1, d2}) {
        if (node != null && node.matches("[A-Za-z0-9.-]+")) {
          out.add("http://" + node + parent);
        }
      }
    }
    out.add(base + "/download/");
    return out;
  }

  /** The item's licence: from {@code licenseurl}, else "Public Domain" when its rights say so; null when unknown. */
  Licence licence() {
    Licence l = licence(IaJson.first(metadata.get("licenseurl")));
    if (l != null) {
      return l;
    }
    return saysPublicDomain(metadata) ? new Licence("Public Domain", null) : null;
  }

  /**
   * Whether an item (its metadata, or a search document with the same fields) may be shared: a Creative Commons
   * licence or public-domain tool in {@code licenseurl}, or "public domain" in {@code rights} or
   * {@code possible-copyright-status}.
   */
  static boolean isFree(JsonNode metadataOrDoc) {
    String url = IaJson.first(metadataOrDoc.get("licenseurl"));
    if (url != null && CC_ANY.matcher(url.strip().toLowerCase(Locale.ROOT)).find()) {
      return true;
    }
    return saysPublicDomain(metadataOrDoc);
  }

  private static boolean saysPublicDomain(JsonNode md) {
    for (String field : new String[] {"rights", "possible-copyright-status"}) {
      for (String s : IaJson.all(md.get(field))) {
        if (PUBLIC_DOMAIN.matcher(s).find()) {
          return true;
        }
      }
    }
    return false;
  }

  /** A licence named from its Creative Commons URL, or just the URL. */
  static Licence licence(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String u = url.toLowerCase(Locale.ROOT);
    if (u.contains("creativecommons.org/publicdomain/mark/")) {
      return new Licence("Public Domain Mark 1.0", url);
    }
    if (u.contains("creativecommons.org/publicdomain/zero/")) {
      return new Licence("CC0 1.0", url);
    }
    Matcher m = CC_LICENCE.matcher(u);
    if (m.find()) {
      return new Licence("CC " + m.group(1).toUpperCase(Locale.ROOT) + " " + m.group(2), url);
    }
    return new Licence(null, url);
  }
}
