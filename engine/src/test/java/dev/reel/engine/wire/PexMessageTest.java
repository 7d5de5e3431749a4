package dev.reel.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.bencode.BEncoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PexMessageTest {
  private static InetSocketAddress peer(String ip, int port) throws UnknownHostException {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  @Test
  void roundTripsIpv4AndIpv6WithFlags() throws Exception {
    PexMessage m = PexMessage.of(
        List.of(
            new PexMessage.Peer(peer("10.0.0.1", 6881), PexMessage.FLAG_SEED | PexMessage.FLAG_OUTGOING),
            new PexMessage.Peer(peer("2001:db8::2", 51413), PexMessage.FLAG_UTP),
            new PexMessage.Peer(peer("10.0.0.3", 1), PexMessage.FLAG_ENCRYPTION | PexMessage.FLAG_HOLEPUNCH)),
        List.of(peer("192.0.2.9", 443), peer("2001:db8::9", 80)));
    assertThat(m.added()).containsExactly(peer("10.0.0.1", 6881), peer("10.0.0.3", 1));
    assertThat(m.addedFlags()).containsExactly(0x12, 0x09);
    assertThat(m.added6()).containsExactly(peer("2001:db8::2", 51413));
    assertThat(m.dropped()).containsExactly(peer("192.0.2.9", 443));
    assertThat(m.dropped6()).containsExactly(peer("2001:db8::9", 80));

    PexMessage back = PexMessage.decode(m.encode());
    assertThat(back).isEqualTo(m);
    assertThat(back.allAdded()).hasSize(3);
    assertThat(back.allAdded().get(0).has(PexMessage.FLAG_SEED)).isTrue();
    assertThat(back.allAdded().get(2).has(PexMessage.FLAG_UTP)).isTrue();
    assertThat(back.allDropped()).hasSize(2);
  }

  @Test
  void decodesAMinimalMessageWithoutFlags() throws Exception {
    byte[] payload = BEncoder.encode(Map.of("added", new byte[] {10, 0, 0, 1, 0x1a, (byte) 0xe1, 10, 0, 0, 2, 0, 0}));
    PexMessage m = PexMessage.decode(payload);
    assertThat(m.added()).as("port 0 entry skipped").containsExactly(peer("10.0.0.1", 6881));
    assertThat(m.addedFlags()).containsExactly(0);
    assertThat(m.dropped()).isEmpty();
    assertThat(m.added6()).isEmpty();
  }

  @Test
  void keepsFlagsAlignedWhenAnEntryIsSkipped() throws Exception {
    byte[] added = {10, 0, 0, 1, 0, 0, 10, 0, 0, 2, 0, 5};
    byte[] payload = BEncoder.encode(Map.of("added", added, "added.f", new byte[] {1, 2}));
    PexMessage m = PexMessage.decode(payload);
    assertThat(m.added()).containsExactly(peer("10.0.0.2", 5));
    assertThat(m.addedFlags()).containsExactly(2);
  }

  @Test
  void capsThePeersTakenFromOneMessage() throws Exception {
    List<PexMessage.Peer> many = new ArrayList<>();
    List<InetSocketAddress> gone = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(new PexMessage.Peer(peer("10.1." + (i / 256) + "." + (i % 256), 1000 + i), 0));
      many.add(new PexMessage.Peer(peer("2001:db8::" + Integer.toHexString(i + 1), 2000 + i), 0));
      gone.add(peer("10.2." + (i / 256) + "." + (i % 256), 3000 + i));
    }
    PexMessage m = PexMessage.decode(PexMessage.of(many, gone).encode());
    assertThat(m.added()).hasSize(PexMessage.MAX_DECODED);
    assertThat(m.addedFlags()).hasSize(PexMessage.MAX_DECODED);
    assertThat(m.added6()).as("v4 already used the whole cap").isEmpty();
    assertThat(m.dropped()).hasSize(PexMessage.MAX_DECODED);
    assertThat(m.added().getFirst()).isEqualTo(peer("10.1.0.0", 1000));
    assertThat(PexMessage.MAX_DECODED).isEqualTo(200);
    assertThat(PexMessage.RECOMMENDED_MAX).isEqualTo(50);
  }

  @Test
  void ignoresTrailingPartialEntriesAndMistypedFields() throws Exception {
    byte[] payload = BEncoder.encode(Map.of(
        "added", new byte[] {10, 0, 0, 1, 0, 1, 9, 9},
        "dropped", 5L,
        "added6", "short"));
    PexMessage m = PexMessage.decode(payload);
    assertThat(m.added()).containsExactly(peer("10.0.0.1", 1));
    assertThat(m.dropped()).isEmpty();
    assertThat(m.added6()).isEmpty();
  }

  @Test
  void rejectsWhatIsNotADictionary() {
    for (String bad : new String[] {"", "le", "i1e", "d5:added"}) {
      assertThatThrownBy(() -> PexMessage.decode(bad.getBytes())).as(bad).isInstanceOf(ProtocolException.class);
    }
  }

  @Test
  void constructorKeepsFamiliesApartAndFlagsAligned() throws Exception {
    List<InetSocketAddress> v6 = List.of(peer("2001:db8::1", 1));
    assertThatThrownBy(() -> new PexMessage(v6, new byte[1], List.of(), List.of(), new byte[0], List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PexMessage(List.of(peer("10.0.0.1", 1)), new byte[0], List.of(), List.of(),
        new byte[0], List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
