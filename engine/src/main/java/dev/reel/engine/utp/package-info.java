/**
 * uTP, the uTorrent transport protocol (BEP 29): BitTorrent's reliable, ordered byte stream over UDP with LEDBAT
 * delay-based congestion control.
 *
 * <ul>
 *   <li>{@link dev.reel.engine.utp.UtpPacket} — the 20-byte header, the extension chain and selective ACKs.
 *   <li>{@link dev.reel.engine.utp.Ledbat} — the congestion window from one-way delay (target 100 ms, base delay
 *       history) and loss.
 *   <li>{@link dev.reel.engine.utp.UtpConnection} — the pure per-connection state machine: sequence and ack numbers,
 *       retransmission (TCP-like RTO, at least 500 ms; fast retransmit on three duplicate ACKs or selective ACKs),
 *       the peer's advertised window, FIN and RESET. Time is passed in ({@code nowNanos}); it never blocks.
 *   <li>{@link dev.reel.engine.utp.UtpEndpoint} — the UDP side: connections keyed by peer and connection id on one
 *       datagram socket that it shares with the DHT (BEP 5 KRPC packets start with {@code 'd'}, uTP ones with a
 *       version-1 type byte), accepting and connecting.
 *   <li>{@link dev.reel.engine.utp.UtpSocket} — a {@link java.net.Socket} whose blocking streams run over one uTP
 *       connection, so the session's peer code uses uTP and TCP alike.
 * </ul>
 */
package dev.reel.engine.utp;
