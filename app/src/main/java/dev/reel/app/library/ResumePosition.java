package dev.reel.app.library;

import java.time.Instant;

/**
 * Where to resume a video: the file of the torrent that played it, the position and the duration in seconds (0 when
 * the duration is unknown), and when it was saved. Immutable.
 */
public record ResumePosition(
    VideoRef video, int fileIndex, double positionSeconds, double durationSeconds, Instant updatedAt) {

  /** The fraction played, 0..1; 0 when the duration is unknown. */
  public double fraction() {
    return durationSeconds > 0 ? Math.min(1.0, positionSeconds / durationSeconds) : 0.0;
  }
}
