package dev.reel.engine.picker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestQueueTest {
  @ParameterizedTest
  @CsvSource({
    // rate bytes/s, reqq (0 = none), expected depth
    "0, 0, 4",
    "-5, 0, 4",
    "16384, 0, 4",
    "1048576, 0, 192",
    "104857600, 0, 500",
    "1048576, 50, 50",
    "1048576, 2, 2",
    "10000, 250, 4",
  })
  void depthCoversThreeSecondsClamped(double rate, int reqq, int expected) {
    assertThat(RequestQueue.targetDepth(rate, reqq)).isEqualTo(expected);
  }
}
