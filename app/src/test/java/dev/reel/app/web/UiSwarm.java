package dev.reel.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reel.app.catalog.FixtureServer;
import dev.reel.app.catalog.FixtureServer.Response;
import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.bencode.BEncoder;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The loopback world of the web UI tests: a small H.264/AAC film made by ffmpeg (with an SRT subtitle), three
 * torrents of it (the addon's film, one for the magnet test, one named like an HTML injection for the drop test, one to download), a
 * second Reel engine seeding them (upload-limited so the download is visible), and one local HTTP server that is
 * both their tracker ({@code /announce}) and a Stremio-protocol addon ({@code /addon/...}) listing the film and a
 * series, with the streams pointing at the torrents ({@code /t/<name>.torrent}). Under {@code /ia/} it is also the
 * Internet Archive's television ({@code classic_tv}): one public-domain show whose item holds two episode files, its
 * metadata and its {@code _archive.torrent} (seeded too); the Archive's feature films are not there ("offline").
 */
final class UiSwarm implements AutoCloseable {
  static final String FILM_TITLE = "The Reel Test Film";
  static final String SHOW_TITLE = "Loopback Stories";
  static final String XSS_NAME = "<img src=x onerror=alert(1)>";
  /** The second video of the hostile torrent. */
  static final String XSS_SECOND = "<b onmouseover=alert(2)>bold";
  static final String BROKEN_NAME = "Broken Codec Sample";
  /** The Internet Archive show: item id, title, and its two episodes' file names and titles. */
  static final String TV_ITEM = "loopback_tv_1960";
  static final String TV_TITLE = "Loopback Television (1960)";
  static final String[][] TV_EPISODES = {{"Loopback_TV_S01E01_Colour_Bars.mp4", "Colour Bars"},
      {"Loopback_TV_S01E02_The_Tone.mp4", "The Tone"}};
  static final String DOWNLOAD_TITLE = "Download Sample";
  static final int FILM_SECONDS = 60;
  /** Filler titles in the addon's film catalog, and its page size (Stremio's is 100). */
  static final int FILLERS = 70;
  static final int ADDON_PAGE = 50;
  /** Upload limit of the seed: the film (~2 MB) takes a few seconds, so partial downloads are seen. */
  static final long SEED_UPLOAD_LIMIT = 400 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final Metainfo film;
  final Metainfo magnetFilm;
  final Metainfo xssFilm;
  final Metainfo broken;
  final Metainfo season;
  final Metainfo tv;
  /** Downloaded (not played) by the Transfers test. */
  final Metainfo downloadFilm;
  final byte[] xssTorrent;
  final FixtureServer http;
  final Engine seed;

  UiSwarm(Path dir) throws Exception {
    this.dir = dir;
    Path mp4 = makeFilm(dir.resolve("media"));
    http = FixtureServer.start();
    String announce = http.uri("/announce").toString();
    film = torrent(dir, FILM_TITLE, List.of(mp4), true, announce);
    magnetFilm = torrent(dir, "Magnet Sample", List.of(mp4), false, announce);
    Path second = dir.resolve("media").resolve(XSS_SECOND + ".mp4");
    Files.copy(mp4, second, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    xssFilm = torrent(dir, XSS_NAME, List.of(mp4, second), false, announce);
    Path junk = dir.resolve("media").resolve("junk.mp4");
    byte[] noise = new byte[300 * 1024];
    new java.util.Random(7).nextBytes(noise);
    Files.write(junk, noise);
    broken = torrent(dir, BROKEN_NAME, List.of(junk), false, announce);
    Path e2 = dir.resolve("media").resolve(SHOW_TITLE + " S01E02.mp4");
    Files.copy(mp4, e2, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    season = torrent(dir, SHOW_TITLE + " S01E01", List.of(mp4, e2), false, announce); // a season pack
    tv = archiveTorrent(dir, mp4, announce);
    downloadFilm = torrent(dir, DOWNLOAD_TITLE, List.of(mp4), false, announce);
    xssTorrent = xssFilm.toTorrentBytes();
    seed = Engine.start(EngineConfig.defaults(dir.resolve("seed"))
        .withStateDir(dir.resolve("seed-state"))
        .withListenPort(0)
        .withBindAddress(InetAddress.getLoopbackAddress())
        .withRateLimits(0, SEED_UPLOAD_LIMIT));
    for (Metainfo m : List.of(film, magnetFilm, xssFilm, broken, season, tv, downloadFilm)) {
      seed.add(m, AddOptions.DEFAULT.withDownloadDir(dir.resolve("seed")));
    }
    int seedPort = seed.listenPort();
    http.route("/announce", ex -> {
      byte[] peer = ByteBuffer.allocate(6).put(new byte[] {127, 0, 0, 1}).putShort((short) seedPort).array();
      Map<String, Object> reply = new LinkedHashMap<>();
      reply.put("interval", 60L);
      reply.put("peers", peer);
      return new Response(200, BEncoder.encode(reply), "text/plain");
    });
    http.route("/t/", ex -> {
      String name = URLDecoder.decode(ex.getRequestURI().getRawPath().substring(3), StandardCharsets.UTF_8);
      Path f = dir.resolve("torrents").resolve(name);
      return Files.isRegularFile(f) && name.endsWith(".torrent") && !name.contains("/")
          ? new Response(200, Files.readAllBytes(f), "application/x-bittorrent") : Response.notFound();
    });
    http.route("/addon/", ex -> addon(ex.getRequestURI().getRawPath().substring("/addon".length())));
    http.route("/ia/", ex -> archive(ex.getRequestURI().getRawPath().substring("/ia".length()),
        ex.getRequestURI().getRawQuery()));
  }

  /** The Internet Archive's shapes for one television item (and nothing else: the feature films are "offline"). */
  private Response archive(String path, String rawQuery) throws IOException {
    if (path.equals("/advancedsearch.php")) {
      String q = URLDecoder.decode(rawQuery == null ? "" : rawQuery, StandardCharsets.UTF_8);
      if (!q.contains("collection:classic_tv")) {
        return Response.notFound();
      }
      boolean searching = q.contains(") AND (");
      List<Object> docs = !searching || q.toLowerCase(Locale.ROOT).contains("loopback")
          ? List.of(Map.of("identifier", TV_ITEM, "title", TV_TITLE, "year", "1960", "subject", List.of("Documentary"),
              "description", "Two episodes of colour bars and a tone, in the public domain.",
              "licenseurl", "http://creativecommons.org/publicdomain/mark/1.0/"))
          : List.of();
      return Response.json(JSON.writeValueAsBytes(Map.of("response", Map.of("numFound", docs.size(), "start", 0,
          "docs", docs))));
    }
    if (path.equals("/metadata/" + TV_ITEM)) {
      List<Object> files = new ArrayList<>();
      for (String[] e : TV_EPISODES) {
        files.add(Map.of("name", e[0], "source", "original", "format", "MPEG4", "title", e[1], "height", "180",
            "size", String.valueOf(tv.files().stream().filter(f -> f.displayPath().equals(e[0])).findFirst()
                .orElseThrow().length())));
      }
      files.add(Map.of("name", TV_ITEM + "_archive.torrent", "source", "metadata", "format", "Archive BitTorrent",
          "btih", tv.infoHash().hex()));
      return Response.json(JSON.writeValueAsBytes(Map.of("files", files, "metadata", Map.of("identifier", TV_ITEM,
          "mediatype", "movies", "collection", "classic_tv", "title", TV_TITLE, "year", "1960",
          "description", "Two episodes of colour bars and a tone, in the public domain.",
          "licenseurl", "http://creativecommons.org/publicdomain/mark/1.0/"))));
    }
    if (path.equals("/download/" + TV_ITEM + "/" + TV_ITEM + "_archive.torrent")) {
      return new Response(200, tv.toTorrentBytes(), "application/x-bittorrent");
    }
    return Response.json("{}".getBytes(StandardCharsets.UTF_8)); // no such item, as the Archive answers
  }

  /**
   * The show's item as an Archive-style torrent: named after the item, one folder with the episode files (copies of
   * the film), our tracker; the seed gets the data.
   */
  private static Metainfo archiveTorrent(Path root, Path video, String announce) throws Exception {
    Path folder = root.resolve("make").resolve(TV_ITEM);
    Path seedFolder = root.resolve("seed").resolve(TV_ITEM);
    Files.createDirectories(folder);
    Files.createDirectories(seedFolder);
    for (String[] e : TV_EPISODES) {
      Files.copy(video, folder.resolve(e[0]), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(video, seedFolder.resolve(e[0]), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return Metainfo.parse(TorrentCreator.forPath(folder).addTracker(announce).pieceLength(64 * 1024).build());
  }

  String manifestUrl() {
    return http.uri("/addon/manifest.json").toString();
  }

  /** A magnet link of a torrent, with our tracker. */
  String magnet(Metainfo m) {
    return "magnet:?xt=urn:btih:" + m.infoHash().hex() + "&dn=" + m.name().replace(" ", "%20") + "&tr="
        + http.uri("/announce");
  }

  private Response addon(String rawPath) throws IOException {
    String path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
    Object body;
    Map<String, Object> movie = meta("rt:film", "movie", FILM_TITLE, "2024", List.of("Animation", "Documentary"),
        "A minute of colour bars and a tone, shared by a loopback swarm so the player has something to play.");
    Map<String, Object> show = meta("rt:show", "series", SHOW_TITLE, "2023-2024", List.of("Documentary"),
        "A series whose episodes all stream the same test film.");
    if (path.equals("/manifest.json")) {
      body = Map.of("id", "dev.reel.uitest", "version", "1.0.0", "name", "Loopback Films",
          "description", "Films for the web UI tests", "types", List.of("movie", "series"),
          "catalogs", List.of(
              Map.of("type", "movie", "id", "films", "name", "Loopback films",
                  "extra", List.of(Map.of("name", "search"), Map.of("name", "genre",
                      "options", List.of("Animation", "Documentary")), Map.of("name", "skip"))),
              Map.of("type", "series", "id", "shows", "name", "Loopback series",
                  "extra", List.of(Map.of("name", "search"), Map.of("name", "skip")))),
          "resources", List.of("catalog", "meta", "stream"), "idPrefixes", List.of("rt:"));
    } else if (path.startsWith("/catalog/")) {
      String extra = path.contains("/films/") || path.contains("/shows/")
          ? path.substring(path.lastIndexOf('/') + 1).replace(".json", "") : "";
      List<Map<String, Object>> all = new ArrayList<>();
      if (path.startsWith("/catalog/movie/films")) {
        all.add(movie);
        for (int i = 1; i <= FILLERS; i++) { // enough titles for the browse grid to scroll for more
          all.add(meta("rt:filler" + i, "movie", String.format("Loopback Short No. %02d", i),
              String.valueOf(1990 + i % 30), List.of(i % 2 == 0 ? "Animation" : "Documentary"), "A short."));
        }
      } else if (path.startsWith("/catalog/series/shows")) {
        all.add(show);
      }
      int skip = 0;
      String search = null;
      for (String kv : extra.split("&")) {
        if (kv.startsWith("search=")) search = kv.substring(7).toLowerCase(Locale.ROOT);
        if (kv.startsWith("skip=")) skip = Integer.parseInt(kv.substring(5));
      }
      List<Map<String, Object>> out = new ArrayList<>();
      for (Map<String, Object> m : all) {
        if (search != null && !((String) m.get("name")).toLowerCase(Locale.ROOT).contains(search)) continue;
        out.add(m);
      }
      body = Map.of("metas", out.subList(Math.min(skip, out.size()), Math.min(skip + ADDON_PAGE, out.size())));
    } else if (path.equals("/meta/movie/rt:film.json")) {
      body = Map.of("meta", movie);
    } else if (path.equals("/meta/series/rt:show.json")) {
      Map<String, Object> full = new LinkedHashMap<>(show);
      List<Map<String, Object>> videos = new ArrayList<>();
      String[][] names = {{"1", "1", "Pilot"}, {"1", "2", "The Tracker"}, {"1", "3", "Choked"}, {"2", "1", "Endgame"}};
      for (String[] n : names) {
        videos.add(Map.of("id", "rt:show:" + n[0] + ":" + n[1], "title", n[2], "season", Integer.parseInt(n[0]),
            "episode", Integer.parseInt(n[1]), "released", "2023-0" + n[1] + "-01T00:00:00.000Z"));
      }
      full.put("videos", videos);
      body = Map.of("meta", full);
    } else if (path.startsWith("/stream/")) {
      // episodes are files of a season pack (fileIdx), the film a torrent of its own
      Metainfo m = path.startsWith("/stream/series/") ? season : film;
      Map<String, Object> stream = new LinkedHashMap<>();
      stream.put("name", "Loopback\n720p");
      stream.put("title", m.name() + " 720p (H.264, AAC)");
      stream.put("infoHash", m.infoHash().hex());
      stream.put("sources", List.of("tracker:" + http.uri("/announce")));
      stream.put("torrentUrl", http.uri("/t/" + m.name().replace(" ", "%20") + ".torrent").toString());
      stream.put("seeders", 1);
      stream.put("behaviorHints", Map.of("bingeGroup", "loopback"));
      if (m == season) {
        String episode = path.endsWith(":1:2.json") ? "S01E02" : "S01E01";
        stream.put("fileIdx", m.files().stream().filter(f -> String.join("/", f.path()).contains(episode))
            .findFirst().orElseThrow().index());
      }
      body = Map.of("streams", List.of(stream));
    } else {
      return Response.notFound();
    }
    return Response.json(JSON.writeValueAsBytes(body));
  }

  private static Map<String, Object> meta(String id, String type, String name, String year, List<String> genres,
      String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("type", type);
    m.put("name", name);
    m.put("releaseInfo", year);
    m.put("genres", genres);
    m.put("description", description);
    m.put("runtime", "1 min");
    return m;
  }

  /**
   * A folder torrent {name}/ with the film (and, if asked, an English SRT), made under root/make; its .torrent goes
   * to root/torrents and its data to root/seed under the names the engine's path sanitizer gives them
   * ({@code < > : " | ? *} become {@code _}), where the seed finds it.
   */
  private static Metainfo torrent(Path root, String name, List<Path> videos, boolean subtitles, String announce)
      throws Exception {
    Path folder = root.resolve("make").resolve(name);
    Files.createDirectories(folder);
    for (int i = 0; i < videos.size(); i++) {
      String file = i == 0 ? name + ".mp4" : videos.get(i).getFileName().toString();
      Files.copy(videos.get(i), folder.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    if (subtitles) {
      Files.writeString(folder.resolve(name + ".en.srt"), """
          1
          00:00:01,000 --> 00:00:30,000
          <i>Hello</i> from the loopback swarm

          2
          00:00:30,500 --> 00:00:59,000
          Second subtitle & more
          """);
    }
    byte[] bytes = TorrentCreator.forPath(folder).addTracker(announce).pieceLength(64 * 1024).build();
    Files.createDirectories(root.resolve("torrents"));
    Files.write(root.resolve("torrents").resolve(name + ".torrent"), bytes);
    Path seedFolder = root.resolve("seed").resolve(sanitize(name));
    Files.createDirectories(seedFolder);
    try (var files = Files.list(folder)) {
      for (Path f : files.toList()) {
        Files.copy(f, seedFolder.resolve(sanitize(f.getFileName().toString())),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return Metainfo.parse(bytes);
  }

  private static String sanitize(String element) {
    return element.replaceAll("[<>:\"|?*]", "_");
  }

  /** A 60 s 320x180 H.264/AAC MP4 with the index first (faststart) and a key frame every second. */
  static Path makeFilm(Path dir) throws IOException, InterruptedException {
    Tools.requireExecutable("ffmpeg");
    Files.createDirectories(dir);
    Path out = dir.resolve("film.mp4");
    Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=" + FILM_SECONDS,
        "-f", "lavfi", "-i", "sine=frequency=440:duration=" + FILM_SECONDS,
        "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "baseline", "-pix_fmt", "yuv420p",
        "-g", "25", "-b:v", "220k", "-c:a", "aac", "-b:a", "48k", "-movflags", "+faststart", "-shortest",
        out.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("ffmpeg failed: " + Files.readString(dir.resolve("ffmpeg.log")));
    }
    return out;
  }

  @Override
  public void close() {
    seed.close();
    http.close();
  }

  static Duration patience() {
    return Duration.ofSeconds(45);
  }
}
