package dev.reel.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.wire.Message.AllowedFast;
import dev.reel.engine.wire.Message.Bitfield;
import dev.reel.engine.wire.Message.Cancel;
import dev.reel.engine.wire.Message.Choke;
import dev.reel.engine.wire.Message.Extended;
import dev.reel.engine.wire.Message.Have;
import dev.reel.engine.wire.Message.HaveAll;
import dev.reel.engine.wire.Message.HaveNone;
import dev.reel.engine.wire.Message.Interested;
import dev.reel.engine.wire.Message.KeepAlive;
import dev.reel.engine.wire.Message.NotInterested;
import dev.reel.engine.wire.Message.Piece;
import dev.reel.engine.wire.Message.Port;
import dev.reel.engine.wire.Message.RejectRequest;
import dev.reel.engine.wire.Message.Request;
import dev.reel.engine.wire.Message.SuggestPiece;
import dev.reel.engine.wire.Message.Unchoke;
import dev.reel.engine.wire.Message.Unknown;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {

  static Stream<Arguments> everyMessage() {
    byte[] block = new byte[16384];
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) (i * 31);
    }
    return Stream.of(
        Arguments.of(KeepAlive.INSTANCE, "00000000"),
        Arguments.of(Choke.INSTANCE, "0000000100"),
        Arguments.of(Unchoke.INSTANCE, "0000000101"),
        Arguments.of(Interested.INSTANCE, "0000000102"),
        Arguments.of(NotInterested.INSTANCE, "0000000103"),
        Arguments.of(new Have(0x01020304), "000000050401020304"),
        Arguments.of(new Bitfield(new byte[] {(byte) 0xff, (byte) 0x80}), "0000000305ff80"),
        Arguments.of(new Request(1, 16384, 16384), "0000000d06000000010000400000004000"),
        Arguments.of(new Piece(2, 32768, ByteBuffer.wrap(new byte[] {9, 8, 7})), "0000000c07000000020000800009" + "0807"),
        Arguments.of(new Piece(3, 0, ByteBuffer.wrap(block)), null),
        Arguments.of(new Piece(3, 0, ByteBuffer.allocate(0)), "00000009070000000300000000"),
        Arguments.of(new Cancel(1, 0, 16384), "0000000d08000000010000000000004000"),
        Arguments.of(new Port(65535), "0000000309ffff"),
        Arguments.of(new SuggestPiece(7), "000000050d00000007"),
        Arguments.of(HaveAll.INSTANCE, "000000010e"),
        Arguments.of(HaveNone.INSTANCE, "000000010f"),
        Arguments.of(new RejectRequest(1, 0, 16384), "0000000d10000000010000000000004000"),
        Arguments.of(new AllowedFast(1312), "000000051100000520"),
        Arguments.of(new Extended(0, "d1:md6:ut_pexi2eee".getBytes()), "00000014" + "1400" + hex("d1:md6:ut_pexi2eee")),
        Arguments.of(new Extended(3, new byte[0]), "000000021403"));
  }

  private static String hex(String s) {
    return HexFormat.of().formatHex(s.getBytes());
  }

  @ParameterizedTest
  @MethodSource("everyMessage")
  void roundTripsEveryMessage(Message m, String expectedHex) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MessageCodec.write(m, out);
    byte[] written = out.toByteArray();
    if (expectedHex != null) {
      assertThat(HexFormat.of().formatHex(written)).isEqualTo(expectedHex);
    }
    assertThat(written).hasSize(MessageCodec.frameLength(m));
    ByteBuffer encoded = MessageCodec.encode(m);
    assertThat(Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit())).isEqualTo(written);

    Message back = MessageCodec.read(stream(written));
    assertThat(back).isEqualTo(m);
    assertThat(back.messageId()).isEqualTo(m.messageId());
  }

  @Test
  void readsMessagesBackToBack() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Message> messages = List.of(new Have(1), KeepAlive.INSTANCE, Unchoke.INSTANCE, new Request(0, 0, 16384));
    for (Message m : messages) {
      MessageCodec.write(m, out);
    }
    DataInputStream in = stream(out.toByteArray());
    for (Message m : messages) {
      assertThat(MessageCodec.read(in)).isEqualTo(m);
    }
    assertThatThrownBy(() -> MessageCodec.read(in)).isInstanceOf(EOFException.class);
  }

  @Test
  void pieceDataIsAHeapBufferOfExactlyTheBlock() throws IOException {
    byte[] frame = HexFormat.of().parseHex("0000000c07000000020000800009" + "0807");
    Piece p = (Piece) MessageCodec.read(stream(frame));
    assertThat(p.piece()).isEqualTo(2);
    assertThat(p.offset()).isEqualTo(32768);
    assertThat(p.length()).isEqualTo(3);
    assertThat(p.data().hasArray()).isTrue();
    assertThat(p.data().position()).isZero();
    assertThat(p.data().capacity()).isEqualTo(3);
    assertThat(p.data().array()).containsExactly(9, 8, 7);
  }

  @Test
  void writingAPieceLeavesItsBufferUntouchedAndHandlesSlicesAndDirectBuffers() throws IOException {
    ByteBuffer big = ByteBuffer.wrap(new byte[] {0, 1, 2, 3, 4, 5});
    big.position(2).limit(5);
    ByteBuffer slice = big.slice();
    ByteBuffer direct = ByteBuffer.allocateDirect(3).put(new byte[] {2, 3, 4}).flip();
    for (ByteBuffer data : List.of(big, slice, direct)) {
      int before = data.position();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MessageCodec.write(new Piece(1, 0, data), out);
      assertThat(data.position()).isEqualTo(before);
      Piece back = (Piece) MessageCodec.read(stream(out.toByteArray()));
      assertThat(back.data().array()).containsExactly(2, 3, 4);
      assertThat(MessageCodec.encode(new Piece(1, 0, data)).array()).isEqualTo(out.toByteArray());
    }
  }

  @Test
  void oversizedLengthIsRejectedBeforeAnythingIsAllocatedOrRead() {
    for (String prefix : List.of("7fffffff", "ffffffff", "80000000", "00100001")) {
      byte[] header = HexFormat.of().parseHex(prefix + "07");
      CountingStream counting = new CountingStream(header);
      assertThatThrownBy(() -> MessageCodec.read(new DataInputStream(counting)))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("exceeds the limit of 1048576");
      assertThat(counting.consumed).as("only the length prefix was consumed").isEqualTo(4);
    }
  }

  @Test
  void largestAllowedMessageIsAccepted() throws IOException {
    byte[] frame = new byte[4 + MessageCodec.MAX_MESSAGE];
    ByteBuffer.wrap(frame).putInt(MessageCodec.MAX_MESSAGE).put((byte) Message.PIECE);
    Piece p = (Piece) MessageCodec.read(stream(frame));
    assertThat(p.length()).isEqualTo(MessageCodec.MAX_MESSAGE - 9);
  }

  @Test
  void writingAMessageOverTheLimitFails() {
    Piece tooBig = new Piece(0, 0, ByteBuffer.allocate(MessageCodec.MAX_MESSAGE));
    assertThatThrownBy(() -> MessageCodec.write(tooBig, new ByteArrayOutputStream()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MessageCodec.write(new Unknown(99, 0), new ByteArrayOutputStream()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> badLengths() {
    return Stream.of(
        Arguments.of("0000000200", "id 0 must have length 1, not 2"),
        Arguments.of("0000000201", "id 1 must have length 1, not 2"),
        Arguments.of("0000000202", "id 2 must have length 1, not 2"),
        Arguments.of("0000000503", "id 3 must have length 1, not 5"),
        Arguments.of("0000000404", "id 4 must have length 5, not 4"),
        Arguments.of("0000000604", "id 4 must have length 5, not 6"),
        Arguments.of("0000000c06", "id 6 must have length 13, not 12"),
        Arguments.of("0000000e06", "id 6 must have length 13, not 14"),
        Arguments.of("0000000807", "shorter than its 9-byte header"),
        Arguments.of("0000000108", "id 8 must have length 13, not 1"),
        Arguments.of("0000000509", "id 9 must have length 3, not 5"),
        Arguments.of("000000040d", "id 13 must have length 5, not 4"),
        Arguments.of("000000020e", "id 14 must have length 1, not 2"),
        Arguments.of("000000020f", "id 15 must have length 1, not 2"),
        Arguments.of("0000000510", "id 16 must have length 13, not 5"),
        Arguments.of("0000000111", "id 17 must have length 5, not 1"),
        Arguments.of("0000000114", "has no extended id"));
  }

  @ParameterizedTest
  @MethodSource("badLengths")
  void rejectsAWrongLengthForTheId(String frameStart, String message) {
    // Plenty of bytes follow, so only the length check can fail.
    byte[] frame = concat(HexFormat.of().parseHex(frameStart), new byte[64]);
    assertThatThrownBy(() -> MessageCodec.read(stream(frame)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsIndexesAboveTwoToTheThirtyOne() {
    for (String frame : List.of("0000000504ffffffff", "0000000d0600000000800000000000400000",
        "0000000d06000000000000000080000000", "000000090780000000000000000000")) {
      assertThatThrownBy(() -> MessageCodec.read(stream(HexFormat.of().parseHex(frame))))
          .as(frame)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("out of range");
    }
  }

  @Test
  void truncatedStreamsFailWithEofException() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MessageCodec.write(new Piece(1, 0, ByteBuffer.wrap(new byte[100])), out);
    MessageCodec.write(new Request(1, 2, 3), out);
    MessageCodec.write(new Extended(1, new byte[10]), out);
    byte[] all = out.toByteArray();
    for (int cut = 1; cut < all.length; cut++) {
      DataInputStream in = stream(Arrays.copyOf(all, cut));
      int boundaries = cut >= 113 + 17 ? 2 : cut >= 113 ? 1 : 0;
      for (int i = 0; i < boundaries; i++) {
        MessageCodec.read(in);
      }
      // Also at a clean boundary (cut 113 or 130): a closed connection reads as EOF.
      assertThatThrownBy(() -> MessageCodec.read(in)).as("cut at " + cut).isInstanceOf(EOFException.class);
    }
  }

  @Test
  void unknownIdsAreSkippedNotFatal() throws IOException {
    byte[] frame = HexFormat.of().parseHex("00000004" + "63" + "aabbcc" + "0000000101");
    DataInputStream in = stream(frame);
    assertThat(MessageCodec.read(in)).isEqualTo(new Unknown(0x63, 3));
    assertThat(MessageCodec.read(in)).isEqualTo(Unchoke.INSTANCE);
    // Ids between the known ones, e.g. 10..12 and 18, 19, are unknown too.
    for (int id : new int[] {10, 11, 12, 18, 19, 21, 255}) {
      assertThat(MessageCodec.read(stream(new byte[] {0, 0, 0, 1, (byte) id}))).isEqualTo(new Unknown(id, 0));
    }
  }

  @Test
  void requestsLargerThanSixteenKibAreStillDecoded() throws IOException {
    for (Message m : List.<Message>of(new Request(0, 0, 65536), new Cancel(0, 0, 65536), new RejectRequest(0, 0, 65536))) {
      Message back = MessageCodec.read(stream(MessageCodec.encode(m).array()));
      assertThat(back).isEqualTo(m);
    }
    assertThat(MessageCodec.MAX_REQUEST).isEqualTo(16384);
  }

  @Test
  void fastMessagesAreMarked() {
    assertThat(HaveAll.INSTANCE.isFast()).isTrue();
    assertThat(new AllowedFast(1).isFast()).isTrue();
    assertThat(new Have(1).isFast()).isFalse();
    assertThat(RejectRequest.of(new Request(1, 2, 3))).isEqualTo(new RejectRequest(1, 2, 3));
  }

  static DataInputStream stream(byte[] b) {
    return new DataInputStream(new ByteArrayInputStream(b));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Counts consumed bytes and claims more are always coming (never EOF within the first bytes). */
  private static final class CountingStream extends InputStream {
    private final byte[] data;
    int consumed;

    CountingStream(byte[] data) {
      this.data = data;
    }

    @Override
    public int read() {
      return consumed < data.length ? data[consumed++] & 0xff : 0;
    }
  }
}
