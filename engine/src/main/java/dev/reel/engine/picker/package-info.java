/**
 * Which blocks to request from which peer: the piece picker (BEP 3 "rarest first" and end-game, BEP 6 allowed-fast
 * requests while choked) with per-piece priorities and deadlines for streaming (the libtorrent deadline idea,
 * see libtorrent's {@code docs/streaming.rst}), and {@link dev.reel.engine.picker.RequestQueue} for sizing
 * a peer's request pipeline from its measured rate.
 *
 * <p>Everything here is a pure algorithm: no sockets, no threads, time passed in as {@code long nowNanos}. The
 * classes are NOT thread-safe; the session calls them while holding the torrent's lock.
 */
package dev.reel.engine.picker;
