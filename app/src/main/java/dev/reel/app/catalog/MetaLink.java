package dev.reel.app.catalog;

/**
 * Stremio's Meta Link object: a named link grouped by category (e.g. "director", "Genres"). Immutable.
 *
 * @param name human-readable name
 * @param category grouping, e.g. {@code actor}, {@code director}, {@code writer}
 * @param url an external http(s) URL or a {@code stremio:///} meta link
 */
public record MetaLink(String name, String category, String url) {}
