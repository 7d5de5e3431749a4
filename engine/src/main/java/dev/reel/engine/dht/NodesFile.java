package dev.reel.engine.dht;

import dev.reel.engine.bencode.BDecoder;
import dev.reel.engine.bencode.BDict;
import dev.reel.engine.bencode.BEncoder;
import dev.reel.engine.bencode.BString;
import dev.reel.engine.bencode.BValue;
import dev.reel.engine.bencode.BencodeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The saved routing table: a bencoded dictionary {@code {"id": <20 bytes>, "nodes": <compact node info...>}} (the
 * same 26-byte entries as KRPC), plus {@code "nodes6"} (BEP 32's 38-byte entries) for an IPv6 table. Written atomically: a temporary file in the same directory, fsync, then rename over
 * the old file, so a crash leaves the old or the new file, never a torn one. Thread-safe (stateless).
 */
public final class NodesFile {
  /** A saved table can hold a few thousand nodes; anything larger is not ours. */
  public static final int MAX_FILE_BYTES = 1024 * 1024;

  /** What was saved. {@code id} may be null if the file had none. */
  public record Saved(NodeId id, List<NodeInfo> nodes) {}

  private NodesFile() {}

  public static void save(Path file, NodeId id, List<NodeInfo> nodes) throws IOException {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", id.bytes());
    d.put("nodes", NodeInfo.encodeCompact(nodes));
    byte[] six = NodeInfo.encodeCompact6(nodes);
    if (six.length > 0) {
      d.put("nodes6", six);
    }
    byte[] bytes = BEncoder.encode(d);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Loads a saved table.
   *
   * @throws IOException if the file cannot be read or is not a nodes file (the message says why)
   */
  public static Saved load(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
    }
    BValue v;
    try {
      v = BDecoder.decode(Files.readAllBytes(file));
    } catch (BencodeException e) {
      throw new IOException(file + " is not bencode: " + e.getMessage(), e);
    }
    if (!(v instanceof BDict d)) {
      throw new IOException(file + " does not hold a dictionary");
    }
    NodeId id = d.string("id").filter(s -> s.length() == NodeId.LENGTH).map(s -> NodeId.of(s.bytes())).orElse(null);
    List<NodeInfo> nodes = new java.util.ArrayList<>(
        d.string("nodes").map(BString::bytes).map(NodeInfo::decodeCompact).orElse(List.of()));
    d.string("nodes6").map(BString::bytes).map(NodeInfo::decodeCompact6).ifPresent(nodes::addAll);
    return new Saved(id, nodes);
  }
}
