/**
 * Who may download from us: the BEP 3 choking algorithm. {@link dev.reel.engine.choke.Choker} implements tit-for-tat
 * while downloading, round-robin while seeding, and a rotating optimistic unchoke. Pure: time passed in as
 * {@code long nowNanos}, randomness injected. Not thread-safe; the session calls it under the torrent's lock.
 */
package dev.reel.engine.choke;
