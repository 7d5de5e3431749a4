package dev.reel.engine.choke;

/**
 * What the choker needs to know about one connected peer at a rechoke.
 *
 * @param peer peer identity (a hash key)
 * @param interested the peer told us it is interested (BEP 3)
 * @param rateFromPeer our download rate from it, bytes/s
 * @param rateToPeer our upload rate to it, bytes/s
 * @param connectedAtNanos when the connection was established (same clock as {@code nowNanos})
 * @param snubbed it has not sent us a block we requested for a while
 */
public record PeerSnapshot<P>(
    P peer, boolean interested, double rateFromPeer, double rateToPeer, long connectedAtNanos, boolean snubbed) {}
