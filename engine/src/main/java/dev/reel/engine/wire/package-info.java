/**
 * The peer wire protocol: codecs and small pure helpers, no sockets or threads.
 *
 * <ul>
 *   <li>BEP 3 — the handshake ({@link dev.reel.engine.wire.Handshake}) and the length-prefixed messages
 *       ({@link dev.reel.engine.wire.Message}, {@link dev.reel.engine.wire.MessageCodec}), bitfields
 *       ({@link dev.reel.engine.wire.Bitfields}).
 *   <li>BEP 6 — Fast extension messages (have all/none, suggest, reject, allowed fast) and the canonical allowed
 *       fast set ({@link dev.reel.engine.wire.AllowedFastSet}).
 *   <li>BEP 10 — extension protocol handshake ({@link dev.reel.engine.wire.ExtensionHandshake}), with {@code yourip}
 *       and the sender's own {@code ipv6} address.
 *   <li>BEP 9 — ut_metadata messages ({@link dev.reel.engine.wire.MetadataMessage}) and assembly of the info
 *       dictionary from 16 KiB blocks ({@link dev.reel.engine.wire.MetadataAssembler}).
 *   <li>BEP 11 — ut_pex peer exchange ({@link dev.reel.engine.wire.PexMessage}).
 *   <li>BEP 20 — peer id conventions ({@link dev.reel.engine.wire.PeerIds}).
 *   <li>Message Stream Encryption (no BEP; Vuze's spec) — in {@link dev.reel.engine.wire.mse}.
 * </ul>
 *
 * <p>Everything read from a peer is untrusted: decoders check every length against explicit limits before
 * allocating and fail with {@link dev.reel.engine.wire.ProtocolException} (an {@link java.io.IOException}) saying
 * what was wrong. A truncated stream fails with {@link java.io.EOFException}.
 *
 * <p>A connection, in outline (the session owns sockets, threads and state):
 *
 * <pre>{@code
 * Handshake.of(infoHash, peerId).write(out);            // or readHeader/readPeerId on an incoming connection
 * Handshake theirs = Handshake.read(in);
 * if (theirs.supportsExtensions()) {
 *   MessageCodec.write(new Message.Extended(0, ExtensionHandshake.ours(port, size, peerIp).encode()), out);
 * }
 * out.flush();
 * while (true) {
 *   switch (MessageCodec.read(in)) {                     // in: DataInputStream over a BufferedInputStream
 *     case Message.Piece p -> storage.write(p.piece(), p.offset(), p.data());
 *     case Message.Extended e when e.id() == ExtensionHandshake.LOCAL_UT_METADATA_ID ->
 *         handle(MetadataMessage.decode(e.payload()));
 *     case Message.Extended e when e.id() == ExtensionHandshake.LOCAL_UT_PEX_ID ->
 *         handle(PexMessage.decode(e.payload()));
 *     ...
 *   }
 * }
 * }</pre>
 */
package dev.reel.engine.wire;
