/**
 * Message Stream Encryption / Protocol Encryption (MSE/PE): the obfuscated handshake and RC4 streams that
 * qBittorrent, libtorrent, Transmission, aria2 and Vuze speak to peers that require encryption. There is no BEP; the
 * specification is Vuze's wiki page "Message Stream Encryption"
 * (<a href="https://wiki.vuze.com/w/Message_Stream_Encryption">wiki.vuze.com/w/Message_Stream_Encryption</a>,
 * archived at web.archive.org), also summarised in libtorrent's documentation.
 *
 * <ul>
 *   <li>{@link dev.reel.engine.wire.mse.DiffieHellman} — the spec's 768-bit prime P and generator 2, 160-bit private
 *       keys, 96-byte public keys and shared secret S.
 *   <li>{@link dev.reel.engine.wire.mse.Rc4} — RC4 (the JDK's {@code ARCFOUR}) keyed with
 *       {@code SHA1('keyA'|'keyB', S, SKEY)}, first 1024 bytes discarded;
 *       {@link dev.reel.engine.wire.mse.Rc4InputStream} and {@link dev.reel.engine.wire.mse.Rc4OutputStream} wrap a
 *       socket's streams.
 *   <li>{@link dev.reel.engine.wire.mse.MseHandshake} — the five-step handshake for the initiator
 *       ({@link dev.reel.engine.wire.mse.MseHandshake#initiate}) and the responder
 *       ({@link dev.reel.engine.wire.mse.MseHandshake#respond}, which finds the torrent by
 *       {@code HASH('req2', SKEY) xor HASH('req3', S)}), giving an {@link dev.reel.engine.wire.mse.MseResult}: the
 *       streams to run the BitTorrent handshake and messages over.
 * </ul>
 *
 * <p>No sockets or threads here: the handshake runs on any blocking {@link java.io.InputStream} / {@link
 * java.io.OutputStream} pair; the session owns sockets, the overall time limit and the policy (disabled, enabled,
 * required). Everything read from a peer is untrusted: pad lengths, the bytes scanned for a synchronisation marker and
 * the initial payload are bounded by named constants, and a violation fails with a {@link
 * dev.reel.engine.wire.ProtocolException} saying what was wrong; a stream that ends early fails with {@link
 * java.io.EOFException}.
 */
package dev.reel.engine.wire.mse;
