package dev.reel.app.library;

import java.time.Instant;

/** An item on the favourites or the watchlist, with its snapshot and when it was added. Immutable. */
public record ListEntry(ItemRef item, ItemSnapshot snapshot, Instant addedAt) {}
