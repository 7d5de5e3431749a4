package dev.reel.engine.metainfo;

import dev.reel.engine.bencode.BEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fixtures shared by the metainfo tests. */
final class TestTorrents {
  private TestTorrents() {}

  static byte[] resource(String name) {
    try (InputStream in = TestTorrents.class.getResourceAsStream("/torrents/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /torrents/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid single-file info dict (3 pieces of 16 KiB for 40,000 bytes), as a mutable map. */
  static Map<String, Object> singleInfo() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("name", "movie.mkv");
    info.put("piece length", 16384);
    info.put("length", 40_000L);
    info.put("pieces", new byte[60]);
    return info;
  }

  /** A valid multi-file info dict: 3 files, 30,000 bytes, pieces of 16 KiB. */
  static Map<String, Object> multiInfo() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("name", "Show");
    info.put("piece length", 16384);
    info.put("files", List.of(
        Map.of("length", 10_000L, "path", List.of("Season 1", "e01.mkv")),
        Map.of("length", 0L, "path", List.of("empty.txt")),
        Map.of("length", 20_000L, "path", List.of("Season 1", "e02.mkv"))));
    info.put("pieces", new byte[40]);
    return info;
  }

  static byte[] torrent(Map<String, Object> info) {
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("announce", "http://tracker.example/announce");
    top.put("info", info);
    return BEncoder.encode(top);
  }

  static byte[] torrent(Map<String, Object> info, Map<String, Object> extraTop) {
    Map<String, Object> top = new LinkedHashMap<>(extraTop);
    top.put("info", info);
    return BEncoder.encode(top);
  }

  /** A copy of the map with one entry set (or removed when value is null). */
  static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(map);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return copy;
  }
}
