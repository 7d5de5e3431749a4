package dev.reel.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.metainfo.InfoHash;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetadataAssemblerTest {
  private static final long SECOND = 1_000_000_000L;

  private static byte[] info(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  @Test
  void assemblesBlocksInAnyOrderAndVerifiesTheHash() throws ProtocolException {
    byte[] info = info(3 * 16384 + 100);
    MetadataAssembler a = new MetadataAssembler(InfoHash.ofInfoBytes(info), info.length);
    assertThat(a.blockCount()).isEqualTo(4);
    assertThat(a.add(3, MetadataAssembler.block(info, 3))).isFalse();
    assertThat(a.add(0, MetadataAssembler.block(info, 0))).isFalse();
    assertThat(a.add(0, MetadataAssembler.block(info, 0))).as("duplicate").isFalse();
    assertThat(a.nextMissing()).hasValue(1);
    assertThat(a.add(2, MetadataAssembler.block(info, 2))).isFalse();
    assertThatThrownBy(a::result).isInstanceOf(IllegalStateException.class);
    assertThat(a.add(1, MetadataAssembler.block(info, 1))).isTrue();
    assertThat(a.isComplete()).isTrue();
    assertThat(a.result()).isEqualTo(info);
    assertThat(a.nextMissing()).isEmpty();
    assertThat(a.add(1, MetadataAssembler.block(info, 1))).as("true only once").isFalse();
  }

  @Test
  void aWrongBlockFailsTheHashAndStartsOver() throws ProtocolException {
    byte[] info = info(2 * 16384);
    MetadataAssembler a = new MetadataAssembler(InfoHash.ofInfoBytes(info), info.length);
    byte[] bad = MetadataAssembler.block(info, 1);
    bad[5] ^= 1;
    assertThat(a.add(0, MetadataAssembler.block(info, 0))).isFalse();
    assertThat(a.add(1, bad)).isFalse();
    assertThat(a.hashFailures()).isEqualTo(1);
    assertThat(a.isComplete()).isFalse();
    assertThat(a.receivedBlocks()).isZero();
    assertThat(a.nextMissing()).hasValue(0);

    assertThat(a.add(1, MetadataAssembler.block(info, 1))).isFalse();
    assertThat(a.add(0, MetadataAssembler.block(info, 0))).isTrue();
    assertThat(a.result()).isEqualTo(info);
  }

  @Test
  void rejectsBlocksOfTheWrongSizeOrIndex() {
    byte[] info = info(16384 + 1);
    MetadataAssembler a = new MetadataAssembler(InfoHash.ofInfoBytes(info), info.length);
    assertThatThrownBy(() -> a.add(0, new byte[16383])).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("must have 16384 bytes, not 16383");
    assertThatThrownBy(() -> a.add(1, new byte[2])).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> a.add(2, new byte[0])).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> a.add(-1, new byte[0])).isInstanceOf(ProtocolException.class);
  }

  @Test
  void rejectsImplausibleSizes() {
    InfoHash h = InfoHash.ofInfoBytes(new byte[1]);
    for (int size : new int[] {0, -1, MetadataAssembler.MAX_METADATA + 1, Integer.MAX_VALUE}) {
      assertThat(MetadataAssembler.isValidSize(size)).isFalse();
      assertThatThrownBy(() -> new MetadataAssembler(h, size)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(new MetadataAssembler(h, MetadataAssembler.MAX_METADATA).blockCount()).isEqualTo(1024);
    assertThat(new MetadataAssembler(h, 1).blockCount()).isEqualTo(1);
  }

  @Test
  void handsOutDifferentBlocksToSeveralPeersAndRetriesAfterTimeout() throws ProtocolException {
    byte[] info = info(3 * 16384);
    MetadataAssembler a = new MetadataAssembler(InfoHash.ofInfoBytes(info), info.length);
    long t0 = 1_000 * SECOND;
    long timeout = 10 * SECOND;
    assertThat(a.nextToRequest(t0, timeout)).hasValue(0);
    assertThat(a.nextToRequest(t0, timeout)).hasValue(1);
    assertThat(a.nextToRequest(t0, timeout)).hasValue(2);
    assertThat(a.nextToRequest(t0 + SECOND, timeout)).as("all requested").isEmpty();

    a.released(1); // that peer rejected it
    assertThat(a.nextToRequest(t0 + SECOND, timeout)).hasValue(1);
    a.add(0, MetadataAssembler.block(info, 0));
    assertThat(a.nextToRequest(t0 + 5 * SECOND, timeout)).isEmpty();
    assertThat(a.nextToRequest(t0 + timeout, timeout)).as("block 2 timed out").hasValue(2);
    assertThat(a.nextToRequest(t0 + timeout + SECOND, timeout)).as("block 1 timed out").hasValue(1);
    a.add(1, MetadataAssembler.block(info, 1));
    a.add(2, MetadataAssembler.block(info, 2));
    assertThat(a.isComplete()).isTrue();
    assertThat(a.nextToRequest(t0 + 100 * SECOND, timeout)).isEmpty();
  }

  @Test
  void blockHelperSplitsSixteenKibBlocks() {
    byte[] info = info(16384 * 2 + 5);
    assertThat(MetadataAssembler.block(info, 0)).hasSize(16384);
    assertThat(MetadataAssembler.block(info, 2)).hasSize(5);
    assertThatThrownBy(() -> MetadataAssembler.block(info, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MetadataAssembler.block(info, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
