package dev.reel.app.library;

import dev.reel.engine.FilePriority;
import dev.reel.engine.metainfo.InfoHash;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A stored transfer: what to re-add to the engine at start-up. Immutable.
 *
 * @param torrent the .torrent bytes when known at add time, else null
 * @param magnet the magnet link it came from, or null (its trackers and peers are used again after a restart); with
 *     neither, the engine's own metadata cache and the DHT find the torrent by info-hash
 * @param savePath the folder the torrent's files are written in
 * @param priorities per file index; files not listed are {@link FilePriority#NORMAL}
 */
public record TransferRecord(InfoHash infoHash, String name, byte[] torrent, String magnet, Path savePath,
    Map<Integer, FilePriority> priorities, boolean paused, Instant added) {
  public TransferRecord {
    Objects.requireNonNull(infoHash, "infoHash");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(savePath, "savePath");
    Objects.requireNonNull(added, "added");
    priorities = Map.copyOf(priorities);
  }
}
