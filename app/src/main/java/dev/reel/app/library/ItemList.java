package dev.reel.app.library;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The favourites or the watchlist: a set of items, newest first, each with a snapshot of its title, poster and
 * year. Adding an item that is already there refreshes its snapshot and keeps its place. Thread-safe.
 */
public final class ItemList {
  private final Database db;
  private final Clock clock;
  private final String list;

  ItemList(Database db, Clock clock, String list) {
    this.db = db;
    this.clock = clock;
    this.list = list;
  }

  /** The list's name as stored: {@code favourites} or {@code watchlist}. */
  public String name() {
    return list;
  }

  /** Adds the item, or refreshes its snapshot if it is already on the list. Returns the stored entry. */
  public ListEntry add(ItemRef item, ItemSnapshot snapshot) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(snapshot, "snapshot");
    long now = clock.millis();
    db.write("add to the " + list, c -> Database.update(c, """
        INSERT INTO list_entry (list, provider_id, type, item_id, title, poster, year, added_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (list, provider_id, type, item_id)
        DO UPDATE SET title = excluded.title, poster = excluded.poster, year = excluded.year""",
        list, item.providerId(), item.type(), item.itemId(),
        snapshot.title(), snapshot.poster(), snapshot.year(), now));
    return find(item).orElseThrow();
  }

  /** Removes the item; returns whether it was on the list. */
  public boolean remove(ItemRef item) {
    return db.write("remove from the " + list, c -> Database.update(c,
        "DELETE FROM list_entry WHERE list = ? AND provider_id = ? AND type = ? AND item_id = ?",
        list, item.providerId(), item.type(), item.itemId())) > 0;
  }

  /** Whether the item is on the list. */
  public boolean contains(ItemRef item) {
    return find(item).isPresent();
  }

  /** The entry for the item, if it is on the list. */
  public java.util.Optional<ListEntry> find(ItemRef item) {
    return db.read("read the " + list, c -> Database.queryOne(c, ItemList::entry,
        "SELECT * FROM list_entry WHERE list = ? AND provider_id = ? AND type = ? AND item_id = ?",
        list, item.providerId(), item.type(), item.itemId()));
  }

  /** A page of the list, most recently added first. */
  public Page<ListEntry> list(int skip, int limit) {
    Page.checkBounds(skip, limit);
    return db.read("list the " + list, c -> new Page<>(
        Database.query(c, ItemList::entry,
            "SELECT * FROM list_entry WHERE list = ?"
                + " ORDER BY added_at DESC, provider_id, type, item_id LIMIT ? OFFSET ?",
            list, limit, skip),
        skip, limit,
        Database.queryLong(c, "SELECT count(*) FROM list_entry WHERE list = ?", list)));
  }

  private static ListEntry entry(ResultSet row) throws SQLException {
    return new ListEntry(
        new ItemRef(row.getString("provider_id"), row.getString("type"), row.getString("item_id")),
        new ItemSnapshot(row.getString("title"), row.getString("poster"), Database.nullableInt(row, "year")),
        Instant.ofEpochMilli(row.getLong("added_at")));
  }
}
