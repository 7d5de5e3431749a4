/**
 * Bencoding (BEP 3): a strict, bounded decoder that keeps the raw byte span of every value, and a canonical encoder.
 *
 * <p>The info-hash of a torrent is the SHA-1 of its info dictionary exactly as received, so {@link
 * dev.reel.engine.bencode.BValue#span()} gives the original bytes even when they are not canonical (unsorted keys).
 * Limits are explicit: see {@link dev.reel.engine.bencode.BDecoder.Limits}.
 */
package dev.reel.engine.bencode;
