package dev.reel.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitfieldsTest {
  @Test
  void pieceZeroIsTheHighBitOfTheFirstByte() throws ProtocolException {
    BitSet have = Bitfields.toBitSet(new byte[] {(byte) 0x80, 0x01, (byte) 0x80}, 17);
    assertThat(have.stream().toArray()).containsExactly(0, 15, 16);
    assertThat(Bitfields.fromBitSet(have, 17)).containsExactly(0x80, 0x01, 0x80);
  }

  @Test
  void roundTripsRandomSets() throws ProtocolException {
    Random r = new Random(7);
    for (int pieces = 1; pieces < 70; pieces++) {
      BitSet s = new BitSet();
      for (int i = 0; i < pieces; i++) {
        if (r.nextBoolean()) {
          s.set(i);
        }
      }
      byte[] bits = Bitfields.fromBitSet(s, pieces);
      assertThat(bits).hasSize((pieces + 7) / 8);
      assertThat(Bitfields.toBitSet(bits, pieces)).isEqualTo(s);
    }
  }

  @Test
  void ignoresBitsPastThePieceCountWhenEncoding() {
    BitSet s = new BitSet();
    s.set(3);
    s.set(9);
    assertThat(Bitfields.fromBitSet(s, 9)).containsExactly(0x10, 0x00);
  }

  @Test
  void rejectsAWrongLength() {
    assertThatThrownBy(() -> Bitfields.toBitSet(new byte[2], 17))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("expected 3");
    assertThatThrownBy(() -> Bitfields.toBitSet(new byte[4], 17)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void rejectsSpareBitsSet() throws ProtocolException {
    assertThatThrownBy(() -> Bitfields.toBitSet(new byte[] {0, 0, 0x40}, 17))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("spare bits");
    assertThatThrownBy(() -> Bitfields.toBitSet(new byte[] {0x01}, 7)).isInstanceOf(ProtocolException.class);
    assertThat(Bitfields.toBitSet(new byte[] {(byte) 0xff}, 8).cardinality()).isEqualTo(8);
  }
}
