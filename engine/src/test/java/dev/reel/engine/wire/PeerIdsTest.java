package dev.reel.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerIdsTest {
  @Test
  void generatesAzureusStyleIdsWithRandomTails() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      byte[] id = PeerIds.generate();
      String s = new String(id, StandardCharsets.US_ASCII);
      assertThat(id).hasSize(20);
      assertThat(s).startsWith("-RL0100-").matches("-RL0100-[0-9A-Za-z]{12}");
      seen.add(s);
    }
    assertThat(seen).hasSize(100);
    assertThat(PeerIds.client(PeerIds.generate())).isEqualTo(PeerIds.CLIENT);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "-LT2090-abcdefghijkl | libtorrent 2.0.9",
    "-LT1C00-abcdefghijkl | libtorrent 1.12.0",
    "-TR4050-abcdefghijkl | Transmission 4.0.5",
    "-TR3000-abcdefghijkl | Transmission 3.0.0",
    "-qB4630-abcdefghijkl | qBittorrent 4.6.3",
    "-DE2110-abcdefghijkl | Deluge 2.1.1",
    "-UT355W-abcdefghijkl | µTorrent 3.5.5",
    "-RL0100-abcdefghijkl | Reel 0.1.0",
    "-WW0105-abcdefghijkl | WebTorrent 0.1.0.5",
    "-ZZ1000-abcdefghijkl | Unknown [ZZ] 1.0.0",
    "A2-1-37-0-abcdefghij | aria2 1.37.0",
    "-aria2-abcdefghijklm | aria2",
    "M7-4-0--abcdefghijkl | BitTorrent (Mainline) 7.4.0",
    "XBT054d-abcdefghijkl | Unknown (XBT054d-)",
  })
  void namesWellKnownClients(String id, String name) {
    assertThat(PeerIds.client(id.getBytes(StandardCharsets.UTF_8))).isEqualTo(name);
  }

  @Test
  void neverThrowsOnGarbage() {
    assertThat(PeerIds.client(new byte[20])).startsWith("Unknown");
    assertThat(PeerIds.client(new byte[3])).isEqualTo("Unknown");
    assertThat(PeerIds.client(null)).isEqualTo("Unknown");
    byte[] weird = new byte[20];
    weird[0] = '-';
    weird[1] = 'A';
    weird[2] = 'B';
    weird[7] = '-';
    assertThat(PeerIds.client(weird)).isEqualTo("Unknown [AB]");
  }
}
