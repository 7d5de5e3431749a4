/**
 * Streaming while downloading: blocking, seekable readers over a torrent's files that return only hash-verified
 * bytes, and the pure algorithms that turn the readers' positions into piece deadlines (readahead growth, deadline
 * plans, delivery-time estimates). The session wires them to the piece picker; docs/STREAMING.md describes the
 * whole algorithm, after libtorrent's time-critical pieces. BEP 3 (pieces, blocks, cancel).
 */
package dev.reel.engine.stream;
