package dev.reel.app.stream;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;

/**
 * One file of a torrent that the stream server can serve: the seam between the HTTP layer and the engine's file
 * reader.
 *
 * <p>Contract for {@link #open()}: each call returns a new channel owned by the caller, who must close it. Its
 * {@code read} returns only hash-verified bytes and <em>blocks</em> until data at the current position is there; if
 * that takes too long it throws {@link ReadTimeoutException}. Closing the channel releases the reader (the engine
 * stops prioritising its window), so the server closes it as soon as the HTTP client goes away. A channel is used by
 * one thread at a time. Implementations of this interface itself are thread-safe.
 */
public interface StreamSource {

    /** The file's display name, normally the last element of its path in the torrent; used for headers only. */
    String fileName();

    /** The file's length in bytes; never negative and constant for the life of the source. */
    long length();

    /**
     * Opens a blocking reader positioned at 0.
     *
     * @throws IOException if the file cannot be read at all (for example the torrent was removed)
     */
    SeekableByteChannel open() throws IOException;

    /**
     * Opens a blocking reader positioned at {@code position}. A torrent-backed source overrides this so that the
     * reader's first readahead window is at the position (a seek does not first ask for the file's start).
     *
     * @throws IOException if the file cannot be read at all
     */
    default SeekableByteChannel open(long position) throws IOException {
        SeekableByteChannel c = open();
        try {
            c.position(position);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Opens a blocking reader positioned at {@code position} for a request of the bytes {@code [position, end)}: a
     * torrent-backed source does not read ahead past {@code end}. By default the same as {@link #open(long)}.
     *
     * @throws IOException if the file cannot be read at all
     */
    default SeekableByteChannel open(long position, long end) throws IOException {
        return open(position);
    }
}
