package dev.reel.engine.tracker;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.reel.engine.bencode.BEncoder;
import dev.reel.engine.net.CompactPeers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mutated tracker responses: the parsers either succeed or throw TrackerException, never anything else. */
class HttpResponseFuzzTest {
  private static final int ROUNDS = 20_000;

  @Test
  void mutatedAnnounceAndScrapeResponsesFailCleanly() throws Exception {
    var peer = new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 6881);
    List<byte[]> seeds = List.of(
        BEncoder.encode(Map.of("interval", 1800, "min interval", 60, "complete", 1, "incomplete", 2,
            "peers", CompactPeers.encode4(List.of(peer, peer)), "peers6", new byte[18])),
        BEncoder.encode(Map.of("interval", 60, "peers", List.of(Map.of("ip", "10.0.0.2", "port", 1)))),
        BEncoder.encode(Map.of("files", Map.of("aaaaaaaaaaaaaaaaaaaa", Map.of("complete", 1, "downloaded", 2,
            "incomplete", 3)))),
        BEncoder.encode(Map.of("failure reason", "no")));
    Random random = new Random(42); // fixed seed: failures reproduce
    for (int i = 0; i < ROUNDS; i++) {
      byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      }
      if (random.nextInt(8) == 0) {
        b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
      }
      byte[] input = b;
      assertThatCode(() -> {
        try {
          HttpTrackerClient.parseAnnounce(input);
        } catch (TrackerException expected) {
          // fine
        }
        try {
          HttpTrackerClient.parseScrape(input);
        } catch (TrackerException expected) {
          // fine
        }
      }).as("input %s", new String(input, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotThrowAnyException();
    }
  }
}
