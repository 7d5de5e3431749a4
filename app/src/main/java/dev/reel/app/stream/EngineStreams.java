package dev.reel.app.stream;

import dev.reel.engine.Engine;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.stream.TorrentReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one {@link StreamRegistry} over engine torrents, used by {@code reel stream} (every torrent of its engine) and
 * {@code reel serve} (the torrents of the play sessions, see {@code PlaySessions#streams()}). A {@link Scope} says
 * which torrents are served and who hears about their readers; every non-padding file of a served torrent whose
 * metadata is known can be streamed.
 *
 * <p>Each {@link StreamSource#open()} opens its own engine {@link TorrentReader} (so each HTTP request has its own
 * window, released when the server closes the channel on hang-up) with this registry's read timeout; the engine's
 * {@link dev.reel.engine.stream.ReadTimeoutException} becomes this package's {@link ReadTimeoutException}.
 *
 * <p>Thread-safe and non-blocking, as {@link StreamRegistry} requires (given a scope that is).
 */
public final class EngineStreams implements StreamRegistry {
    /** How long an HTTP read waits for its data before the server answers 503 (or aborts a started body). */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    /** Which torrents are served, and who is told about their readers. Thread-safe, quick, non-blocking. */
    @FunctionalInterface
    public interface Scope {
        /** The served torrent with this info-hash, or empty. */
        Optional<Torrent> torrent(InfoHash hash);

        /** Who hears about the readers of file {@code fileIndex} of a served torrent; {@link ReaderActivity#NONE} here. */
        default ReaderActivity activity(Torrent torrent, int fileIndex) {
            return ReaderActivity.NONE;
        }
    }

    /**
     * Told when a stream reader opens, reads and closes (e.g. to keep a play session alive while a player reads).
     * Called on request threads, concurrently: implementations are thread-safe and quick. {@link #closed()} is called
     * exactly once per {@link #opened()}.
     */
    public interface ReaderActivity {
        /** Ignores everything. */
        ReaderActivity NONE = new ReaderActivity() {
            @Override
            public void opened() {}

            @Override
            public void read() {}

            @Override
            public void closed() {}
        };

        void opened();

        void read();

        void closed();
    }

    private final Scope scope;
    private final Duration readTimeout;

    /** Streams every torrent of {@code engine}, with the default read timeout. */
    public EngineStreams(Engine engine) {
        this(engine::get, DEFAULT_READ_TIMEOUT);
    }

    public EngineStreams(Scope scope, Duration readTimeout) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
    }

    @Override
    public Optional<StreamSource> find(String infoHashHex, int fileIndex) {
        Optional<Torrent> t = torrent(infoHashHex);
        Optional<Metainfo> m = t.flatMap(Torrent::metainfo);
        if (m.isEmpty() || fileIndex < 0 || fileIndex >= m.get().files().size()
                || m.get().files().get(fileIndex).padding()) {
            return Optional.empty();
        }
        FileEntry f = m.get().files().get(fileIndex);
        return Optional.of(new FileSource(t.get(), f, fileName(f), scope.activity(t.get(), fileIndex)));
    }

    @Override
    public List<PlaylistEntry> playlist(String infoHashHex) {
        Optional<Metainfo> m = torrent(infoHashHex).flatMap(Torrent::metainfo);
        List<PlaylistEntry> out = new ArrayList<>();
        for (FileEntry f : m.map(Metainfo::files).orElse(List.of())) {
            if (!f.padding()) {
                out.add(new PlaylistEntry(f.index(), fileName(f), f.length()));
            }
        }
        return out;
    }

    private Optional<Torrent> torrent(String hex) {
        if (hex == null || !InfoHash.isHex(hex)) {
            return Optional.empty();
        }
        try {
            return scope.torrent(InfoHash.fromHex(hex));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The last element of the file's path in the torrent (the torrent's name for a single-file torrent). */
    public static String fileName(FileEntry f) {
        return f.path().get(f.path().size() - 1);
    }

    /** One torrent file. */
    private final class FileSource implements StreamSource {
        private final Torrent torrent;
        private final FileEntry file;
        private final String fileName;
        private final ReaderActivity activity;

        FileSource(Torrent torrent, FileEntry file, String fileName, ReaderActivity activity) {
            this.torrent = torrent;
            this.file = file;
            this.fileName = fileName;
            this.activity = activity;
        }

        @Override
        public String fileName() {
            return fileName;
        }

        @Override
        public long length() {
            return file.length();
        }

        @Override
        public SeekableByteChannel open() throws IOException {
            return open(0);
        }

        /** The reader starts at the position, so its first readahead window is there (Torrent#openReader(int, long)). */
        @Override
        public SeekableByteChannel open(long position) throws IOException {
            return open(position, Long.MAX_VALUE);
        }

        /** As {@link #open(long)}, reading ahead no further than {@code end} (the request's range end). */
        @Override
        public SeekableByteChannel open(long position, long end) throws IOException {
            TorrentReader reader;
            try {
                reader = torrent.openReader(file.index(), position, end);
            } catch (IllegalStateException | IndexOutOfBoundsException e) {
                throw new IOException("cannot read " + fileName + ": " + e.getMessage(), e);
            }
            reader.setReadTimeout(readTimeout);
            activity.opened();
            return new Channel(reader, file.length(), activity);
        }
    }

    /** A read-only channel over an engine reader; its read timeout becomes the stream server's. */
    private static final class Channel implements SeekableByteChannel {
        private final TorrentReader reader;
        private final long length;
        private final ReaderActivity activity;
        private boolean closed;

        Channel(TorrentReader reader, long length, ReaderActivity activity) {
            this.reader = reader;
            this.length = length;
            this.activity = activity;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            try {
                int n = reader.read(dst);
                activity.read();
                return n;
            } catch (dev.reel.engine.stream.ReadTimeoutException e) {
                throw new ReadTimeoutException(e.getMessage());
            }
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() throws IOException {
            return reader.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            reader.position(newPosition);
            return this;
        }

        @Override
        public long size() {
            return length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return reader.isOpen();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                reader.close();
                activity.closed();
            }
        }
    }
}
