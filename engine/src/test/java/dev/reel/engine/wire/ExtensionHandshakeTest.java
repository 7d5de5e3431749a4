package dev.reel.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ExtensionHandshakeTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void roundTripsEveryField() throws Exception {
    ExtensionHandshake h = new ExtensionHandshake(
        Map.of("ut_metadata", 3, "ut_pex", 1, "lt_donthave", 0),
        OptionalInt.of(6881),
        Optional.of("Reel 0.1.0"),
        OptionalInt.of(250),
        OptionalInt.of(31235),
        Optional.of(InetAddress.getByName("192.0.2.7")));
    ExtensionHandshake back = ExtensionHandshake.decode(h.encode());
    assertThat(back).isEqualTo(h);
    assertThat(back.idOf("ut_metadata")).hasValue(3);
    assertThat(back.idOf("lt_donthave")).as("id 0 means disabled").isEmpty();
    assertThat(back.supports("ut_holepunch")).isFalse();

    ExtensionHandshake v6 = ExtensionHandshake.ours(0, OptionalInt.empty(),
        Optional.of(InetAddress.getByName("2001:db8::1")));
    assertThat(ExtensionHandshake.decode(v6.encode())).isEqualTo(v6);
    assertThat(v6.listenPort()).isEmpty();
  }

  /** BEP 10 {@code ipv6}: the sender's own IPv6 address, 16 bytes; any other length or an IPv4 one is ignored. */
  @Test
  void carriesTheSendersIpv6Address() throws Exception {
    java.net.Inet6Address own = (java.net.Inet6Address) InetAddress.getByName("2001:db8::42");
    ExtensionHandshake h = new ExtensionHandshake(Map.of("ut_pex", 2), OptionalInt.of(6881), Optional.empty(),
        OptionalInt.empty(), OptionalInt.empty(), Optional.of(InetAddress.getByName("2001:db8::7")), Optional.of(own));
    assertThat(new String(h.encode(), StandardCharsets.ISO_8859_1)).contains("4:ipv616:");
    assertThat(ExtensionHandshake.decode(h.encode()).ipv6()).contains(own);
    assertThat(ExtensionHandshake.decode(bytes("d4:ipv64:\u007f\u0000\u0000\u00011:md6:ut_pexi2eee")).ipv6())
        .as("4 bytes").isEmpty();
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 127;
    mapped[15] = 1;
    byte[] prefix = bytes("d4:ipv616:");
    byte[] payload = new byte[prefix.length + 16 + 1];
    System.arraycopy(prefix, 0, payload, 0, prefix.length);
    System.arraycopy(mapped, 0, payload, prefix.length, 16);
    payload[payload.length - 1] = 'e';
    assertThat(ExtensionHandshake.decode(payload).ipv6()).as("an IPv4-mapped address is no IPv6 address").isEmpty();
  }

  @Test
  void encodesTheBep10Example() {
    ExtensionHandshake h = new ExtensionHandshake(Map.of("LT_metadata", 1, "ut_pex", 2), OptionalInt.of(6881),
        Optional.of("µTorrent 1.2"), OptionalInt.empty(), OptionalInt.empty(), Optional.empty());
    assertThat(new String(h.encode(), StandardCharsets.UTF_8))
        .isEqualTo("d1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v13:µTorrent 1.2e");
  }

  @Test
  void decodesARealLibtorrentHandshakeIgnoringUnknownKeys() throws ProtocolException {
    byte[] payload = bytes("d12:complete_agoi-1e1:md11:lt_donthavei7e10:share_modei8e11:upload_onlyi3e"
        + "12:ut_holepunchi4e11:ut_metadatai2e6:ut_pexi1ee13:metadata_sizei5678e4:reqqi500e"
        + "11:upload_onlyi0e1:v17:libtorrent 2.0.9 6:yourip4:\u007f\u0000\u0000\u0001e");
    ExtensionHandshake h = ExtensionHandshake.decode(payload);
    assertThat(h.idOf("ut_metadata")).hasValue(2);
    assertThat(h.idOf("ut_pex")).hasValue(1);
    assertThat(h.m()).hasSize(6);
    assertThat(h.metadataSize()).hasValue(5678);
    assertThat(h.reqq()).hasValue(500);
    assertThat(h.client()).hasValue("libtorrent 2.0.9 ");
    assertThat(h.listenPort()).isEmpty();
    assertThat(h.yourIp()).map(InetAddress::getHostAddress).hasValue("127.0.0.1");
  }

  @Test
  void ignoresOutOfRangeAndMistypedValues() throws ProtocolException {
    byte[] payload = bytes("d1:md1:ai256e1:bi-1e1:c3:xyz1:di255ee1:pi70000e4:reqqi0e"
        + "13:metadata_sizei-5e6:yourip3:abc1:vi5ee");
    ExtensionHandshake h = ExtensionHandshake.decode(payload);
    assertThat(h.m()).containsExactly(Map.entry("d", 255));
    assertThat(h.listenPort()).isEmpty();
    assertThat(h.reqq()).isEmpty();
    assertThat(h.metadataSize()).isEmpty();
    assertThat(h.yourIp()).isEmpty();
    assertThat(h.client()).isEmpty();

    assertThat(ExtensionHandshake.decode(bytes("de")).m()).isEmpty();
    assertThat(ExtensionHandshake.decode(bytes("d1:mi5ee")).m()).isEmpty();
  }

  @Test
  void rejectsWhatIsNotADictionary() {
    for (String bad : new String[] {"", "le", "i5e", "d1:m", "d1:mdee trailing", "4:spam"}) {
      assertThatThrownBy(() -> ExtensionHandshake.decode(bytes(bad))).as(bad).isInstanceOf(ProtocolException.class);
    }
  }

  @Test
  void constructorRangeChecksIds() {
    assertThatThrownBy(() -> new ExtensionHandshake(Map.of("x", 256), OptionalInt.empty(), Optional.empty(),
        OptionalInt.empty(), OptionalInt.empty(), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExtensionHandshake(Map.of("x", -1), OptionalInt.empty(), Optional.empty(),
        OptionalInt.empty(), OptionalInt.empty(), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
  }
}
