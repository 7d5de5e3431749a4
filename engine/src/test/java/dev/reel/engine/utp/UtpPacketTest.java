package dev.reel.engine.utp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.utp.UtpPacket.Type;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class UtpPacketTest {

  @ParameterizedTest
  @EnumSource(Type.class)
  void roundTripsEveryType(Type type) throws Exception {
    byte[] payload = type == Type.DATA ? "hello".getBytes() : new byte[0];
    UtpPacket p = new UtpPacket(type, 0xBEEF, 0x89ABCDEF, -5, 0xFFFF_FFF0L, 65535, 7, null, payload);
    UtpPacket back = UtpPacket.decode(p.encode());
    assertThat(back.type()).isEqualTo(type);
    assertThat(back.connectionId()).isEqualTo(0xBEEF);
    assertThat(back.timestampMicros()).isEqualTo(0x89ABCDEF);
    assertThat(back.timestampDiffMicros()).isEqualTo(-5);
    assertThat(back.windowSize()).isEqualTo(0xFFFF_FFF0L);
    assertThat(back.seqNr()).isEqualTo(65535);
    assertThat(back.ackNr()).isEqualTo(7);
    assertThat(back.payload()).isEqualTo(payload);
    assertThat(back.selectiveAck()).isNull();
  }

  @Test
  void headerLayoutFollowsBep29() {
    UtpPacket p = new UtpPacket(Type.SYN, 0x1234, 1, 2, 3, 0x0102, 0x0304, null, null);
    assertThat(HexFormat.of().formatHex(p.encode()))
        .isEqualTo("4100" + "1234" + "00000001" + "00000002" + "00000003" + "0102" + "0304");
  }

  @Test
  void selectiveAckBitsCountFromAckPlusTwo() throws Exception {
    byte[] mask = {0b0000_0101, 0, 0, (byte) 0x80};
    UtpPacket p = UtpPacket.decode(new UtpPacket(Type.STATE, 1, 0, 0, 0, 0, 100, mask, null).encode());
    assertThat(p.selectiveAck()).isEqualTo(mask);
    assertThat(p.selectivelyAcks(102)).isTrue();
    assertThat(p.selectivelyAcks(103)).isFalse();
    assertThat(p.selectivelyAcks(104)).isTrue();
    assertThat(p.selectivelyAcks(133)).isTrue();
    assertThat(p.selectivelyAcks(101)).isFalse();
    assertThat(p.selectivelyAcks(134)).isFalse();
  }

  @Test
  void skipsUnknownExtensionsBeforeThePayload() throws Exception {
    // extension 2 (8 bytes) then selective ACK (4 bytes), then "xy"
    byte[] raw = HexFormat.of().parseHex("0102" + "0001" + "00000000" + "00000000" + "00010000" + "0005" + "0004"
        + "0108" + "1122334455667788" + "0004" + "01000000" + "7879");
    UtpPacket p = UtpPacket.decode(raw);
    assertThat(p.selectivelyAcks(6)).isTrue();
    assertThat(new String(p.payload())).isEqualTo("xy");
  }

  @Test
  void acceptsSelectiveAcksOfAnyLengthAsLibtorrentWritesThem() throws Exception {
    byte[] raw = HexFormat.of().parseHex("2101" + "0001" + "00000000" + "00000000" + "00010000" + "0005" + "0004"
        + "0003" + "800001");
    UtpPacket p = UtpPacket.decode(raw);
    assertThat(p.selectivelyAcks(4 + 2 + 7)).isTrue();
    assertThat(p.selectivelyAcks(4 + 2 + 16)).isTrue();
    assertThat(p.selectivelyAcks(4 + 2 + 24)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "too short, 010000000000000000000000000000000000",
      "version 2, 0200000000000000000000000000000000000000",
      "type 5, 5100000000000000000000000000000000000000",
      "extension header cut, 0101000000000000000000000000000000000000" + "00",
      "extension body cut, 0101000000000000000000000000000000000000" + "000801020304",
      "empty sack, 0101000000000000000000000000000000000000" + "0000",
  })
  void refusesMalformedPackets(String what, String hex) {
    assertThatThrownBy(() -> UtpPacket.decode(HexFormat.of().parseHex(hex)))
        .isInstanceOf(UtpPacket.MalformedPacketException.class)
        .hasMessageNotContaining("Index");
  }

  @Test
  void randomBytesNeverThrowAnythingButMalformed() {
    Random r = new Random(29);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[r.nextInt(60)];
      r.nextBytes(b);
      if (b.length > 0) {
        b[0] = (byte) (r.nextInt(5) << 4 | 1);
      }
      try {
        UtpPacket.decode(b);
      } catch (UtpPacket.MalformedPacketException expected) {
        // fine
      }
    }
  }

  @Test
  void tellsUtpFromKrpc() {
    assertThat(UtpPacket.looksLikeUtp('d')).isFalse();
    for (Type t : Type.values()) {
      assertThat(UtpPacket.looksLikeUtp(t.ordinal() << 4 | 1)).isTrue();
    }
    assertThat(UtpPacket.looksLikeUtp(0x51)).isFalse();
    assertThat(UtpPacket.looksLikeUtp(0x02)).isFalse();
  }
}
