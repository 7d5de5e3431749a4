package dev.reel.engine;

import java.util.Optional;

/**
 * A web seed (BEP 19 {@code url-list} entry or magnet {@code ws}) as seen from one torrent.
 *
 * @param url the seed's base URL, as the torrent names it
 * @param state "ready", "busy" (a request is running), "backing_off" (after a failure) or "dropped" (it served data
 *     that failed the hash check, or cannot serve this torrent; not asked again until the engine restarts)
 * @param downloadRate payload bytes per second received from it, averaged over a few seconds
 * @param downloaded payload bytes received from it
 * @param piecesLacking pieces it cannot serve (a file it does not have, or has in another version)
 * @param lastError why its last request failed, if it did
 */
public record WebSeedInfo(
    String url,
    String state,
    double downloadRate,
    long downloaded,
    int piecesLacking,
    Optional<String> lastError) {}
