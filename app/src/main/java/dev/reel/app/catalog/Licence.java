package dev.reel.app.catalog;

/**
 * Reel's extension to Stremio's meta object: the licence under which the work may be shared. Immutable.
 *
 * @param name a short human-readable name, e.g. "CC BY 3.0"; may be null when only the URL is known
 * @param url the licence deed, e.g. "https://creativecommons.org/licenses/by/3.0/"; may be null
 */
public record Licence(String name, String url) {}
