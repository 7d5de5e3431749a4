package dev.reel.engine;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.InvalidTorrentException;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The BitTorrent engine: one per process. Owns the peer listener, the global rate limits and all torrents.
 * Thread-safe. {@link #close()} stops every torrent (announcing "stopped" with a bounded wait) and saves resume state.
 */
public interface Engine extends AutoCloseable {

  /** Starts an engine: binds the peer port and loads nothing else (torrents are added by the caller). */
  static Engine start(EngineConfig config) throws IOException {
    return dev.reel.engine.session.SessionEngine.start(config);
  }

  EngineConfig config();

  /** The TCP port peers can reach us on (the configured one, or the one picked when it was 0). */
  int listenPort();

  /** Adds a torrent, or returns the existing handle if the info-hash is already in the engine. */
  Torrent add(TorrentSource source, AddOptions options) throws IOException;

  default Torrent add(Metainfo metainfo, AddOptions options) throws IOException {
    return add(new TorrentSource.OfMetainfo(metainfo), options);
  }

  default Torrent add(Magnet magnet, AddOptions options) throws IOException {
    return add(new TorrentSource.OfMagnet(magnet), options);
  }

  default Torrent add(InfoHash infoHash, AddOptions options) throws IOException {
    return add(new TorrentSource.OfInfoHash(infoHash), options);
  }

  default Torrent addTorrentFile(Path torrentFile, AddOptions options) throws IOException, InvalidTorrentException {
    return add(Metainfo.parse(Files.readAllBytes(torrentFile)), options);
  }

  default Torrent addTorrentBytes(byte[] torrent, AddOptions options) throws IOException, InvalidTorrentException {
    return add(Metainfo.parse(torrent), options);
  }

  Optional<Torrent> get(InfoHash infoHash);

  List<Torrent> torrents();

  /** Global limits in bytes/s, 0 = unlimited; applies immediately. */
  void setRateLimits(long download, long upload);

  @Override
  void close();
}
