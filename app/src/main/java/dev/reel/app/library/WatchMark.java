package dev.reel.app.library;

import java.time.Instant;

/** A video marked as watched, by hand or automatically once playback passed 90%. Immutable. */
public record WatchMark(VideoRef video, Source source, Instant watchedAt) {
  /** Who set the mark. */
  public enum Source {
    MANUAL,
    AUTO
  }
}
