package dev.reel.engine.tracker;

/** Swarm counts for one torrent from a scrape: seeders ({@code complete}), {@code downloaded}, leechers. */
public record ScrapeResult(int seeders, int completed, int leechers) {}
