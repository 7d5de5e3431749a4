/**
 * HTTP streaming of torrent files to media players: {@code /stream/{infohash}/{fileIndex}/{filename}} with byte ranges
 * (RFC 9110 section 14: single ranges, open and suffix ranges, 416, If-Range) and {@code /playlist/{infohash}.m3u}.
 *
 * <p>The seam to the engine is {@link dev.reel.app.stream.StreamRegistry} / {@link dev.reel.app.stream.StreamSource}:
 * a source opens a blocking channel that returns only hash-verified bytes (BEP 3 piece hashes) and throws
 * {@link dev.reel.app.stream.ReadTimeoutException} when data does not arrive in time.
 * {@link dev.reel.app.stream.EngineStreams} implements it over engine torrents (for {@code reel stream} and
 * {@code reel serve}). Install with {@link dev.reel.app.stream.StreamRoutes#install}.
 */
package dev.reel.app.stream;
