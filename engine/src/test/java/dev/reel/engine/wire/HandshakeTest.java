package dev.reel.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.metainfo.InfoHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private static final InfoHash HASH = InfoHash.fromHex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  private static final byte[] PEER_ID = "-TR4050-abcdefghijkl".getBytes(StandardCharsets.US_ASCII);

  @Test
  void writesTheSixtyEightBytesOfBep3() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Handshake.of(HASH, PEER_ID).write(out);
    byte[] b = out.toByteArray();
    assertThat(b).hasSize(68);
    assertThat(b[0]).isEqualTo((byte) 19);
    assertThat(new String(b, 1, 19, StandardCharsets.US_ASCII)).isEqualTo("BitTorrent protocol");
    assertThat(HexFormat.of().formatHex(b, 20, 28)).isEqualTo("0000000000100005");
    assertThat(Arrays.copyOfRange(b, 28, 48)).isEqualTo(HASH.bytes());
    assertThat(Arrays.copyOfRange(b, 48, 68)).isEqualTo(PEER_ID);
  }

  @Test
  void roundTripsAndReportsReservedBits() throws IOException {
    Handshake h = Handshake.of(HASH, PEER_ID);
    Handshake back = Handshake.read(new ByteArrayInputStream(h.encode()));
    assertThat(back).isEqualTo(h);
    assertThat(back.supportsExtensions()).isTrue();
    assertThat(back.supportsFast()).isTrue();
    assertThat(back.supportsDht()).isTrue();

    Handshake plain = new Handshake(new byte[8], HASH, PEER_ID);
    Handshake plainBack = Handshake.read(new ByteArrayInputStream(plain.encode()));
    assertThat(plainBack.supportsExtensions()).isFalse();
    assertThat(plainBack.supportsFast()).isFalse();
    assertThat(plainBack.supportsDht()).isFalse();
  }

  @Test
  void listenerReadsTheHeaderBeforeThePeerIdArrives() throws IOException {
    byte[] full = Handshake.of(HASH, PEER_ID).encode();
    // Only the first 48 bytes are available: reading the header must not wait for more.
    InputStream firstPart = new ByteArrayInputStream(Arrays.copyOf(full, Handshake.HEADER_LENGTH)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        int n = super.read(b, off, len);
        if (n < 0) {
          throw new AssertionError("read past the header");
        }
        return n;
      }
    };
    Handshake.Header header = Handshake.readHeader(firstPart);
    assertThat(header.infoHash()).isEqualTo(HASH);
    assertThat(header.reserved()).isEqualTo(Handshake.defaultReserved());

    byte[] peerId = Handshake.readPeerId(new ByteArrayInputStream(Arrays.copyOfRange(full, 48, 68)));
    assertThat(header.withPeerId(peerId)).isEqualTo(Handshake.of(HASH, PEER_ID));
  }

  @Test
  void rejectsAnotherProtocol() {
    byte[] b = Handshake.of(HASH, PEER_ID).encode();
    byte[] wrongString = b.clone();
    wrongString[1] = 'b';
    assertThatThrownBy(() -> Handshake.read(new ByteArrayInputStream(wrongString)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("protocol string 'bitTorrent protocol'");

    byte[] wrongLength = b.clone();
    wrongLength[0] = 20;
    assertThatThrownBy(() -> Handshake.read(new ByteArrayInputStream(wrongLength)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("protocol string length 20");

    byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(3).getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> Handshake.read(new ByteArrayInputStream(http))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void truncatedHandshakeFailsWithEof() {
    byte[] b = Handshake.of(HASH, PEER_ID).encode();
    for (int cut = 0; cut < b.length; cut++) {
      byte[] part = Arrays.copyOf(b, cut);
      assertThatThrownBy(() -> Handshake.read(new ByteArrayInputStream(part)))
          .as("cut at " + cut)
          .isInstanceOf(EOFException.class);
    }
  }

  @Test
  void validatesFieldLengths() {
    assertThatThrownBy(() -> new Handshake(new byte[7], HASH, PEER_ID)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Handshake(new byte[8], HASH, new byte[19]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isImmutable() {
    byte[] id = PEER_ID.clone();
    Handshake h = Handshake.of(HASH, id);
    id[0] = 'X';
    h.peerId()[1] = 'X';
    assertThat(h.peerId()).isEqualTo(PEER_ID);
    assertThat(h.toString()).contains("Transmission 4.0.5");
  }
}
