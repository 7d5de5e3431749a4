package dev.reel.app.library;

import dev.reel.engine.metainfo.InfoHash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides what to delete from the streaming cache when it is over its size limit (issue 5, cache management).
 * A pure function: no clock, no disk; the caller passes the entries, the limit, what is playing and the time.
 *
 * <p>The rules, in order:
 * <ol>
 *   <li>Never evict what is playing, nor what the user kept (kept data lives in the download folder and does not
 *       count against the limit).
 *   <li>Evict finished films before unfinished ones, and anything watched within {@link #RECENT} of {@code now} only
 *       after everything else (the user may be about to resume it: a seek or a player switch restarts a session).
 *   <li>Within each group, least recently watched first (ties by info-hash, so the plan is deterministic).
 *   <li>Stop as soon as the cache, plus the room asked for, fits the limit.
 * </ol>
 * If evicting everything allowed is not enough (what is playing is larger than the limit), the plan says so with
 * {@link Plan#fits()} false; the streamer then keeps going over the limit rather than break the film.
 */
public final class CachePolicy {
  /** Entries watched this recently are evicted last. */
  public static final Duration RECENT = Duration.ofMinutes(10);

  private CachePolicy() {}

  /** What to evict, and the cache's size before and after. */
  public record Plan(List<CacheEntry> evict, long usedBytes, long usedAfterBytes, long neededBytes, long limitBytes) {
    public Plan {
      evict = List.copyOf(evict);
    }

    /** Whether, after the evictions, the cache plus the room asked for fits the limit. */
    public boolean fits() {
      return usedAfterBytes + neededBytes <= limitBytes;
    }

    /** Bytes freed by the evictions. */
    public long freedBytes() {
      return usedBytes - usedAfterBytes;
    }
  }

  /** What to evict so that the cache fits {@code limitBytes}. */
  public static Plan plan(Collection<CacheEntry> entries, long limitBytes, Set<InfoHash> playing, Instant now) {
    return plan(entries, limitBytes, 0, playing, now);
  }

  /**
   * What to evict so that the cache plus {@code neededBytes} more (what the streamer is about to write) fits
   * {@code limitBytes}.
   *
   * @throws IllegalArgumentException for a negative limit or need
   */
  public static Plan plan(
      Collection<CacheEntry> entries, long limitBytes, long neededBytes, Set<InfoHash> playing, Instant now) {
    Objects.requireNonNull(playing, "playing");
    Objects.requireNonNull(now, "now");
    if (limitBytes < 0 || neededBytes < 0) {
      throw new IllegalArgumentException("limit and need cannot be negative: " + limitBytes + ", " + neededBytes);
    }
    long used = 0;
    List<CacheEntry> candidates = new ArrayList<>();
    for (CacheEntry entry : entries) {
      if (entry.kept()) {
        continue;
      }
      used += entry.sizeBytes();
      if (!playing.contains(entry.infoHash())) {
        candidates.add(entry);
      }
    }
    Instant recentSince = now.minus(RECENT);
    candidates.sort(Comparator
        .comparingInt((CacheEntry e) -> (e.lastWatchedAt().isAfter(recentSince) ? 2 : 0) + (e.finished() ? 0 : 1))
        .thenComparing(CacheEntry::lastWatchedAt)
        .thenComparing(CacheEntry::infoHash));
    List<CacheEntry> evict = new ArrayList<>();
    long after = used;
    for (CacheEntry entry : candidates) {
      if (after + neededBytes <= limitBytes) {
        break;
      }
      evict.add(entry);
      after -= entry.sizeBytes();
    }
    return new Plan(evict, used, after, neededBytes, limitBytes);
  }
}
