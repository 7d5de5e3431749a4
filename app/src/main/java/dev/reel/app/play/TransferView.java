package dev.reel.app.play;

import java.util.List;

/**
 * A torrent of the engine as {@code GET /api/transfers} shows it (docs/API.md, "Transfers"). Immutable.
 *
 * @param transfer whether it is a kept download (in the transfer list), as opposed to a torrent only streamed
 * @param sessions the ids of the play sessions on it (empty when nobody plays it)
 * @param state {@code metadata}, {@code checking}, {@code downloading}, {@code seeding}, {@code paused}, {@code error}
 * @param sizeBytes bytes of the selected files; {@code totalBytes} of every file (0 until the metadata is known)
 * @param etaSeconds null when unknown (no rate); 0 once complete
 * @param savePath the folder the torrent's files are in
 */
public record TransferView(
    String infoHash,
    String name,
    boolean transfer,
    List<String> sessions,
    String state,
    String error,
    double progress,
    long sizeBytes,
    long totalBytes,
    long verifiedBytes,
    long downloadedBytes,
    long uploadedBytes,
    double downloadRate,
    double uploadRate,
    int peers,
    int seeds,
    Long etaSeconds,
    String savePath,
    String addedAt,
    List<FileView> files) {

  /** One file: {@code priority} is {@code skip}, {@code normal} or {@code high}. */
  public record FileView(int index, String path, long length, double progress, String priority, boolean video) {}
}
