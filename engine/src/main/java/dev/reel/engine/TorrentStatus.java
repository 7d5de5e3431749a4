package dev.reel.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of a torrent's progress. Byte counts of "wanted" cover only the selected files' pieces.
 *
 * @param progress verified wanted bytes / wanted bytes, 0..1 (0 while fetching metadata)
 * @param downloadRate payload bytes per second received, averaged over a few seconds
 * @param peers connected peers (seeds included)
 * @param seeds connected peers that have every piece
 */
public record TorrentStatus(
    TorrentState state,
    String name,
    double progress,
    long wantedBytes,
    long wantedDone,
    long totalDownloaded,
    long totalUploaded,
    double downloadRate,
    double uploadRate,
    int peers,
    int seeds,
    int piecesHave,
    int pieceCount,
    Optional<Duration> eta,
    Optional<String> error) {}
