/**
 * Piece-addressed storage of torrent data on disk or in memory, piece hashing, rechecks and crash-safe resume data.
 *
 * <p><b>Layout (BEP 3).</b> A torrent's files, in the order of the info dictionary, are concatenated into one byte
 * space that is cut into pieces of {@code piece length} bytes (the last piece shorter). A piece, and so a block, may
 * span several files; {@link dev.reel.engine.storage.StorageLayout} maps a byte offset to its file by binary search on
 * the files' offsets. Zero-length files occupy no bytes: they are created when the torrent completes.
 *
 * <p><b>Padding (BEP 47).</b> Padding files align the next file to a piece boundary. Their content is defined to be
 * zeros, so a {@link dev.reel.engine.storage.Storage} never writes them and reads them as zeros; the piece hashes
 * still cover them.
 *
 * <p><b>Pieces.</b> {@link dev.reel.engine.storage.PieceHasher} checks a stored piece against its SHA-1 from the info
 * dictionary; {@link dev.reel.engine.storage.Recheck} finds the valid pieces of existing data; {@link
 * dev.reel.engine.storage.ResumeFile} saves the verified pieces with the size and modification time of each file,
 * and trusts them after a restart only while those still match.
 *
 * <p>The seam is {@link dev.reel.engine.storage.Storage}; {@link dev.reel.engine.storage.FileStorage} and {@link
 * dev.reel.engine.storage.MemoryStorage} pass the same contract test. This package does not know torrents'
 * metainfo: the session maps a torrent's files (with sanitized paths) to a layout.
 */
package dev.reel.engine.storage;
