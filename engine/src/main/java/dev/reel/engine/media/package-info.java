/**
 * Container-aware start for streaming: which byte ranges of a video file a player needs before its first frame,
 * found by parsing the container — not by guessing — so the piece picker can fetch them first.
 *
 * <ul>
 *   <li>MP4/MOV (ISO/IEC 14496-12): the {@code moov} box, wherever it is (walking top-level box headers with
 *       64-bit {@code largesize} and size-0 "to end of file" boxes);
 *   <li>Matroska/WebM (RFC 8794 EBML, Matroska spec): EBML header, Segment header, SeekHead, and the Info,
 *       Tracks, Cues, Chapters, Tags and Attachments elements the SeekHead locates;
 *   <li>AVI (RIFF): {@code hdrl} and the {@code idx1} index after {@code movi};
 *   <li>MPEG-TS: the head only; anything else: the head and the tail.
 * </ul>
 *
 * <p>Entry point: {@link dev.reel.engine.media.ContainerProbe}; the data comes through the
 * {@link dev.reel.engine.media.RangeSource} seam, whose reads may block until the torrent's pieces arrive, which
 * is why parsers read headers only. No BEP covers this; it is the streaming layer above BEP 3 pieces
 * (see {@code docs/STREAMING.md}). JDK only, no state: everything here is thread-safe.
 */
package dev.reel.engine.media;
