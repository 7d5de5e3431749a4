package dev.reel.engine;

/** Lifecycle of a torrent in the engine. */
public enum TorrentState {
  /** Added by magnet or info-hash: fetching the info dictionary from peers (BEP 9). */
  FETCHING_METADATA,
  /** Hashing existing data to find what is already there. */
  CHECKING,
  /** Wants pieces; connected to the swarm. */
  DOWNLOADING,
  /** Has every selected piece; uploading to others. */
  SEEDING,
  /** Stopped by the user; no connections, state kept. */
  PAUSED,
  /** Stopped by an error it cannot recover from (disk full, files removed); see {@link TorrentStatus#error()}. */
  ERROR,
  /** Removed from the engine. */
  REMOVED
}
