package dev.reel.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.wire.MetadataMessage.MetadataData;
import dev.reel.engine.wire.MetadataMessage.MetadataReject;
import dev.reel.engine.wire.MetadataMessage.MetadataRequest;
import dev.reel.engine.wire.MetadataMessage.MetadataUnknown;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MetadataMessageTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void encodesTheBep9Examples() {
    assertThat(new String(new MetadataRequest(0).encode(), StandardCharsets.US_ASCII))
        .isEqualTo("d8:msg_typei0e5:piecei0ee");
    assertThat(new String(new MetadataReject(0).encode(), StandardCharsets.US_ASCII))
        .isEqualTo("d8:msg_typei2e5:piecei0ee");
    assertThat(new String(new MetadataData(0, 3, bytes("xyz")).encode(), StandardCharsets.US_ASCII))
        .isEqualTo("d8:msg_typei1e5:piecei0e10:total_sizei3eexyz");
  }

  @Test
  void roundTrips() throws ProtocolException {
    byte[] block = new byte[MetadataMessage.BLOCK_SIZE];
    Arrays.fill(block, (byte) 'd'); // looks like bencode; must be taken raw
    for (MetadataMessage m : new MetadataMessage[] {
        new MetadataRequest(0), new MetadataRequest(7), new MetadataReject(3),
        new MetadataData(0, 40_000, block), new MetadataData(2, 40_000, new byte[40_000 - 2 * 16384])}) {
      assertThat(MetadataMessage.decode(m.encode())).isEqualTo(m);
    }
  }

  @Test
  void dataMessageCarriesTheTrailingBlock() throws ProtocolException {
    byte[] payload = bytes("d8:msg_typei1e5:piecei1e10:total_sizei16390ee" + "123456");
    MetadataData d = (MetadataData) MetadataMessage.decode(payload);
    assertThat(d.piece()).isEqualTo(1);
    assertThat(d.totalSize()).isEqualTo(16390);
    assertThat(new String(d.data(), StandardCharsets.US_ASCII)).isEqualTo("123456");
  }

  @Test
  void rejectsDataBlocksOfTheWrongSize() {
    String head = "d8:msg_typei1e5:piecei1e10:total_sizei16390ee";
    assertThatThrownBy(() -> MetadataMessage.decode(bytes(head + "12345")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("must have 6 bytes, not 5");
    assertThatThrownBy(() -> MetadataMessage.decode(bytes(head + "1234567"))).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> MetadataMessage.decode(bytes("d8:msg_typei1e5:piecei2e10:total_sizei16390ee1")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("beyond total_size");
    byte[] sixteenKib = new byte[16384];
    assertThatThrownBy(() -> MetadataMessage.decode(concat(bytes("d8:msg_typei1e5:piecei0e10:total_sizei16383ee"),
        sixteenKib))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void rejectsMalformedMessages() {
    String[] bad = {
      "", "le", "d5:piecei0ee", "d8:msg_typei0ee", "d8:msg_typei0e5:piecei-1ee",
      "d8:msg_typei0e5:piecei99999999ee", "d8:msg_typei1e5:piecei0ee",
      "d8:msg_typei1e5:piecei0e10:total_sizei0ee", "d8:msg_typei1e5:piecei0e10:total_sizei16777217ee",
      "d8:msg_type", "d8:msg_typei0e5:piece1:0e"
    };
    for (String b : bad) {
      assertThatThrownBy(() -> MetadataMessage.decode(bytes(b))).as(b).isInstanceOf(ProtocolException.class);
    }
  }

  @Test
  void unknownMessageTypesAreIgnorable() throws ProtocolException {
    assertThat(MetadataMessage.decode(bytes("d8:msg_typei9e5:piecei0ee"))).isEqualTo(new MetadataUnknown(9, 0));
    assertThat(MetadataMessage.decode(bytes("d8:msg_typei-3e5:piecei0ee"))).isEqualTo(new MetadataUnknown(-3, 0));
  }

  @Test
  void servesBlocksOfOurInfoDictionary() {
    byte[] info = new byte[16384 + 10];
    info[16384] = 42;
    MetadataData d = MetadataData.of(info, 1);
    assertThat(d.totalSize()).isEqualTo(16394);
    assertThat(d.data()).hasSize(10).startsWith(42);
    assertThat(MetadataData.of(info, 0).data()).hasSize(16384);
    assertThatThrownBy(() -> MetadataData.of(info, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
