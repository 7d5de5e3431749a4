package dev.reel.engine.bencode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test for {@link BDecoder} (see docs/FUZZING.md). Under plain {@code mvn test} it only replays the seeds
 * in {@code src/test/resources/dev/reel/engine/bencode/BDecoderFuzzTestInputs/decode/}; with {@code JAZZER_FUZZ=1} it
 * fuzzes.
 */
class BDecoderFuzzTest {

  /** Only BencodeException may escape; whatever decodes re-encodes and every span lies inside the input. */
  @FuzzTest
  void decode(byte[] input) {
    BValue value;
    try {
      value = BDecoder.decode(input);
    } catch (BencodeException e) {
      assertThat(e.offset()).isBetween(0, input.length);
      return;
    }
    assertThat(value.span().offset()).isZero();
    assertThat(value.span().length()).isEqualTo(input.length);
    checkSpans(value, input);
    byte[] canonical = BEncoder.canonical(value);
    // The canonical form decodes to an equal value and is a fixed point of re-encoding.
    try {
      BValue again = BDecoder.decode(canonical);
      assertThat(again).isEqualTo(value);
      assertThat(BEncoder.canonical(again)).isEqualTo(canonical);
    } catch (BencodeException e) {
      throw new AssertionError("canonical re-encoding does not decode: " + e.getMessage(), e);
    }
  }

  private static void checkSpans(BValue v, byte[] input) {
    Span s = v.span();
    assertThat(s.source()).isSameAs(input);
    assertThat(s.offset()).isBetween(0, input.length);
    assertThat(s.length()).isPositive().isLessThanOrEqualTo(input.length - s.offset());
    switch (v) {
      case BList l -> l.items().forEach(item -> checkSpans(item, input));
      case BDict d -> d.entries().values().forEach(item -> checkSpans(item, input));
      case BString str -> { }
      case BInt i -> { }
    }
  }
}
