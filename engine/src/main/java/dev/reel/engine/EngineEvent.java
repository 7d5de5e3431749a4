package dev.reel.engine;

import dev.reel.engine.metainfo.InfoHash;
import java.net.InetSocketAddress;
import java.util.List;

/** Typed events from the engine (libtorrent's alerts, as a sealed family). */
public sealed interface EngineEvent {
  InfoHash infoHash();

  record TorrentAdded(InfoHash infoHash, String name) implements EngineEvent {}

  record MetadataReceived(InfoHash infoHash, String name) implements EngineEvent {}

  record StateChanged(InfoHash infoHash, TorrentState from, TorrentState to) implements EngineEvent {}

  record PieceVerified(InfoHash infoHash, int piece) implements EngineEvent {}

  /** A piece failed its hash check; {@code contributors} sent blocks of it and got a strike. */
  record PieceFailed(InfoHash infoHash, int piece, List<InetSocketAddress> contributors) implements EngineEvent {}

  record FileCompleted(InfoHash infoHash, int fileIndex) implements EngineEvent {}

  /** Every selected file is complete and verified. */
  record TorrentCompleted(InfoHash infoHash) implements EngineEvent {}

  record PeerConnected(InfoHash infoHash, InetSocketAddress peer, String client) implements EngineEvent {}

  record PeerDisconnected(InfoHash infoHash, InetSocketAddress peer, String reason) implements EngineEvent {}

  /** A peer sent too much bad data and will not be connected again. */
  record PeerBanned(InfoHash infoHash, InetSocketAddress peer, String reason) implements EngineEvent {}

  /**
   * A peer was turned away before it connected because the encryption policy forbids how it talks (e.g. a
   * plaintext-only peer while encryption is required).
   */
  record PeerRefused(InfoHash infoHash, InetSocketAddress peer, String reason) implements EngineEvent {}

  record TrackerReply(InfoHash infoHash, String url, int peers) implements EngineEvent {}

  record TrackerError(InfoHash infoHash, String url, String message) implements EngineEvent {}

  record TorrentError(InfoHash infoHash, String message) implements EngineEvent {}

  record TorrentRemoved(InfoHash infoHash) implements EngineEvent {}
}
