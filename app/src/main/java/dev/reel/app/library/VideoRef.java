package dev.reel.app.library;

import java.util.Objects;

/**
 * One playable video of an item: a movie ({@code videoId} equals the item id) or an episode of a series. Watched
 * marks, resume positions and history are kept per video. Immutable.
 */
public record VideoRef(ItemRef item, String videoId) {
  public VideoRef {
    Objects.requireNonNull(item, "item");
    ItemRef.check("video id", videoId);
  }
}
