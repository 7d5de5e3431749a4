package dev.reel.app.catalog;

import java.util.List;

/**
 * Stremio's Video object: one episode of a series (or one video of a channel). Immutable.
 *
 * <p>A series episode's id is conventionally {@code {metaId}:{season}:{episode}} and is the id passed to
 * {@code /stream/series/{id}.json}.
 *
 * @param id video id (required)
 * @param title title (required)
 * @param released ISO 8601 release or first air date
 * @param thumbnail http(s) URL of a thumbnail
 * @param season season number, when applicable
 * @param episode episode number, when applicable
 * @param overview summary
 * @param available true when the provider states the video can be streamed
 * @param streams streams given inline with the meta (then no stream request is made for this video)
 */
public record Video(String id, String title, String released, String thumbnail, Integer season, Integer episode,
    String overview, Boolean available, List<Stream> streams) {
  public Video {
    streams = Lists.clean(streams);
  }

  public static Video episode(String id, String title, int season, int episode, String released, String overview) {
    return new Video(id, title, released, null, season, episode, overview, null, List.of());
  }
}
