package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mutated and random datagrams either decode or fail with MalformedException; nothing else escapes. */
class KrpcFuzzTest {
  private static final List<String> SEEDS = List.of(
      "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe",
      "d1:rd2:id20:abcdefghij01234567895:token8:aoeusnth6:valuesl6:axje.u6:idhtnmee1:t2:aa1:y1:re",
      "d1:rd2:id20:abcdefghij01234567895:nodes9:def456...5:token8:aoeusnthe1:t2:aa1:y1:re",
      "d1:ad2:id20:abcdefghij012345678912:implied_porti1e9:info_hash20:mnopqrstuvwxyz1234564:porti6881e5:token8:"
          + "aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe",
      "d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee");

  @Test
  void mutationsNeverEscapeAsUnexpectedExceptions() {
    Random random = new Random(42);
    for (int i = 0; i < 50_000; i++) {
      byte[] b = SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.ISO_8859_1);
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(b.length);
        switch (random.nextInt(3)) {
          case 0 -> b[at] = (byte) random.nextInt(256);
          case 1 -> b[at] = "0123456789ielde:"
              .getBytes(StandardCharsets.ISO_8859_1)[random.nextInt(16)];
          default -> b = java.util.Arrays.copyOf(b, at);
        }
        if (b.length == 0) {
          break;
        }
      }
      byte[] packet = b;
      assertThatCode(() -> decodeAndUse(packet)).doesNotThrowAnyException();
    }
    for (int i = 0; i < 10_000; i++) {
      byte[] b = new byte[random.nextInt(100)];
      random.nextBytes(b);
      assertThatCode(() -> decodeAndUse(b)).doesNotThrowAnyException();
    }
  }

  private static void decodeAndUse(byte[] packet) {
    try {
      Krpc k = Krpc.decode(packet);
      if (k instanceof Krpc.Response r) {
        r.nodeInfos();
        r.peers();
      }
      Krpc.encode(k);
    } catch (Krpc.MalformedException expected) {
      // dropped (or answered with 203) by the node
    }
  }
}
