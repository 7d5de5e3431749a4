package dev.reel.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reel.app.library.MyTorrents;
import dev.reel.app.play.Transfers;
import dev.reel.engine.FilePriority;
import dev.reel.engine.TorrentSource;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Metainfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Stream;

/** {@code /api/transfers} and {@code POST /api/sessions/{id}/download} (docs/API.md, "Transfers"). */
final class TransferRoutes {
  private static final String HASH = "([0-9a-fA-F]{40})";

  private final ApiContext ctx;

  TransferRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  private Transfers transfers() {
    return ctx.transfers();
  }

  void install(ApiHandler api) {
    api.get("/api/transfers", r -> Map.of("transfers", transfers().list()));
    api.post("/api/transfers", this::add);
    api.get("/api/transfers/" + HASH, r -> transfers().view(hash(r))
        .orElseThrow(() -> ApiException.notFound("no torrent " + r.path(1) + " in Reel")));
    api.post("/api/transfers/" + HASH + "/pause", r -> guard(() -> transfers().pause(hash(r))));
    api.post("/api/transfers/" + HASH + "/resume", r -> guard(() -> transfers().resume(hash(r))));
    api.put("/api/transfers/" + HASH + "/files/([0-9]{1,9})", r -> {
      FilePriority p = priority(Json.text(r.json(), "priority"));
      return guard(() -> transfers().setPriority(hash(r), Integer.parseInt(r.path(2)), p));
    });
    api.delete("/api/transfers/" + HASH, r -> {
      boolean deleteFiles = r.boolParam("deleteFiles", false);
      if (!transfers().remove(hash(r), deleteFiles)) {
        throw ApiException.notFound("no torrent " + r.path(1) + " in Reel");
      }
      return null;
    });
    api.post("/api/sessions/([0-9a-f]{1,64})/download", r -> {
      Set<Integer> files = r.body(Json.MAX_BODY).length == 0 ? null : files(r.json().get("files"));
      return guard(() -> created(transfers().addSession(r.path(1), files)));
    });
  }

  private static InfoHash hash(ApiRequest r) {
    return InfoHash.fromHex(r.path(1).toLowerCase(Locale.ROOT));
  }

  @FunctionalInterface
  private interface Call {
    Object run() throws Exception;
  }

  /** Maps the transfer list's exceptions: unknown → 404, not possible now → 409. */
  private static Object guard(Call call) throws Exception {
    try {
      return call.run();
    } catch (NoSuchElementException e) {
      throw ApiException.notFound(e.getMessage());
    } catch (IllegalStateException e) {
      throw ApiException.conflict(e.getMessage());
    }
  }

  private static Reply created(Transfers.Added added) {
    return Reply.of(added.created() ? 201 : 200, added.view());
  }

  static FilePriority priority(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "skip" -> FilePriority.SKIP;
      case "normal" -> FilePriority.NORMAL;
      case "high" -> FilePriority.HIGH;
      default -> throw ApiException.badRequest("\"priority\" must be skip, normal or high, not \"" + text + "\"");
    };
  }

  /** The {@code files} selection: null (absent) = every file; else a non-empty list of file indexes. */
  static Set<Integer> files(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray() || node.isEmpty()) {
      throw ApiException.badRequest("\"files\" must be a non-empty list of file indexes");
    }
    Set<Integer> out = new LinkedHashSet<>();
    for (JsonNode n : node) {
      if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0) {
        throw ApiException.badRequest("\"files\" must list file indexes (whole numbers from 0), not " + n);
      }
      out.add(n.intValue());
    }
    return out;
  }

  /** {@code ?files=0,2} for a .torrent body. */
  static Set<Integer> files(String param) {
    if (param == null) {
      return null;
    }
    Set<Integer> out = new LinkedHashSet<>();
    for (String part : param.split(",")) {
      try {
        int i = Integer.parseInt(part.strip());
        if (i < 0) {
          throw new NumberFormatException();
        }
        out.add(i);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("\"files\" must list file indexes, e.g. files=0,2, not \"" + param + "\"");
      }
    }
    return out;
  }

  private Object add(ApiRequest r) throws Exception {
    Transfers.Request request;
    if (r.contentType().equals("application/x-bittorrent")) {
      Metainfo meta = PlayRoutes.parse(r.body(MyTorrents.MAX_TORRENT_BYTES));
      request = new Transfers.Request(new TorrentSource.OfMetainfo(meta), null, List.of(), List.of(),
          files(r.param("files")));
    } else {
      ObjectNode b = r.json();
      Set<Integer> files = files(b.get("files"));
      String url = Json.optText(b, "url");
      if (url != null) { // like POST /api/torrents: a magnet or a .torrent URL
        b.remove("url");
        b.put(url.strip().toLowerCase(Locale.ROOT).startsWith("magnet:") ? "magnet" : "torrentUrl", url.strip());
      }
      if (Stream.of("stream", "magnet", "torrentUrl", "infoHash", "torrentId").noneMatch(b::hasNonNull)) {
        throw ApiException.badRequest("give a magnet, a url, a torrentId, an infoHash or a stream, or upload a "
            + ".torrent (Content-Type: application/x-bittorrent)");
      }
      PlayRoutes.Resolved x = PlayRoutes.resolve(ctx, b);
      request = new Transfers.Request(x.source(), x.magnet(), x.peers(), x.trackers(), files);
    }
    Transfers.Request req = request;
    return guard(() -> created(transfers().add(req)));
  }
}
