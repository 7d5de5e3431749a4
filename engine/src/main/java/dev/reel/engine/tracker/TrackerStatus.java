package dev.reel.engine.tracker;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A snapshot of one tracker as the {@link Announcer} sees it. {@code tier} counts from 0; {@code lastAnnounce} is the
 * last successful announce; {@code lastError} is the error of the last attempt if it failed (empty after a success);
 * {@code peers}, {@code seeders} and {@code leechers} come from the last successful response.
 */
public record TrackerStatus(
    String url,
    int tier,
    Optional<Instant> lastAnnounce,
    Optional<String> lastError,
    int peers,
    OptionalInt seeders,
    OptionalInt leechers) {}
