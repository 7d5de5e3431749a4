package dev.reel.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class MemoryStorageTest extends StorageContract {
  @Override
  protected Storage create(StorageLayout layout) {
    return new MemoryStorage(layout);
  }

  @Test
  void allocatesOnlyWrittenPieces() throws Exception {
    StorageLayout layout = multiFile();
    MemoryStorage s = (MemoryStorage) open(layout);
    s.write(2, 0, ByteBuffer.allocate(10));
    assertThat(s.hasPiece(2)).isTrue();
    assertThat(s.hasPiece(0)).isFalse();
    assertThat(s.hasPiece(1)).isFalse();
  }
}
