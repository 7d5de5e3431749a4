package dev.reel.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random input must only ever produce messages or IOExceptions, never runtime exceptions or huge allocations. */
class MessageCodecFuzzTest {
  private static final int STREAMS = 5_000;

  @Test
  void randomStreamsOnlyFailWithIoExceptions() {
    Random random = new Random(0x5eed_2026L);
    int messages = 0;
    int failures = 0;
    for (int n = 0; n < STREAMS; n++) {
      byte[] stream = randomStream(random);
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(stream));
      try {
        for (int i = 0; i < 1_000; i++) {
          assertThat(MessageCodec.read(in)).isNotNull();
          messages++;
        }
      } catch (IOException expected) {
        failures++;
      } catch (RuntimeException e) {
        throw new AssertionError("stream " + n + " threw " + e, e);
      }
    }
    assertThat(failures).isEqualTo(STREAMS); // every stream ends, so every loop ends in an IOException
    assertThat(messages).as("the generator also produces decodable messages").isPositive();
  }

  @Test
  void randomPayloadsToTheExtensionDecodersOnlyFailWithProtocolExceptions() {
    Random random = new Random(42);
    for (int n = 0; n < STREAMS; n++) {
      byte[] payload = new byte[random.nextInt(64)];
      random.nextBytes(payload);
      if (random.nextBoolean() && payload.length > 2) {
        payload[0] = 'd'; // look like a dictionary more often
      }
      for (int decoder = 0; decoder < 3; decoder++) {
        try {
          switch (decoder) {
            case 0 -> ExtensionHandshake.decode(payload);
            case 1 -> MetadataMessage.decode(payload);
            default -> PexMessage.decode(payload);
          }
        } catch (ProtocolException expected) {
          // fine
        } catch (RuntimeException e) {
          throw new AssertionError("decoder " + decoder + " threw " + e, e);
        }
      }
    }
  }

  /** Mostly plausible frames (small lengths, known ids) with random corruption, sometimes pure noise. */
  private static byte[] randomStream(Random r) {
    if (r.nextInt(10) == 0) {
      byte[] noise = new byte[r.nextInt(64)];
      r.nextBytes(noise);
      return noise;
    }
    ByteBuffer b = ByteBuffer.allocate(4096);
    int frames = 1 + r.nextInt(5);
    for (int f = 0; f < frames && b.remaining() > 64; f++) {
      int id = r.nextInt(4) == 0 ? r.nextInt(256) : r.nextInt(22);
      int payload = r.nextInt(3) == 0 ? r.nextInt(20) : switch (id) {
        case 4, 13, 17 -> 4;
        case 6, 8, 16 -> 12;
        case 9 -> 2;
        case 0, 1, 2, 3, 14, 15 -> 0;
        default -> r.nextInt(40);
      };
      int length = r.nextInt(20) == 0 ? r.nextInt() : payload + 1;
      b.putInt(length).put((byte) id);
      byte[] body = new byte[Math.min(payload, b.remaining())];
      r.nextBytes(body);
      b.put(body);
    }
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    if (r.nextBoolean() && out.length > 0) {
      out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
    }
    return r.nextBoolean() ? out : java.util.Arrays.copyOf(out, r.nextInt(out.length + 1));
  }
}
