package dev.reel.engine.media;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@link ContainerProbe#probe} learned about a file.
 *
 * @param container the detected format
 * @param length the file length the ranges were computed for
 * @param criticalRanges the ranges to fetch before playback, in the order a player needs them, disjoint and
 *     non-adjacent, within {@code [0, length)}; the first one starts at 0 when the file is not empty
 * @param duration the declared duration, when cheap to read and sane
 * @param problem why the container could not be parsed and the generic head + tail was used instead
 */
public record ProbeResult(Container container, long length, List<ByteRange> criticalRanges,
    Optional<Duration> duration, Optional<String> problem) {

  public ProbeResult {
    Objects.requireNonNull(container, "container");
    criticalRanges = List.copyOf(criticalRanges);
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(problem, "problem");
  }

  /** Average bytes per second over the whole file ({@code length / duration}), for deadline pacing. */
  public OptionalLong bytesPerSecond() {
    if (duration.isEmpty() || duration.get().toMillis() <= 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.max(1, Math.round(length * 1000.0 / duration.get().toMillis())));
  }
}
