package dev.reel.app.play;

import java.util.List;

/**
 * A play session as the API shows it (docs/API.md, "Session"). Immutable; {@code streamUrl} and the file fields are
 * null or -1 until the metadata is known.
 */
public record SessionView(
    String id,
    String infoHash,
    int fileIndex,
    String name,
    String torrentName,
    long length,
    String streamUrl,
    String streamPath,
    String playlistUrl,
    String state,
    double progress,
    long verifiedBytes,
    List<Range> buffered,
    long bufferedAhead,
    double downloadRate,
    double uploadRate,
    int peers,
    int seeds,
    Long etaSeconds,
    String error,
    List<FileView> files,
    Object item,
    boolean keepable,
    boolean kept,
    String createdAt) {

  /** A half-open byte range {@code [start, end)} of the file. */
  public record Range(long start, long end) {}

  /** One file of the torrent. */
  public record FileView(int index, String path, long length, double progress, boolean video) {}
}
