-- Reel's library, version 1. Times are epoch milliseconds (UTC); booleans are 0/1.
-- An item is named by (provider_id, type, item_id), the Stremio addon protocol's triple; a video inside it
-- (a movie's single video, or one episode of a series) adds video_id, which equals item_id for a movie.

-- Favourites and watchlist, with a snapshot of what the provider said so the library shows without it.
CREATE TABLE list_entry (
  list        TEXT    NOT NULL CHECK (list IN ('favourites', 'watchlist')),
  provider_id TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  item_id     TEXT    NOT NULL,
  title       TEXT    NOT NULL,
  poster      TEXT,
  year        INTEGER,
  added_at    INTEGER NOT NULL,
  PRIMARY KEY (list, provider_id, type, item_id)
) WITHOUT ROWID;
CREATE INDEX list_entry_added ON list_entry (list, added_at DESC);

-- A watched mark per movie or episode: set by hand, or automatically once playback passed 90%.
CREATE TABLE watched (
  provider_id TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  item_id     TEXT    NOT NULL,
  video_id    TEXT    NOT NULL,
  source      TEXT    NOT NULL CHECK (source IN ('manual', 'auto')),
  watched_at  INTEGER NOT NULL,
  PRIMARY KEY (provider_id, type, item_id, video_id)
) WITHOUT ROWID;

-- Where to resume a video; file_index says which file of the torrent played.
CREATE TABLE resume_position (
  provider_id      TEXT    NOT NULL,
  type             TEXT    NOT NULL,
  item_id          TEXT    NOT NULL,
  video_id         TEXT    NOT NULL,
  file_index       INTEGER NOT NULL CHECK (file_index >= 0),
  position_seconds REAL    NOT NULL CHECK (position_seconds >= 0),
  duration_seconds REAL    NOT NULL CHECK (duration_seconds >= 0),
  updated_at       INTEGER NOT NULL,
  PRIMARY KEY (provider_id, type, item_id, video_id)
) WITHOUT ROWID;
CREATE INDEX resume_position_updated ON resume_position (updated_at DESC);

-- Every start of playback, newest first when listed.
CREATE TABLE history (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  provider_id TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  item_id     TEXT    NOT NULL,
  video_id    TEXT    NOT NULL,
  title       TEXT    NOT NULL,
  poster      TEXT,
  year        INTEGER,
  played_at   INTEGER NOT NULL
);
CREATE INDEX history_played ON history (played_at DESC, id DESC);

-- Settings as text; Settings.java owns the keys, the types, the defaults and the validation.
CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Catalog providers: the built-in ones and Stremio addons added by manifest URL, in the user's order.
CREATE TABLE provider (
  id           TEXT    PRIMARY KEY,
  kind         TEXT    NOT NULL CHECK (kind IN ('builtin', 'addon')),
  name         TEXT    NOT NULL,
  manifest_url TEXT    UNIQUE,
  enabled      INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  position     INTEGER NOT NULL,
  added_at     INTEGER NOT NULL,
  CHECK ((kind = 'addon') = (manifest_url IS NOT NULL))
) WITHOUT ROWID;

-- What the user added by magnet, .torrent file or URL. id is the info-hash in hex when known, else one derived
-- from the URL of a .torrent not fetched yet; genres is a JSON array of strings.
CREATE TABLE my_torrent (
  id          TEXT    PRIMARY KEY,
  name        TEXT    NOT NULL,
  info_hash   TEXT    UNIQUE CHECK (info_hash IS NULL OR length(info_hash) = 40),
  source      TEXT    NOT NULL CHECK (source IN ('magnet', 'file', 'url')),
  magnet      TEXT,
  torrent_url TEXT,
  torrent     BLOB,
  genres      TEXT    NOT NULL DEFAULT '[]',
  year        INTEGER,
  added_at    INTEGER NOT NULL,
  CHECK (info_hash IS NOT NULL OR torrent_url IS NOT NULL)
);
CREATE INDEX my_torrent_added ON my_torrent (added_at DESC);

-- What the streaming cache holds, for eviction (least recently watched first) and "keep".
CREATE TABLE cache_entry (
  info_hash       TEXT    PRIMARY KEY CHECK (length(info_hash) = 40),
  path            TEXT    NOT NULL,
  size_bytes      INTEGER NOT NULL CHECK (size_bytes >= 0),
  last_watched_at INTEGER NOT NULL,
  finished        INTEGER NOT NULL CHECK (finished IN (0, 1)),
  kept            INTEGER NOT NULL CHECK (kept IN (0, 1))
) WITHOUT ROWID;
