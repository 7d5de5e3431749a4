package dev.reel.engine.wire.mse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Rc4StreamsTest {
  private static final byte[] KEY = "twenty bytes of key!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  @Test
  void whatOneSideEncryptsTheOtherDecryptsWhateverTheChunking() throws IOException {
    byte[] data = new byte[100_000];
    new Random(7).nextBytes(data);
    byte[] copy = data.clone();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    Rc4OutputStream out = new Rc4OutputStream(wire, new Rc4(KEY));
    out.write(data[0]);
    out.write(data, 1, 40_000); // over one chunk
    out.write(data, 40_001, data.length - 40_001);
    assertThat(data).as("the caller's array is not touched").isEqualTo(copy);
    assertThat(wire.toByteArray()).isNotEqualTo(data);

    Rc4InputStream in = new Rc4InputStream(new ByteArrayInputStream(wire.toByteArray()), new Rc4(KEY));
    byte[] back = new byte[data.length];
    back[0] = (byte) in.read();
    assertThat(in.skip(9)).isEqualTo(9);
    assertThat(in.readNBytes(back, 10, data.length - 10)).isEqualTo(data.length - 10);
    System.arraycopy(data, 1, back, 1, 9);
    assertThat(back).isEqualTo(data);
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void dropsTheFirst1024KeystreamBytes() throws Exception {
    javax.crypto.Cipher plain = javax.crypto.Cipher.getInstance("ARCFOUR");
    plain.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(KEY, "ARCFOUR"));
    byte[] keystream = plain.update(new byte[Rc4.DISCARD + 16]);
    byte[] ours = new Rc4(KEY).apply(new byte[16]);
    assertThat(ours).isEqualTo(java.util.Arrays.copyOfRange(keystream, Rc4.DISCARD, Rc4.DISCARD + 16));
  }
}
