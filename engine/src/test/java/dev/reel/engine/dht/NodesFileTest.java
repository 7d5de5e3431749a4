package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodesFileTest {
  @TempDir Path dir;

  @Test
  void roundTripReplacesTheOldFileAndLeavesNoTemporaries() throws Exception {
    Path file = dir.resolve("dht.dat");
    NodeId id = NodeId.random();
    List<NodeInfo> nodes = List.of(new NodeInfo(NodeId.random(), new InetSocketAddress("192.0.2.1", 6881)),
        new NodeInfo(NodeId.random(), new InetSocketAddress("198.51.100.2", 51413)));
    NodesFile.save(file, NodeId.random(), List.of());
    NodesFile.save(file, id, nodes);
    NodesFile.Saved saved = NodesFile.load(file);
    assertThat(saved.id()).isEqualTo(id);
    assertThat(saved.nodes()).containsExactlyElementsOf(nodes);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aCorruptFileIsReportedNotHalfLoaded() throws Exception {
    Path file = dir.resolve("dht.dat");
    Files.write(file, "d2:id20:abc".getBytes());
    assertThatThrownBy(() -> NodesFile.load(file)).isInstanceOf(IOException.class).hasMessageContaining("bencode");
    // A node started on it ignores the file and starts empty.
    try (DhtNode node = DhtNode.start(DhtConfig.loopback().withNodesFile(file))) {
      assertThat(node.routingTableSize()).isZero();
    }
  }
}
