package dev.reel.app.library;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings in the {@code setting} table: read over the defaults, updated atomically (read, validate, write in one
 * transaction, so two concurrent updates of different keys both land). Only keys that differ from the defaults, or
 * were set once, are stored. Thread-safe.
 */
public final class SettingsStore {
  private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);

  private final Database db;
  private final Settings defaults;

  SettingsStore(Database db, Settings defaults) {
    this.db = db;
    this.defaults = defaults;
  }

  /** The defaults this library was opened with. */
  public Settings defaults() {
    return defaults;
  }

  /** The current settings. */
  public Settings get() {
    return db.read("read the settings", this::load);
  }

  /**
   * Applies the changes (see {@link Settings#update(Map)}) and stores them.
   *
   * @return the settings after the change
   * @throws Settings.InvalidSettingsException for unknown keys or bad values; nothing is stored then
   */
  public Settings update(Map<String, ?> changes) {
    return db.write("update the settings", c -> {
      Settings updated = load(c).update(changes);
      Map<String, String> stored = updated.toStored();
      for (String key : changes.keySet()) {
        Database.update(c, "INSERT INTO setting (key, value) VALUES (?, ?)"
            + " ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, stored.get(key));
      }
      return updated;
    });
  }

  /** Forgets every stored setting, so the defaults apply again. */
  public Settings reset() {
    db.write("reset the settings", c -> Database.update(c, "DELETE FROM setting"));
    return get();
  }

  private Settings load(Connection c) throws SQLException {
    Map<String, String> stored = new LinkedHashMap<>();
    for (String[] row : Database.query(c, r -> new String[] {r.getString(1), r.getString(2)},
        "SELECT key, value FROM setting")) {
      stored.put(row[0], row[1]);
    }
    return Settings.fromStored(stored, defaults,
        (key, problem) -> log.warn("ignoring the stored setting {}: it {}; using the default", key, problem));
  }
}
