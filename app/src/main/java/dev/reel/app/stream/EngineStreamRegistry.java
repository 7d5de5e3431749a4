package dev.reel.app.stream;

import dev.reel.engine.Engine;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.stream.TorrentReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
  * The stream routes over a running {@link Engine}: every torrent of the engine whose metadata is known, every
  * non-padding file. Each {@link StreamSource#open()} opens its own engine {@link TorrentReader} (so each HTTP request
  * has its own window, released when the server closes the channel on hang-up); the engine's
  * {@link dev.reel.engine.stream.ReadTimeoutException} becomes this package's {@link ReadTimeoutException}.
  * Thread-safe and non-blocking, as {@link StreamRegistry} requires.
  */
public final class EngineStreamRegistry implements StreamRegistry {
    /** How long an HTTP read waits for its data before the server answers 503 (or aborts a started body). */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    private final Engine engine;
    private final Duration readTimeout;

    public EngineStreamRegistry(Engine engine) {
        this(engine, DEFAULT_READ_TIMEOUT);
    }

    public EngineStreamRegistry(Engine engine, Duration readTimeout) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
    }

    @Override
    public Optional<StreamSource> find(String infoHashHex, int fileIndex) {
        Optional<Torrent> t = torrent(infoHashHex);
        if (t.isEmpty() || t.get().metainfo().isEmpty()) {
            return Optional.empty();
        }
        Metainfo m = t.get().metainfo().get();
        if (fileIndex < 0 || fileIndex >= m.files().size() || m.files().get(fileIndex).padding()) {
            return Optional.empty();
        }
        FileEntry f = m.files().get(fileIndex);
        return Optional.of(new TorrentFileSource(t.get(), fileName(m, f), f, readTimeout));
    }

    @Override
    public List<PlaylistEntry> playlist(String infoHashHex) {
        Optional<Torrent> t = torrent(infoHashHex);
        if (t.isEmpty() || t.get().metainfo().isEmpty()) {
            return List.of();
        }
        List<PlaylistEntry> out = new ArrayList<>();
        for (FileEntry f : t.get().metainfo().get().files()) {
            if (!f.padding()) {
                out.add(new PlaylistEntry(f.index(), fileName(t.get().metainfo().get(), f), f.length()));
            }
        }
        return out;
    }

    private Optional<Torrent> torrent(String hex) {
        if (hex == null || !InfoHash.isHex(hex)) {
            return Optional.empty();
        }
        try {
            return engine.get(InfoHash.fromHex(hex));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The last element of the file's path in the torrent (the torrent's name for a single-file torrent). */
    public static String fileName(Metainfo m, FileEntry f) {
        if (!m.multiFile() || f.path().isEmpty()) {
            return m.name();
        }
        return f.path().get(f.path().size() - 1);
    }

    /** One torrent file. */
    private record TorrentFileSource(Torrent torrent, String fileName, FileEntry file, Duration timeout)
            implements StreamSource {
        @Override
        public long length() {
            return file.length();
        }

        @Override
        public SeekableByteChannel open() throws IOException {
            return open(0);
        }

        @Override
        public SeekableByteChannel open(long position) throws IOException {
            return open(position, Long.MAX_VALUE);
        }

        @Override
        public SeekableByteChannel open(long position, long end) throws IOException {
            TorrentReader r;
            try {
                r = torrent.openReader(file.index(), position, end);
            } catch (IllegalStateException | IndexOutOfBoundsException e) {
                throw new IOException("cannot open file " + file.index() + ": " + e.getMessage(), e);
            }
            r.setReadTimeout(timeout);
            return new Channel(r);
        }
    }

    /** Maps the engine's read timeout onto the stream server's. */
    private record Channel(TorrentReader reader) implements SeekableByteChannel {
        @Override
        public int read(ByteBuffer dst) throws IOException {
            try {
                return reader.read(dst);
            } catch (dev.reel.engine.stream.ReadTimeoutException e) {
                throw new ReadTimeoutException(e.getMessage());
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return reader.write(src);
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
        public long size() throws IOException {
            return reader.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            return reader.truncate(size);
        }

        @Override
        public boolean isOpen() {
            return reader.isOpen();
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
