/**
 * Reel's BitTorrent engine: the public face. Start an {@link dev.reel.engine.Engine}, add torrents by magnet,
 * .torrent or info-hash, and drive them through {@link dev.reel.engine.Torrent} handles; observe them through typed
 * {@link dev.reel.engine.EngineEvent}s. Everything in sub-packages named after spec nouns (bencode, metainfo, tracker,
 * wire, picker, choke, rate, storage) is a leaf; {@code session} is the private body that wires them together.
 */
package dev.reel.engine;
