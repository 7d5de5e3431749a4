package dev.reel.engine;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;

/** What to add: a parsed .torrent, a magnet, or a bare info-hash (metadata and peers then come from the swarm). */
public sealed interface TorrentSource {
  InfoHash infoHash();

  record OfMetainfo(Metainfo metainfo) implements TorrentSource {
    @Override
    public InfoHash infoHash() {
      return metainfo.infoHash();
    }
  }

  record OfMagnet(Magnet magnet) implements TorrentSource {
    @Override
    public InfoHash infoHash() {
      return magnet.infoHash();
    }
  }

  record OfInfoHash(InfoHash infoHash) implements TorrentSource {}
}
