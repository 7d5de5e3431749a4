package dev.reel.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * How {@code reel info} and {@code reel create} show a torrent: aligned "key: value" text, or one JSON object whose
 * field names are a contract (name, infoHash, pieceLength, pieceCount, totalLength, private, trackers, webSeeds,
 * files[{index, path, length}], plus comment, createdBy, creationDate, magnet). Padding files (BEP 47) are not
 * listed; file indices are the torrent's own, the ones {@code download --file N} takes.
 */
final class InfoPrinter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InfoPrinter() {}

  /** A file's path as it will be on disk under the download folder, before sanitizing: "name/dir/file". */
  static String filePath(Metainfo m, FileEntry f) {
    if (!m.multiFile()) {
      return m.name();
    }
    // FileEntry.path holds the torrent's own elements; for a multi-file torrent they sit under the name folder.
    return m.name() + "/" + String.join("/", f.path());
  }

  /** Announce URLs in tier order, each once. */
  static List<String> trackers(Metainfo m) {
    LinkedHashSet<String> urls = new LinkedHashSet<>();
    m.announceTiers().forEach(urls::addAll);
    return new ArrayList<>(urls);
  }

  static List<FileEntry> visibleFiles(Metainfo m) {
    return m.files().stream().filter(f -> !f.padding()).toList();
  }

  static String magnet(Metainfo m) {
    return Magnet.of(m).toUri();
  }

  static void text(Metainfo m, PrintWriter out) {
    row(out, "name", m.name());
    row(out, "info-hash", m.infoHash().hex());
    row(out, "piece size", Formats.bytes(m.pieceLength()) + " (" + m.pieceLength() + " bytes)");
    row(out, "pieces", Integer.toString(m.pieceCount()));
    row(out, "total size", Formats.bytes(m.totalLength()) + " (" + m.totalLength() + " bytes)");
    row(out, "private", m.isPrivate() ? "yes" : "no");
    m.comment().ifPresent(c -> row(out, "comment", c.replace('\n', ' ')));
    m.createdBy().ifPresent(c -> row(out, "created by", c));
    m.creationDate().ifPresent(d -> row(out, "created", d.toString()));
    List<List<String>> tiers = m.announceTiers();
    if (tiers.isEmpty() || tiers.stream().allMatch(List::isEmpty)) {
      row(out, "trackers", "(none)");
    }
    for (int t = 0; t < tiers.size(); t++) {
      for (String url : tiers.get(t)) {
        row(out, "tracker", url + (tiers.size() > 1 ? "  (tier " + (t + 1) + ")" : ""));
      }
    }
    for (String seed : m.urlList()) {
      row(out, "web seed", seed);
    }
    List<FileEntry> files = visibleFiles(m);
    out.println("files (" + files.size() + "):");
    int width = Integer.toString(m.files().size() - 1).length();
    for (FileEntry f : files) {
      out.printf(Locale.ROOT, "  %" + width + "d  %10s  %s%n", f.index(), Formats.bytes(f.length()), filePath(m, f));
    }
  }

  static void row(PrintWriter out, String key, String value) {
    out.printf(Locale.ROOT, "%-11s %s%n", key + ":", value);
  }

  static ObjectNode jsonNode(Metainfo m) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", m.name());
    o.put("infoHash", m.infoHash().hex());
    o.put("pieceLength", m.pieceLength());
    o.put("pieceCount", m.pieceCount());
    o.put("totalLength", m.totalLength());
    o.put("private", m.isPrivate());
    ArrayNode trackers = o.putArray("trackers");
    trackers(m).forEach(trackers::add);
    ArrayNode seeds = o.putArray("webSeeds");
    m.urlList().forEach(seeds::add);
    ArrayNode files = o.putArray("files");
    for (FileEntry f : visibleFiles(m)) {
      files.addObject().put("index", f.index()).put("path", filePath(m, f)).put("length", f.length());
    }
    o.put("comment", m.comment().orElse(null));
    o.put("createdBy", m.createdBy().orElse(null));
    o.put("creationDate", m.creationDate().map(Object::toString).orElse(null));
    o.put("magnet", magnet(m));
    return o;
  }

  static String json(Metainfo m) {
    try {
      return JSON.writeValueAsString(jsonNode(m));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
