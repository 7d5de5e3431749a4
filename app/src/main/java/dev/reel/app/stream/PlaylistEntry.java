package dev.reel.app.stream;

import java.util.Objects;

/**
 * One file offered in a torrent's playlist.
 *
 * @param fileIndex index of the file in the torrent's file list (the {@code {fileIndex}} of its stream URL)
 * @param fileName  display name, normally the last element of the file's path; also the cosmetic last URL segment
 * @param length    file length in bytes
 */
public record PlaylistEntry(int fileIndex, String fileName, long length) {

    public PlaylistEntry {
        if (fileIndex < 0) throw new IllegalArgumentException("fileIndex < 0: " + fileIndex);
        Objects.requireNonNull(fileName, "fileName");
        if (length < 0) throw new IllegalArgumentException("length < 0: " + length);
    }
}
