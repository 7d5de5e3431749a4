package dev.reel.app.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reel.app.library.HistoryEntry;
import dev.reel.app.library.ItemList;
import dev.reel.app.library.ItemRef;
import dev.reel.app.library.ItemSnapshot;
import dev.reel.app.library.ListEntry;
import dev.reel.app.library.Page;
import dev.reel.app.library.ResumePosition;
import dev.reel.app.library.VideoRef;
import dev.reel.app.library.WatchMark;
import dev.reel.engine.metainfo.InfoHash;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Favourites, watchlist, watched marks, resume positions and history (docs/API.md, "Library"). */
final class LibraryRoutes {
  private static final int DEFAULT_LIMIT = 50;

  private final ApiContext ctx;

  LibraryRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  void install(ApiHandler api) {
    list(api, "favourites", ctx.library().favourites());
    list(api, "watchlist", ctx.library().watchlist());

    api.get("/api/library/watched", r -> {
      ItemRef item = itemOf(r);
      return Map.of("watched", ctx.library().playback().watchedIn(item).stream().map(LibraryRoutes::mark).toList());
    });
    api.post("/api/library/watched", r -> {
      ObjectNode b = r.json();
      return mark(ctx.library().playback().markWatched(videoOf(b)));
    });
    api.delete("/api/library/watched", r -> {
      VideoRef v = itemOf(r).video(r.requiredParam("videoId"));
      if (!ctx.library().playback().unwatch(v)) {
        throw ApiException.notFound("that video is not marked watched");
      }
      return null;
    });

    api.get("/api/library/positions", r -> page(ctx.library().playback().inProgress(
        r.intParam("skip", 0, 0, Integer.MAX_VALUE), r.intParam("limit", DEFAULT_LIMIT, 1, Page.MAX_LIMIT)),
        LibraryRoutes::position));
    api.get("/api/library/position", r -> {
      VideoRef v = itemOf(r).video(r.requiredParam("videoId"));
      return position(ctx.library().playback().position(v)
          .orElseThrow(() -> ApiException.notFound("no resume position for that video")));
    });
    api.put("/api/library/positions", r -> {
      ObjectNode b = r.json();
      VideoRef v = videoOf(b);
      Integer fileIndex = Json.optInt(b, "fileIndex");
      double position = Json.number(b, "position");
      double duration = b.has("duration") && !b.get("duration").isNull() ? Json.number(b, "duration") : 0;
      Optional<ResumePosition> saved = ctx.library().playback()
          .savePosition(v, fileIndex == null ? 0 : fileIndex, position, duration);
      String hash = Json.optText(b, "infoHash");
      if (hash != null) {
        InfoHash h = InfoHash.fromHex(hash);
        if (saved.isEmpty()) {
          ctx.library().cache().setFinished(h, true);
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("position", saved.map(LibraryRoutes::position).orElse(null));
      out.put("watched", ctx.library().playback().isWatched(v));
      return out;
    });

    api.get("/api/library/history", r -> page(ctx.library().playback().history(
        r.intParam("skip", 0, 0, Integer.MAX_VALUE), r.intParam("limit", DEFAULT_LIMIT, 1, Page.MAX_LIMIT)),
        LibraryRoutes::history));
    api.delete("/api/library/history/([0-9]{1,18})", r -> {
      if (!ctx.library().playback().removeFromHistory(Long.parseLong(r.path(1)))) {
        throw ApiException.notFound("no history entry " + r.path(1));
      }
      return null;
    });
    api.delete("/api/library/history", r -> {
      ctx.library().playback().clearHistory();
      return null;
    });
  }

  private void list(ApiHandler api, String name, ItemList list) {
    String path = "/api/library/" + name;
    api.get(path, r -> page(list.list(r.intParam("skip", 0, 0, Integer.MAX_VALUE),
        r.intParam("limit", DEFAULT_LIMIT, 1, Page.MAX_LIMIT)), LibraryRoutes::entry));
    api.post(path, r -> {
      ObjectNode b = r.json();
      ItemRef item = itemOf(b);
      String title = Optional.ofNullable(Json.optText(b, "title")).orElse(item.itemId());
      return entry(list.add(item, new ItemSnapshot(title, Json.optText(b, "poster"), Json.optInt(b, "year"))));
    });
    api.delete(path, r -> {
      if (!list.remove(itemOf(r))) {
        throw ApiException.notFound("that item is not in the " + name);
      }
      return null;
    });
  }

  static ItemRef itemOf(ApiRequest r) {
    return new ItemRef(r.requiredParam("provider"), r.requiredParam("type"), r.requiredParam("id"));
  }

  static ItemRef itemOf(ObjectNode b) {
    return new ItemRef(Json.text(b, "provider"), Json.text(b, "type"), Json.text(b, "id"));
  }

  static VideoRef videoOf(ObjectNode b) {
    ItemRef item = itemOf(b);
    return item.video(Optional.ofNullable(Json.optText(b, "videoId")).orElse(item.itemId()));
  }

  static <T> Map<String, Object> page(Page<T> page, Function<T, Map<String, Object>> f) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", page.items().stream().map(f).toList());
    out.put("skip", page.skip());
    out.put("total", page.total());
    out.put("more", page.hasMore());
    return out;
  }

  private static Map<String, Object> item(ItemRef item, String videoId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", item.providerId());
    m.put("type", item.type());
    m.put("id", item.itemId());
    if (videoId != null) {
      m.put("videoId", videoId);
    }
    return m;
  }

  private static void snapshot(Map<String, Object> m, ItemSnapshot s) {
    m.put("title", s.title());
    m.put("poster", s.poster());
    m.put("year", s.year());
  }

  static Map<String, Object> entry(ListEntry e) {
    Map<String, Object> m = item(e.item(), null);
    snapshot(m, e.snapshot());
    m.put("addedAt", e.addedAt().toString());
    return m;
  }

  static Map<String, Object> mark(WatchMark w) {
    Map<String, Object> m = item(w.video().item(), w.video().videoId());
    m.put("source", w.source().name().toLowerCase(Locale.ROOT));
    m.put("watchedAt", w.watchedAt().toString());
    return m;
  }

  static Map<String, Object> position(ResumePosition p) {
    Map<String, Object> m = item(p.video().item(), p.video().videoId());
    m.put("fileIndex", p.fileIndex());
    m.put("position", p.positionSeconds());
    m.put("duration", p.durationSeconds());
    m.put("fraction", p.fraction());
    m.put("updatedAt", p.updatedAt().toString());
    return m;
  }

  static Map<String, Object> history(HistoryEntry h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("historyId", h.id());
    m.putAll(item(h.video().item(), h.video().videoId()));
    snapshot(m, h.snapshot());
    m.put("playedAt", h.playedAt().toString());
    return m;
  }

}
