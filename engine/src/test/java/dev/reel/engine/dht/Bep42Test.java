package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The test vectors of BEP 42. */
class Bep42Test {
  @ParameterizedTest
  @CsvSource({
      "124.31.75.21, 1, 5fbfbff10c5d6a4ec8a88e4c6ab4c28b95eee401",
      "21.75.31.124, 86, 5a3ce9c14e7a08645677bbd1cfe7d8f956d53256",
      "65.23.51.170, 22, a5d43220bc8f112a3d426c84764f8c2a1150e616",
      "84.124.73.14, 65, 1b0321dd1bb1fe518101ceef99462b947a01ff41",
      "43.213.53.83, 90, e56f6cbf5b7c4be0237986d5243b87aa6d51305a"})
  void vectors(String ip, int rand, String exampleId) throws Exception {
    Inet4Address a = (Inet4Address) InetAddress.getByName(ip);
    NodeId example = NodeId.fromHex(exampleId);
    // The example's random parts fed back in give the example id exactly.
    assertThat(Bep42.generate(a, rand, example.bytes())).isEqualTo(example);
    assertThat(Bep42.isCompliant(example, a)).isTrue();
    NodeId fresh = Bep42.generate(a);
    assertThat(Bep42.isCompliant(fresh, a)).isTrue();
    byte[] tampered = example.bytes();
    tampered[1] ^= 1;
    assertThat(Bep42.isCompliant(NodeId.of(tampered), a)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1, true", "10.1.2.3, true", "172.16.0.9, true", "172.32.0.1, false", "192.168.1.1, true",
      "169.254.3.4, true", "8.8.8.8, false"})
  void localAddressesAreExempt(String ip, boolean exempt) throws Exception {
    InetAddress a = InetAddress.getByName(ip);
    assertThat(Bep42.isLocal(a)).isEqualTo(exempt);
    // An all-zero id is not valid for any of these public addresses, but local ones are exempt.
    assertThat(Bep42.isCompliant(NodeId.of(new byte[20]), a)).isEqualTo(exempt);
  }
}
