package dev.reel.engine;

import java.net.InetSocketAddress;

/**
 * A connected peer as seen from one torrent.
 *
 * @param client the peer's client name, from its peer id or extension handshake
 * @param source where we learned of it: "tracker", "pex", "dht", "incoming", "manual", "magnet",
 *     "handshake" (a peer's IPv6 address from its BEP 10 extension handshake)
 */
public record PeerInfo(
    InetSocketAddress address,
    String client,
    String source,
    boolean outgoing,
    boolean seed,
    double progress,
    double downloadRate,
    double uploadRate,
    long downloaded,
    long uploaded,
    boolean choked,
    boolean interested,
    boolean chokingUs,
    boolean interestedInUs) {}
