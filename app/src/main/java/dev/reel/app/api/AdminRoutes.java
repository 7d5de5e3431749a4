package dev.reel.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reel.app.catalog.HttpFetcher;
import dev.reel.app.catalog.ProviderException;
import dev.reel.app.catalog.TorrentStreams;
import dev.reel.app.catalog.mine.MyTorrent;
import dev.reel.app.library.CacheEntry;
import dev.reel.app.library.ProviderEntry;
import dev.reel.app.library.Settings;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Settings, providers, "My torrents" and the cache (docs/API.md). */
final class AdminRoutes {
  private final ApiContext ctx;

  AdminRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  void install(ApiHandler api) {
    api.get("/api/settings", r -> ctx.library().settings().get().toMap());
    api.put("/api/settings", r -> {
      ObjectNode b = r.json();
      Settings s;
      try {
        s = ctx.library().settings().update(Json.toMap(b));
      } catch (Settings.InvalidSettingsException e) {
        throw new ApiException(400, "bad_request", e.getMessage(), e.problems());
      }
      ctx.engine().setRateLimits(s.downloadLimitKiB() * 1024, s.uploadLimitKiB() * 1024);
      return s.toMap();
    });

    api.get("/api/providers", r -> Map.of("providers", providers(ctx.catalogs().entries())));
    api.post("/api/providers", r -> {
      String url = Json.text(r.json(), "manifestUrl");
      URI uri;
      try {
        uri = HttpFetcher.requireHttp(URI.create(url.strip()));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("an addon URL must be an http(s) URL: " + e.getMessage());
      }
      try {
        return Reply.created(provider(ctx.catalogs().addAddon(uri)));
      } catch (ProviderException e) {
        throw new ApiException(502, "provider_failed", "cannot read the addon's manifest: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().contains("already")) {
          throw ApiException.conflict(e.getMessage());
        }
        throw e;
      }
    });
    api.put("/api/providers/order", r -> {
      JsonNode ids = r.json().get("ids");
      if (ids == null || !ids.isArray()) {
        throw ApiException.badRequest("the field \"ids\" (a list of provider ids) is required");
      }
      List<String> list = new ArrayList<>();
      ids.forEach(n -> list.add(n.asText()));
      return Map.of("providers", providers(ctx.catalogs().reorder(list)));
    });
    api.put("/api/providers/([^/]+)", r -> {
      boolean enabled = Json.bool(r.json(), "enabled");
      return provider(ctx.catalogs().setEnabled(r.path(1), enabled)
          .orElseThrow(() -> ApiException.notFound("no provider " + r.path(1))));
    });
    api.delete("/api/providers/([^/]+)", r -> {
      if (!ctx.catalogs().remove(r.path(1))) {
        throw ApiException.notFound("no provider " + r.path(1));
      }
      return null;
    });

    api.get("/api/torrents", r -> Map.of("torrents",
        ctx.library().myTorrents().all().stream().map(AdminRoutes::torrent).toList()));
    api.post("/api/torrents", this::addTorrent);
    api.get("/api/torrents/([^/]+)/files", r -> {
      MyTorrent t = ctx.library().myTorrents().find(r.path(1))
          .orElseThrow(() -> ApiException.notFound("no torrent " + r.path(1)));
      Metainfo m = t.metainfo() != null ? t.metainfo()
          : t.infoHash() == null ? null : ctx.engine().get(t.infoHash()).flatMap(x -> x.metainfo()).orElse(null);
      if (m == null) {
        throw new ApiException(409, "metadata_pending",
            "the torrent's file list is not known yet: play it, then read the files from the session");
      }
      return files(m);
    });
    api.delete("/api/torrents/([^/]+)", r -> {
      if (!ctx.library().myTorrents().remove(r.path(1))) {
        throw ApiException.notFound("no torrent " + r.path(1));
      }
      return null;
    });

    api.get("/api/cache", r -> {
      Set<InfoHash> playing = ctx.sessions().playing();
      List<Map<String, Object>> entries = new ArrayList<>();
      for (CacheEntry e : ctx.library().cache().list()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("infoHash", e.infoHash().hex());
        m.put("path", e.path().toString());
        m.put("sizeBytes", e.sizeBytes());
        m.put("lastWatchedAt", e.lastWatchedAt().toString());
        m.put("finished", e.finished());
        m.put("kept", e.kept());
        m.put("playing", playing.contains(e.infoHash()));
        entries.add(m);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("limitBytes", ctx.library().settings().get().cacheLimitBytes());
      out.put("usedBytes", ctx.library().cache().usedBytes());
      out.put("entries", entries);
      return out;
    });
    api.delete("/api/cache/([0-9a-fA-F]{40})", r -> {
      try {
        if (!ctx.sessions().evict(InfoHash.fromHex(r.path(1).toLowerCase(Locale.ROOT)))) {
          throw ApiException.notFound("no cached data for " + r.path(1));
        }
      } catch (IllegalStateException e) {
        throw ApiException.conflict(e.getMessage());
      }
      return null;
    });
  }

  private Object addTorrent(ApiRequest r) {
    MyTorrent t;
    Instant now = Instant.now();
    if (r.contentType().equals("application/x-bittorrent")) {
      t = MyTorrent.of(PlayRoutes.parse(r.body(dev.reel.app.library.MyTorrents.MAX_TORRENT_BYTES)), now);
    } else {
      ObjectNode b = r.json();
      String magnet = Json.optText(b, "magnet");
      String url = Json.optText(b, "url");
      String hash = Json.optText(b, "infoHash");
      if (magnet != null) {
        try {
          t = MyTorrent.of(Magnet.parse(magnet.strip()), now);
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest("invalid magnet link: " + e.getMessage());
        }
      } else if (url != null) {
        if (url.strip().toLowerCase(Locale.ROOT).startsWith("magnet:")) {
          try {
            t = MyTorrent.of(Magnet.parse(url.strip()), now);
          } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid magnet link: " + e.getMessage());
          }
        } else {
          t = MyTorrent.of(PlayRoutes.fetchTorrent(ctx.http(), url.strip()), now);
          t = new MyTorrent(t.id(), t.name(), t.infoHash(), t.magnet(), URI.create(url.strip()), t.metainfo(),
              t.added(), t.genres(), t.year());
        }
      } else if (hash != null) {
        try {
          t = MyTorrent.of(Magnet.of(InfoHash.fromHex(hash.strip().toLowerCase(Locale.ROOT))), now);
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest("infoHash must be 40 hex digits");
        }
      } else {
        throw ApiException.badRequest("give a magnet, a url or an infoHash, or upload a .torrent "
            + "(Content-Type: application/x-bittorrent)");
      }
    }
    ctx.library().myTorrents().put(t);
    MyTorrent stored = ctx.library().myTorrents().find(t.id()).orElseThrow();
    return Reply.created(Map.of("torrent", torrent(stored)));
  }

  static Map<String, Object> torrent(MyTorrent t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("infoHash", t.infoHash() == null ? null : t.infoHash().hex());
    m.put("source", t.torrentUrl() != null ? "url" : t.metainfo() != null ? "file" : "magnet");
    m.put("magnet", t.magnet());
    m.put("torrentUrl", t.torrentUrl() == null ? null : t.torrentUrl().toString());
    m.put("added", t.added().toString());
    m.put("hasMetadata", t.metainfo() != null);
    return m;
  }

  static Map<String, Object> files(Metainfo m) {
    List<Map<String, Object>> files = new ArrayList<>();
    for (FileEntry f : m.files()) {
      if (f.padding()) {
        continue;
      }
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("index", f.index());
      x.put("path", f.displayPath());
      x.put("length", f.length());
      x.put("video", TorrentStreams.isVideo(f.path().get(f.path().size() - 1)));
      files.add(x);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("infoHash", m.infoHash().hex());
    out.put("name", m.name());
    out.put("files", files);
    out.put("main", TorrentStreams.mainFile(m).index());
    return out;
  }

  static List<Map<String, Object>> providers(List<ProviderEntry> entries) {
    return entries.stream().map(AdminRoutes::provider).toList();
  }

  static Map<String, Object> provider(ProviderEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
    m.put("name", e.name());
    m.put("manifestUrl", e.manifestUrl() == null ? null : e.manifestUrl().toString());
    m.put("enabled", e.enabled());
    m.put("position", e.position());
    return m;
  }
}
