package dev.reel.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reel.app.catalog.CatalogJson;
import dev.reel.app.catalog.HttpFetcher;
import dev.reel.app.catalog.ProviderException;
import dev.reel.app.catalog.Stream;
import dev.reel.app.library.ItemRef;
import dev.reel.app.library.ItemSnapshot;
import dev.reel.app.catalog.mine.MyTorrent;
import dev.reel.app.play.PlayTarget;
import dev.reel.app.play.SessionView;
import dev.reel.engine.TorrentSource;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.InvalidTorrentException;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/** {@code POST /api/play} and {@code /api/sessions} (docs/API.md, "Play sessions"). */
final class PlayRoutes {
  private static final Duration TORRENT_TTL = Duration.ofDays(7);

  private final ApiContext ctx;

  PlayRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  void install(ApiHandler api) {
    api.post("/api/play", this::play);
    api.get("/api/sessions", r -> Map.of("sessions", ctx.sessions().list(base(r))));
    api.get("/api/sessions/([0-9a-f]{1,64})", r -> ctx.sessions().view(r.path(1), base(r))
        .orElseThrow(() -> ApiException.notFound("no session " + r.path(1))));
    api.delete("/api/sessions/([0-9a-f]{1,64})", r -> {
      if (!ctx.sessions().stop(r.path(1))) {
        throw ApiException.notFound("no session " + r.path(1));
      }
      return null;
    });
    api.post("/api/sessions/([0-9a-f]{1,64})/keep", r -> {
      try {
        Path where = ctx.sessions().keep(r.path(1));
        return Map.of("path", where.toString());
      } catch (java.util.NoSuchElementException e) {
        throw ApiException.notFound(e.getMessage());
      } catch (IllegalStateException e) {
        throw ApiException.conflict(e.getMessage());
      }
    });
  }

  /** {@code http://<Host>/}: the Host was checked by the server, so it names this server as the client sees it. */
  static URI base(ApiRequest r) {
    String host = r.jetty().getHeaders().get(HttpHeader.HOST);
    return URI.create("http://" + host + "/");
  }

  private Object play(ApiRequest r) throws Exception {
    ObjectNode body = r.json();
    String providerId = Json.optText(body, "provider");
    String magnet = Json.optText(body, "magnet");
    String torrentUrl = Json.optText(body, "torrentUrl");
    String hashText = Json.optText(body, "infoHash");
    String torrentId = Json.optText(body, "torrentId");
    Integer fileIdx = Json.optInt(body, "fileIdx");
    String fileName = null;
    List<String> trackers = new ArrayList<>();
    JsonNode streamNode = body.get("stream");
    if (streamNode != null && !streamNode.isNull()) {
      Stream s;
      try {
        s = CatalogJson.mapper().treeToValue(streamNode, Stream.class);
      } catch (Exception e) {
        throw ApiException.badRequest("invalid stream: " + e.getMessage());
      }
      if (s.kind() != Stream.Kind.TORRENT) {
        throw ApiException.badRequest("Reel plays torrent streams; open this stream's url directly");
      }
      magnet = s.magnet();
      torrentUrl = s.torrentUrl();
      hashText = s.infoHash();
      fileIdx = s.fileIdx();
      fileName = s.behaviorHints() == null ? null : s.behaviorHints().filename();
      for (String src : s.sources()) {
        if (src.startsWith("tracker:")) {
          trackers.add(src.substring("tracker:".length()));
        }
      }
    }
    Metainfo meta = null;
    Magnet mg = null;
    InfoHash hash = null;
    if (torrentId != null) {
      MyTorrent t = ctx.library().myTorrents().find(torrentId)
          .orElseThrow(() -> ApiException.notFound("no torrent " + torrentId + " in My torrents"));
      if (t.metainfo() != null) {
        meta = t.metainfo();
      } else if (t.magnet() != null) {
        magnet = t.magnet();
      } else if (t.torrentUrl() != null) {
        torrentUrl = t.torrentUrl().toString();
      }
      hash = t.infoHash();
    }
    if (meta == null && magnet != null) {
      try {
        mg = Magnet.parse(magnet);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid magnet link: " + e.getMessage());
      }
      hash = mg.infoHash();
    }
    if (meta == null && hash == null && hashText != null) {
      try {
        hash = InfoHash.fromHex(hashText.strip());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("infoHash must be 40 hex digits");
      }
    }
    if (meta == null && hash != null) {
      meta = ctx.catalogs().torrent(providerId, hash).orElse(null);
      if (meta == null) {
        meta = ctx.engine().get(hash).flatMap(t -> t.metainfo()).orElse(null);
      }
    }
    if (meta == null && torrentUrl != null) {
      meta = fetchTorrent(ctx.http(), torrentUrl);
      if (hash != null && !meta.infoHash().equals(hash)) {
        throw ApiException.badRequest("the .torrent at " + torrentUrl + " has another info-hash than the stream");
      }
    }
    TorrentSource source;
    List<InetSocketAddress> peers = new ArrayList<>();
    if (meta != null) {
      source = new TorrentSource.OfMetainfo(meta);
      if (mg != null) {
        trackers.addAll(mg.trackers());
        for (String pe : mg.peers()) {
          Magnet.peerAddress(pe).ifPresent(peers::add);
        }
      }
    } else if (mg != null) {
      source = new TorrentSource.OfMagnet(mg);
    } else if (hash != null) {
      source = new TorrentSource.OfInfoHash(hash);
    } else {
      throw ApiException.badRequest("give a stream, a magnet, a torrentUrl, an infoHash or a torrentId");
    }
    JsonNode itemNode = body.get("item");
    Object item = itemNode == null || itemNode.isNull() ? null : Json.mapper().convertValue(itemNode, Map.class);
    String id = ctx.sessions().play(new PlayTarget(source, peers, trackers, fileIdx, fileName, item));
    recordHistory(itemNode);
    boolean ready = ctx.sessions().awaitFile(id, ctx.metadataWait().toMillis());
    SessionView view = ctx.sessions().view(id, base(r)).orElseThrow(() -> ApiException.notFound("session ended"));
    return Reply.of(ready ? 201 : 202, view);
  }

  private void recordHistory(JsonNode item) {
    if (item == null || !item.isObject()) {
      return;
    }
    String provider = Json.optText(item, "provider");
    String type = Json.optText(item, "type");
    String id = Json.optText(item, "id");
    if (provider == null || type == null || id == null) {
      return;
    }
    String videoId = Optional.ofNullable(Json.optText(item, "videoId")).orElse(id);
    String title = Optional.ofNullable(Json.optText(item, "title")).orElse(id);
    ctx.library().playback().recordPlay(new ItemRef(provider, type, id).video(videoId),
        new ItemSnapshot(title, Json.optText(item, "poster"), Json.optInt(item, "year")));
  }

  static Metainfo parse(byte[] torrent) {
    try {
      return Metainfo.parse(torrent);
    } catch (InvalidTorrentException e) {
      throw ApiException.badRequest("not a valid .torrent: " + e.getMessage());
    }
  }

  static Metainfo fetchTorrent(HttpFetcher http, String url) {
    URI uri;
    try {
      uri = HttpFetcher.requireHttp(URI.create(url));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("a .torrent URL must be http(s): " + e.getMessage());
    }
    try {
      return parse(http.get(uri, TORRENT_TTL, HttpFetcher.MAX_TORRENT));
    } catch (ProviderException e) {
      throw new ApiException(502, "provider_failed", "cannot fetch " + url + ": " + e.getMessage());
    }
  }
}
