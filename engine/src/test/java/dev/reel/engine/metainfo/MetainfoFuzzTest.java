package dev.reel.engine.metainfo;

import static dev.reel.engine.metainfo.TestTorrents.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random mutations of valid torrents: parse either succeeds or throws InvalidTorrentException, nothing else. */
class MetainfoFuzzTest {
  private static final int MUTATIONS = 2_000;
  private static final byte[] INTERESTING = "0123456789-:ield".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  @Test
  void mutatedTorrentsOnlyEverThrowInvalidTorrentException() {
    List<byte[]> seeds = List.of(resource("cosmosLaundromat.torrent"), resource("hybrid.torrent"),
        TestTorrents.torrent(TestTorrents.multiInfo()));
    Random random = new Random(20261125L); // fixed seed: a failure is reproducible
    int parsed = 0;
    int rejected = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] seed = seeds.get(i % seeds.size());
      byte[] input = mutate(seed, random);
      try {
        Metainfo m = Metainfo.parse(input);
        // Whatever parses must be self-consistent.
        assertThat(m.pieceCount()).isPositive();
        assertThat(m.files().getLast().end()).isEqualTo(m.totalLength());
        m.pieceSize(m.pieceCount() - 1);
        m.toTorrentBytes();
        parsed++;
      } catch (InvalidTorrentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
        rejected++;
      } catch (RuntimeException | Error e) {
        fail("mutation " + i + " threw " + e + " for input " + Arrays.toString(input), e);
      }
    }
    assertThat(parsed + rejected).isEqualTo(MUTATIONS);
    assertThat(rejected).isPositive();
    assertThat(parsed).isPositive(); // mutations inside strings (piece hashes, names) still parse
  }

  private static byte[] mutate(byte[] seed, Random r) {
    byte[] b = seed.clone();
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits; e++) {
      switch (r.nextInt(5)) {
        case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256); // random byte
        case 1 -> b[r.nextInt(b.length)] = INTERESTING[r.nextInt(INTERESTING.length)]; // structural byte
        case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // truncate
        case 3 -> { // delete a range
          int from = r.nextInt(b.length);
          int to = Math.min(b.length, from + 1 + r.nextInt(32));
          byte[] out = new byte[b.length - (to - from)];
          System.arraycopy(b, 0, out, 0, from);
          System.arraycopy(b, to, out, from, b.length - to);
          b = out;
        }
        default -> { // duplicate a range
          int from = r.nextInt(b.length);
          int len = Math.min(b.length - from, 1 + r.nextInt(32));
          byte[] out = new byte[b.length + len];
          System.arraycopy(b, 0, out, 0, from + len);
          System.arraycopy(b, from, out, from + len, b.length - from);
          b = out;
        }
      }
      if (b.length == 0) {
        break;
      }
    }
    return b;
  }
}
