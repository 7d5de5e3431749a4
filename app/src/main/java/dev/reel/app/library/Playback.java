package dev.reel.app.library;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user watched: watched marks per video, resume positions, and the play history.
 *
 * <p>Saving a position at or past {@link #AUTO_WATCHED_FRACTION} of a known duration marks the video watched
 * ({@link WatchMark.Source#AUTO}, unless it is already marked) and forgets its resume position, so the next play
 * starts from the beginning — Kodi's behaviour. Thread-safe.
 */
public final class Playback {
  /** Playback past this fraction of the duration counts as watched. */
  public static final double AUTO_WATCHED_FRACTION = 0.90;
  /** History keeps this many plays; older ones are dropped when a new one is recorded. */
  public static final int MAX_HISTORY = 10_000;

  private final Database db;
  private final Clock clock;

  Playback(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  // Watched marks.

  /** Marks the video watched by hand; an existing mark becomes manual with the current time. */
  public WatchMark markWatched(VideoRef video) {
    long now = clock.millis();
    db.write("mark a video watched", c -> {
      upsertMark(c, video, WatchMark.Source.MANUAL, now, true);
      deletePosition(c, video);
      return null;
    });
    return watchMark(video).orElseThrow();
  }

  /** Removes the watched mark; returns whether there was one. */
  public boolean unwatch(VideoRef video) {
    return db.write("unmark a watched video", c -> Database.update(c,
        "DELETE FROM watched WHERE " + VIDEO_KEY, keyArgs(video))) > 0;
  }

  /** Whether the video carries a watched mark. */
  public boolean isWatched(VideoRef video) {
    return watchMark(video).isPresent();
  }

  /** The video's watched mark, if any. */
  public Optional<WatchMark> watchMark(VideoRef video) {
    return db.read("read a watched mark", c -> Database.queryOne(c, Playback::mark,
        "SELECT * FROM watched WHERE " + VIDEO_KEY, keyArgs(video)));
  }

  /** Every watched mark of an item (for a series: its watched episodes), oldest first. */
  public List<WatchMark> watchedIn(ItemRef item) {
    return db.read("list watched marks", c -> Database.query(c, Playback::mark,
        "SELECT * FROM watched WHERE provider_id = ? AND type = ? AND item_id = ? ORDER BY watched_at, video_id",
        item.providerId(), item.type(), item.itemId()));
  }

  // Resume positions.

  /**
   * Saves where playback of the video is. With a known duration ({@code durationSeconds > 0}) and a position at or
   * past 90% of it, the video is marked watched and its resume position forgotten instead.
   *
   * @return the stored position, or empty when the video just counted as watched
   * @throws IllegalArgumentException for a negative or non-finite position or duration, or a negative file index
   */
  public Optional<ResumePosition> savePosition(
      VideoRef video, int fileIndex, double positionSeconds, double durationSeconds) {
    Objects.requireNonNull(video, "video");
    if (fileIndex < 0) {
      throw new IllegalArgumentException("the file index cannot be negative, it is " + fileIndex);
    }
    checkSeconds("position", positionSeconds);
    checkSeconds("duration", durationSeconds);
    long now = clock.millis();
    boolean finished = durationSeconds > 0 && positionSeconds >= AUTO_WATCHED_FRACTION * durationSeconds;
    db.write("save a resume position", c -> {
      if (finished) {
        upsertMark(c, video, WatchMark.Source.AUTO, now, false);
        deletePosition(c, video);
      } else {
        Database.update(c, """
            INSERT INTO resume_position
              (provider_id, type, item_id, video_id, file_index, position_seconds, duration_seconds, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (provider_id, type, item_id, video_id) DO UPDATE SET
              file_index = excluded.file_index, position_seconds = excluded.position_seconds,
              duration_seconds = excluded.duration_seconds, updated_at = excluded.updated_at""",
            video.item().providerId(), video.item().type(), video.item().itemId(), video.videoId(),
            fileIndex, positionSeconds, durationSeconds, now);
      }
      return null;
    });
    return finished ? Optional.empty() : position(video);
  }

  /** Where to resume the video, if a position was saved and it was not finished since. */
  public Optional<ResumePosition> position(VideoRef video) {
    return db.read("read a resume position", c -> Database.queryOne(c, Playback::resume,
        "SELECT * FROM resume_position WHERE " + VIDEO_KEY, keyArgs(video)));
  }

  /** Forgets the video's resume position; returns whether there was one. */
  public boolean clearPosition(VideoRef video) {
    return db.write("clear a resume position", c -> deletePosition(c, video)) > 0;
  }

  /** Videos with a resume position ("continue watching"), most recently played first. */
  public Page<ResumePosition> inProgress(int skip, int limit) {
    Page.checkBounds(skip, limit);
    return db.read("list resume positions", c -> new Page<>(
        Database.query(c, Playback::resume,
            "SELECT * FROM resume_position ORDER BY updated_at DESC, provider_id, type, item_id, video_id"
                + " LIMIT ? OFFSET ?", limit, skip),
        skip, limit, Database.queryLong(c, "SELECT count(*) FROM resume_position")));
  }

  // History.

  /** Records that playback of the video started now; keeps at most {@link #MAX_HISTORY} entries. */
  public HistoryEntry recordPlay(VideoRef video, ItemSnapshot snapshot) {
    Objects.requireNonNull(video, "video");
    Objects.requireNonNull(snapshot, "snapshot");
    long now = clock.millis();
    long id = db.write("record a play in the history", c -> {
      Database.update(c, """
          INSERT INTO history (provider_id, type, item_id, video_id, title, poster, year, played_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
          video.item().providerId(), video.item().type(), video.item().itemId(), video.videoId(),
          snapshot.title(), snapshot.poster(), snapshot.year(), now);
      long rowId = Database.queryLong(c, "SELECT last_insert_rowid()");
      Database.update(c, "DELETE FROM history WHERE id NOT IN"
          + " (SELECT id FROM history ORDER BY played_at DESC, id DESC LIMIT ?)", MAX_HISTORY);
      return rowId;
    });
    return new HistoryEntry(id, video, snapshot, Instant.ofEpochMilli(now));
  }

  /** A page of the history, most recent play first. */
  public Page<HistoryEntry> history(int skip, int limit) {
    Page.checkBounds(skip, limit);
    return db.read("list the history", c -> new Page<>(
        Database.query(c, Playback::historyEntry,
            "SELECT * FROM history ORDER BY played_at DESC, id DESC LIMIT ? OFFSET ?", limit, skip),
        skip, limit, Database.queryLong(c, "SELECT count(*) FROM history")));
  }

  /** Removes one history entry; returns whether it existed. */
  public boolean removeFromHistory(long id) {
    return db.write("remove a history entry", c -> Database.update(c, "DELETE FROM history WHERE id = ?", id)) > 0;
  }

  /** Empties the history; returns how many entries were removed. */
  public int clearHistory() {
    return db.write("clear the history", c -> Database.update(c, "DELETE FROM history"));
  }

  // Rows.

  private static final String VIDEO_KEY = "provider_id = ? AND type = ? AND item_id = ? AND video_id = ?";

  private static Object[] keyArgs(VideoRef video) {
    return new Object[] {video.item().providerId(), video.item().type(), video.item().itemId(), video.videoId()};
  }

  /** Inserts a mark; an existing one is replaced only when {@code replace} (a manual mark wins over auto). */
  private static void upsertMark(Connection c, VideoRef video, WatchMark.Source source, long now, boolean replace)
      throws SQLException {
    Database.update(c, """
        INSERT INTO watched (provider_id, type, item_id, video_id, source, watched_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (provider_id, type, item_id, video_id) DO"""
            + (replace ? " UPDATE SET source = excluded.source, watched_at = excluded.watched_at" : " NOTHING"),
        video.item().providerId(), video.item().type(), video.item().itemId(), video.videoId(),
        source.name().toLowerCase(Locale.ROOT), now);
  }

  private static int deletePosition(Connection c, VideoRef video) throws SQLException {
    return Database.update(c, "DELETE FROM resume_position WHERE " + VIDEO_KEY, keyArgs(video));
  }

  private static void checkSeconds(String what, double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      throw new IllegalArgumentException("the " + what + " must be a finite number of seconds >= 0, not " + seconds);
    }
  }

  private static VideoRef video(ResultSet row) throws SQLException {
    return new VideoRef(
        new ItemRef(row.getString("provider_id"), row.getString("type"), row.getString("item_id")),
        row.getString("video_id"));
  }

  private static WatchMark mark(ResultSet row) throws SQLException {
    return new WatchMark(video(row), WatchMark.Source.valueOf(row.getString("source").toUpperCase(Locale.ROOT)),
        Instant.ofEpochMilli(row.getLong("watched_at")));
  }

  private static ResumePosition resume(ResultSet row) throws SQLException {
    return new ResumePosition(video(row), row.getInt("file_index"), row.getDouble("position_seconds"),
        row.getDouble("duration_seconds"), Instant.ofEpochMilli(row.getLong("updated_at")));
  }

  private static HistoryEntry historyEntry(ResultSet row) throws SQLException {
    return new HistoryEntry(row.getLong("id"), video(row),
        new ItemSnapshot(row.getString("title"), row.getString("poster"), Database.nullableInt(row, "year")),
        Instant.ofEpochMilli(row.getLong("played_at")));
  }
}
