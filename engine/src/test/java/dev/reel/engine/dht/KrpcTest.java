package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.metainfo.InfoHash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** KRPC conformance with the example messages of BEP 5, byte for byte. */
class KrpcTest {
  private static final byte[] AA = bytes("aa");
  private static final NodeId ABC = NodeId.of(bytes("abcdefghij0123456789"));
  private static final NodeId MNO = NodeId.of(bytes("mnopqrstuvwxyz123456"));
  private static final NodeId NUM = NodeId.of(bytes("0123456789abcdefghij"));

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** Each BEP 5 example: our record encodes to the example's bytes, and the bytes decode to an equal encoding. */
  private static void roundTrip(Krpc message, String bencoded) throws Exception {
    assertThat(text(Krpc.encode(message))).isEqualTo(bencoded);
    assertThat(text(Krpc.encode(Krpc.decode(bytes(bencoded))))).isEqualTo(bencoded);
  }

  @Test
  void error() throws Exception {
    roundTrip(new Krpc.Error(AA, 201, "A Generic Error Ocurred"),
        "d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee");
    Krpc.Error e = (Krpc.Error) Krpc.decode(bytes("d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee"));
    assertThat(e.code()).isEqualTo(201);
    assertThat(e.message()).isEqualTo("A Generic Error Ocurred");
  }

  @Test
  void ping() throws Exception {
    roundTrip(new Krpc.Ping(AA, ABC, false), "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe");
    roundTrip(Krpc.Response.of(AA, MNO), "d1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re");
    Krpc.Ping p = (Krpc.Ping) Krpc.decode(bytes("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe"));
    assertThat(p.id()).isEqualTo(ABC);
    assertThat(text(p.txn())).isEqualTo("aa");
  }

  @Test
  void findNode() throws Exception {
    roundTrip(new Krpc.FindNode(AA, ABC, MNO, false),
        "d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz123456e1:q9:find_node1:t2:aa1:y1:qe");
    roundTrip(new Krpc.Response(AA, NUM, bytes("def456..."), null, null, null),
        "d1:rd2:id20:0123456789abcdefghij5:nodes9:def456...e1:t2:aa1:y1:re");
  }

  @Test
  void getPeers() throws Exception {
    roundTrip(new Krpc.GetPeers(AA, ABC, InfoHash.of(bytes("mnopqrstuvwxyz123456")), false),
        "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz123456e1:q9:get_peers1:t2:aa1:y1:qe");
    roundTrip(new Krpc.Response(AA, ABC, null, bytes("aoeusnth"), List.of(bytes("axje.u"), bytes("idhtnm")), null),
        "d1:rd2:id20:abcdefghij01234567895:token8:aoeusnth6:valuesl6:axje.u6:idhtnmee1:t2:aa1:y1:re");
    roundTrip(new Krpc.Response(AA, ABC, bytes("def456..."), bytes("aoeusnth"), null, null),
        "d1:rd2:id20:abcdefghij01234567895:nodes9:def456...5:token8:aoeusnthe1:t2:aa1:y1:re");
    Krpc.Response r = (Krpc.Response) Krpc.decode(
        bytes("d1:rd2:id20:abcdefghij01234567895:token8:aoeusnth6:valuesl6:axje.u6:idhtnmee1:t2:aa1:y1:re"));
    assertThat(r.peers()).extracting(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
        .containsExactly("97.120.106.101:11893", "105.100.104.116:28269");
  }

  @Test
  void announcePeer() throws Exception {
    roundTrip(new Krpc.AnnouncePeer(AA, ABC, InfoHash.of(bytes("mnopqrstuvwxyz123456")), 6881, bytes("aoeusnth"),
            true, false),
        "d1:ad2:id20:abcdefghij012345678912:implied_porti1e9:info_hash20:mnopqrstuvwxyz1234564:porti6881e5:token8:"
            + "aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe");
    roundTrip(Krpc.Response.of(AA, MNO), "d1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re");
  }

  @Test
  void versionAndReadOnlyAreTopLevelKeys() {
    assertThat(text(Krpc.encode(new Krpc.Ping(AA, ABC, true), bytes("RL01"))))
        .isEqualTo("d1:ad2:id20:abcdefghij0123456789e1:q4:ping2:roi1e1:t2:aa1:v4:RL011:y1:qe");
  }

  @Test
  void unknownMethodDecodesForA204() throws Exception {
    Krpc k = Krpc.decode(bytes("d1:ad2:id20:abcdefghij0123456789e1:q3:put1:t2:aa1:y1:qe"));
    assertThat(k).isInstanceOf(Krpc.UnknownQuery.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "de", "i1e", "d1:t2:aa1:y1:qe", "d1:ad2:id3:abce1:q4:ping1:t2:aa1:y1:qe",
      "d1:rd2:id20:abcdefghij0123456789e1:y1:re", "d1:rd2:id20:abcdefghij0123456789e1:t2:aa1:y1:r",
      "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234565:token1:xe1:q13:announce_peer1:t2:aa1:y1:qe"})
  void malformedIsRejected(String packet) {
    assertThatThrownBy(() -> Krpc.decode(bytes(packet))).isInstanceOf(Krpc.MalformedException.class);
  }

  @Test
  void queryWithBadArgumentsCarriesTheTxnForA203() {
    assertThatThrownBy(() -> Krpc.decode(bytes("d1:ad2:id3:abce1:q4:ping1:t2:aa1:y1:qe")))
        .isInstanceOfSatisfying(Krpc.MalformedException.class, e -> {
          assertThat(text(e.txn())).isEqualTo("aa");
          assertThat(e.code()).isEqualTo(203);
        });
  }

  @Test
  void oversizedPacketIsRejectedUnparsed() {
    byte[] big = new byte[Krpc.MAX_PACKET + 1];
    assertThatThrownBy(() -> Krpc.decode(big)).isInstanceOfSatisfying(Krpc.MalformedException.class,
        e -> assertThat(e.txn()).isNull());
  }
}
