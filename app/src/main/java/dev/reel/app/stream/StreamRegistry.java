package dev.reel.app.stream;

import java.util.List;
import java.util.Optional;

/**
 * Looks up what the stream routes serve. Implemented by the app's session layer; must be thread-safe, non-blocking
 * (answers from memory) and never throw for unknown keys.
 */
public interface StreamRegistry {

    /** A registry that knows no torrent. */
    StreamRegistry EMPTY = new StreamRegistry() {
        @Override
        public Optional<StreamSource> find(String infoHashHex, int fileIndex) {
            return Optional.empty();
        }

        @Override
        public List<PlaylistEntry> playlist(String infoHashHex) {
            return List.of();
        }
    };

    /**
     * The file {@code fileIndex} (index into the torrent's file list, padding files included) of the torrent
     * {@code infoHashHex} (40 lower-case hex digits), or empty if either is unknown.
     */
    Optional<StreamSource> find(String infoHashHex, int fileIndex);

    /**
     * The torrent's files in torrent order, or an empty list if the torrent is unknown. The playlist route keeps only
     * the entries whose name has a video extension, so implementations may return every file.
     */
    List<PlaylistEntry> playlist(String infoHashHex);
}
