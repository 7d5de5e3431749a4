package dev.reel.app.library;

import java.time.Instant;

/** One start of playback of a video, with the item's snapshot at that time. Immutable. */
public record HistoryEntry(long id, VideoRef video, ItemSnapshot snapshot, Instant playedAt) {}
