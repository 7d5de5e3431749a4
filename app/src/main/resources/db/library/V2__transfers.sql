-- Transfers: torrents the user downloads to keep (docs/API.md, "Transfers"), re-added to the engine at start-up.
-- The engine's resume file (<data>/engine/<info-hash>.resume) says which pieces are already verified on disk.
CREATE TABLE transfer (
  info_hash       TEXT    PRIMARY KEY CHECK (length(info_hash) = 40),
  name            TEXT    NOT NULL,
  torrent         BLOB,                -- the .torrent, when known at add time
  magnet          TEXT,                -- the magnet link it came from (trackers, peers), if any
  save_path       TEXT    NOT NULL,    -- the folder the torrent's files go in
  file_priorities TEXT    NOT NULL,    -- "index=skip|high" for files not NORMAL, comma-separated
  paused          INTEGER NOT NULL CHECK (paused IN (0, 1)),
  added_at        INTEGER NOT NULL
) WITHOUT ROWID;
