package dev.reel.engine.webseed;

import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.storage.StorageLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers: a torrent's expected bytes, and its storage layout. */
final class TorrentData {
  private TorrentData() {}

  /** The torrent's whole data (files concatenated, padding as zeros), read from the files under {@code root}. */
  static byte[] expected(Metainfo m, Path root) {
    byte[] all = new byte[Math.toIntExact(m.totalLength())];
    for (FileEntry f : m.files()) {
      if (f.padding() || f.length() == 0) {
        continue;
      }
      Path p = root;
      if (m.multiFile()) {
        p = p.resolve(m.name());
      }
      for (String e : f.path()) {
        p = p.resolve(e);
      }
      try {
        byte[] b = Files.readAllBytes(p);
        System.arraycopy(b, 0, all, (int) f.offset(), (int) f.length());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all;
  }

  /** The layout of {@code m} below a download folder (a multi-file torrent's files under its name). */
  static StorageLayout layout(Metainfo m) {
    StorageLayout.Builder b = StorageLayout.builder(m.pieceLength());
    for (FileEntry f : m.files()) {
      Path p = m.multiFile() ? Path.of(m.name(), f.path().toArray(String[]::new)) : Path.of(f.path().get(0));
      b.add(p, f.length(), f.padding());
    }
    return b.build();
  }
}
