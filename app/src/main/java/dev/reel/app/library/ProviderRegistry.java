package dev.reel.app.library;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The providers the user has, enabled or not, in the order they are asked: the built-in ones (registered by the
 * catalog at start-up) and Stremio addons added by manifest URL. Positions are always 0..n-1 without gaps; new
 * providers go last. Thread-safe; each method is one transaction.
 */
public final class ProviderRegistry {
  /** Longest provider id or name kept. */
  public static final int MAX_ID_LENGTH = 256;
  /** Longest manifest URL accepted. */
  public static final int MAX_URL_LENGTH = 2048;

  private final Database db;
  private final Clock clock;

  ProviderRegistry(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Every provider, in order. */
  public List<ProviderEntry> list() {
    return db.read("list the providers", c -> list(c));
  }

  /** The enabled providers, in order: whom to ask. */
  public List<ProviderEntry> enabled() {
    return list().stream().filter(ProviderEntry::enabled).toList();
  }

  /** The provider with this id. */
  public Optional<ProviderEntry> find(String id) {
    return db.read("read a provider", c -> find(c, id));
  }

  /**
   * Makes sure a built-in provider is registered: a new one goes last, enabled; a known one keeps the user's place
   * and switch, and takes the new name. Idempotent; call it for each built-in at start-up.
   */
  public ProviderEntry registerBuiltin(String id, String name) {
    checkId(id);
    checkName(name);
    return db.write("register a built-in provider", c -> {
      Optional<ProviderEntry> existing = find(c, id);
      if (existing.isPresent() && existing.get().kind() == ProviderEntry.Kind.ADDON) {
        throw new IllegalArgumentException("the id \"" + id + "\" is taken by the addon at "
            + existing.get().manifestUrl());
      }
      Database.update(c, """
          INSERT INTO provider (id, kind, name, manifest_url, enabled, position, added_at)
          VALUES (?, 'builtin', ?, NULL, 1, (SELECT count(*) FROM provider), ?)
          ON CONFLICT (id) DO UPDATE SET name = excluded.name""", id, name, clock.millis());
      return find(c, id).orElseThrow();
    });
  }

  /**
   * Adds a Stremio-protocol addon, last and enabled. The caller has fetched its manifest for the id and the name.
   *
   * @throws IllegalArgumentException if the URL is not http(s), or the id or the URL is already registered
   */
  public ProviderEntry addAddon(String id, String name, URI manifestUrl) {
    checkId(id);
    checkName(name);
    URI url = checkUrl(manifestUrl);
    return db.write("add an addon", c -> {
      Optional<ProviderEntry> sameUrl = Database.queryOne(c, ProviderRegistry::entry,
          "SELECT * FROM provider WHERE manifest_url = ?", url.toString());
      if (sameUrl.isPresent()) {
        throw new IllegalArgumentException(url + " is already added, as \"" + sameUrl.get().id() + "\"");
      }
      Optional<ProviderEntry> sameId = find(c, id);
      if (sameId.isPresent()) {
        throw new IllegalArgumentException("a provider with the id \"" + id + "\" is already added"
            + (sameId.get().manifestUrl() != null ? " from " + sameId.get().manifestUrl() : " (built in)"));
      }
      Database.update(c, """
          INSERT INTO provider (id, kind, name, manifest_url, enabled, position, added_at)
          VALUES (?, 'addon', ?, ?, 1, (SELECT count(*) FROM provider), ?)""",
          id, name, url.toString(), clock.millis());
      return find(c, id).orElseThrow();
    });
  }

  /**
   * Removes an addon and closes the gap in the order.
   *
   * @return whether it was there
   * @throws IllegalArgumentException for a built-in provider (disable it instead)
   */
  public boolean remove(String id) {
    return db.write("remove a provider", c -> {
      Optional<ProviderEntry> entry = find(c, id);
      if (entry.isEmpty()) {
        return false;
      }
      if (entry.get().kind() == ProviderEntry.Kind.BUILTIN) {
        throw new IllegalArgumentException("\"" + id + "\" is built in: it can be disabled, not removed");
      }
      Database.update(c, "DELETE FROM provider WHERE id = ?", id);
      Database.update(c, "UPDATE provider SET position = position - 1 WHERE position > ?", entry.get().position());
      return true;
    });
  }

  /** Turns a provider on or off; empty if there is no such provider. */
  public Optional<ProviderEntry> setEnabled(String id, boolean enabled) {
    return db.write("enable or disable a provider", c -> {
      Database.update(c, "UPDATE provider SET enabled = ? WHERE id = ?", enabled ? 1 : 0, id);
      return find(c, id);
    });
  }

  /**
   * Puts the providers in this order.
   *
   * @param ids every registered id exactly once
   * @return the providers in their new order
   * @throws IllegalArgumentException naming the ids that are unknown, repeated or missing
   */
  public List<ProviderEntry> reorder(List<String> ids) {
    return db.write("reorder the providers", c -> {
      List<String> known = list(c).stream().map(ProviderEntry::id).toList();
      Set<String> seen = new HashSet<>();
      Set<String> repeated = new LinkedHashSet<>();
      Set<String> unknown = new LinkedHashSet<>();
      for (String id : ids) {
        if (!seen.add(id)) {
          repeated.add(id);
        }
        if (!known.contains(id)) {
          unknown.add(id);
        }
      }
      List<String> missing = known.stream().filter(id -> !seen.contains(id)).toList();
      if (!repeated.isEmpty() || !unknown.isEmpty() || !missing.isEmpty()) {
        List<String> problems = new ArrayList<>();
        if (!unknown.isEmpty()) {
          problems.add("unknown " + unknown);
        }
        if (!repeated.isEmpty()) {
          problems.add("repeated " + repeated);
        }
        if (!missing.isEmpty()) {
          problems.add("missing " + missing);
        }
        throw new IllegalArgumentException(
            "the new order must name every provider once: " + String.join(", ", problems));
      }
      writeOrder(c, ids);
      return list(c);
    });
  }

  /**
   * Moves one provider to {@code index} (clamped to the list), shifting the others.
   *
   * @return the providers in their new order, or empty if there is no such provider
   */
  public Optional<List<ProviderEntry>> move(String id, int index) {
    return db.write("move a provider", c -> {
      List<String> order = new ArrayList<>(list(c).stream().map(ProviderEntry::id).toList());
      if (!order.remove(id)) {
        return Optional.empty();
      }
      order.add(Math.max(0, Math.min(index, order.size())), id);
      writeOrder(c, order);
      return Optional.of(list(c));
    });
  }

  private static void writeOrder(Connection c, List<String> ids) throws SQLException {
    for (int i = 0; i < ids.size(); i++) {
      Database.update(c, "UPDATE provider SET position = ? WHERE id = ?", i, ids.get(i));
    }
  }

  private static List<ProviderEntry> list(Connection c) throws SQLException {
    return Database.query(c, ProviderRegistry::entry, "SELECT * FROM provider ORDER BY position, id");
  }

  private static Optional<ProviderEntry> find(Connection c, String id) throws SQLException {
    return Database.queryOne(c, ProviderRegistry::entry, "SELECT * FROM provider WHERE id = ?", id);
  }

  private static ProviderEntry entry(ResultSet row) throws SQLException {
    String url = row.getString("manifest_url");
    return new ProviderEntry(row.getString("id"),
        ProviderEntry.Kind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)), row.getString("name"),
        url == null ? null : URI.create(url), row.getInt("enabled") != 0, row.getInt("position"),
        Instant.ofEpochMilli(row.getLong("added_at")));
  }

  private static void checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(ch -> Character.isWhitespace(ch)
        || Character.isISOControl(ch))) {
      throw new IllegalArgumentException("a provider id is 1 to " + MAX_ID_LENGTH
          + " characters without spaces, not \"" + id + "\"");
    }
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("a provider name is 1 to " + MAX_ID_LENGTH + " characters");
    }
  }

  /** Provider URLs are absolute http(s) URLs with a host (issue 5, security). */
  static URI checkUrl(URI url) {
    Objects.requireNonNull(url, "manifest URL");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("an addon URL must be http or https, not \"" + url + "\"");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("an addon URL needs a host: \"" + url + "\"");
    }
    if (url.toString().length() > MAX_URL_LENGTH) {
      throw new IllegalArgumentException("an addon URL has at most " + MAX_URL_LENGTH + " characters");
    }
    return url.normalize();
  }
}
