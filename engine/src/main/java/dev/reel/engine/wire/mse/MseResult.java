package dev.reel.engine.wire.mse;

import dev.reel.engine.metainfo.InfoHash;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A finished MSE handshake: the torrent it named (SKEY), the method chosen, and the streams to run the BitTorrent
 * protocol over. With {@link CryptoMethod#RC4} the streams encrypt and decrypt; with {@link CryptoMethod#PLAINTEXT}
 * they are the connection's own. On the responder's side {@code in} first yields the initiator's initial payload
 * (IA, already decrypted), then the rest of the connection.
 *
 * @param infoHash the torrent both sides proved to know
 * @param method the negotiated payload encoding
 * @param in read the peer's BitTorrent handshake and messages from here (not buffered beyond the wrapped stream)
 * @param out write ours here (unbuffered; put a buffer on top)
 */
public record MseResult(InfoHash infoHash, CryptoMethod method, InputStream in, OutputStream out) {}
