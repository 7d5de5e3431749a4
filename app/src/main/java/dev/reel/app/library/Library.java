package dev.reel.app.library;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * The user's library: one SQLite file ({@value DataDirs#LIBRARY_DB} in the data folder) holding favourites and the
 * watchlist, watched marks, resume positions and history, settings, the provider registry, "my torrents", the
 * cache's bookkeeping and the transfer list. Open one per process at start-up and close it at exit; everything
 * survives a restart.
 *
 * <p>Each part is a handle with its own methods: {@link #favourites()}, {@link #watchlist()}, {@link #playback()},
 * {@link #settings()}, {@link #providers()}, {@link #myTorrents()}, {@link #cache()}, {@link #transfers()}.
 *
 * <p>Thread-safety: every method of every handle may be called from any thread, virtual threads included; calls are
 * serialised on one connection (see {@code Database}) and each is one transaction. Methods block for the duration of
 * a small SQLite statement, or up to the busy timeout when another process holds the write lock. Failures of the
 * database are {@link LibraryException}; bad arguments are {@link IllegalArgumentException}.
 */
public final class Library implements AutoCloseable {
  private final Database db;
  private final ItemList favourites;
  private final ItemList watchlist;
  private final Playback playback;
  private final SettingsStore settings;
  private final ProviderRegistry providers;
  private final MyTorrents myTorrents;
  private final CacheIndex cache;
  private final TransferStore transfers;

  private Library(Database db, Settings defaults, Clock clock) {
    this.db = db;
    this.favourites = new ItemList(db, clock, "favourites");
    this.watchlist = new ItemList(db, clock, "watchlist");
    this.playback = new Playback(db, clock);
    this.settings = new SettingsStore(db, defaults);
    this.providers = new ProviderRegistry(db, clock);
    this.myTorrents = new MyTorrents(db);
    this.cache = new CacheIndex(db, clock);
    this.transfers = new TransferStore(db, clock);
  }

  /** Opens the library in a data folder (see {@link DataDirs#dataDir(Path)}), with the default settings. */
  public static Library open(Path dataDir) {
    return open(dataDir, Settings.defaults(DataDirs.defaultDownloadDir()), Clock.systemUTC());
  }

  /**
   * Opens the library in a data folder, creating the folder and the database, and migrating an older database, as
   * needed.
   *
   * @param defaults the settings in force until the user changes them
   * @param clock the time stamps of marks, positions, history and cache entries
   * @throws LibraryException if the file cannot be created, opened or migrated
   */
  public static Library open(Path dataDir, Settings defaults, Clock clock) {
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(clock, "clock");
    return new Library(Database.open(DataDirs.libraryDb(dataDir)), defaults, clock);
  }

  /** The database file. */
  public Path file() {
    return db.file();
  }

  /** For tests in this package: the database behind the handles. */
  Database database() {
    return db;
  }

  /** The favourites. */
  public ItemList favourites() {
    return favourites;
  }

  /** The watchlist ("watch later"). */
  public ItemList watchlist() {
    return watchlist;
  }

  /** Watched marks, resume positions and the history. */
  public Playback playback() {
    return playback;
  }

  /** The settings. */
  public SettingsStore settings() {
    return settings;
  }

  /** The provider registry. */
  public ProviderRegistry providers() {
    return providers;
  }

  /** "My torrents". */
  public MyTorrents myTorrents() {
    return myTorrents;
  }

  /** The streaming cache's bookkeeping. */
  public CacheIndex cache() {
    return cache;
  }

  /** The transfer list (torrents downloaded to keep). */
  public TransferStore transfers() {
    return transfers;
  }

  /** Closes the database; later calls on any handle throw {@link IllegalStateException}. Idempotent. */
  @Override
  public void close() {
    db.close();
  }
}
