package dev.reel.engine.media;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a container parser found: the ranges beyond the head, in the order a player reads them.
 *
 * @param ranges critical ranges (may overlap the head; {@link ContainerProbe} merges)
 * @param duration the container's declared duration, if cheap to read and sane
 * @param wantsTail whether the end of the file should be fetched too (an index could not be located)
 */
record Layout(List<ByteRange> ranges, Optional<Duration> duration, boolean wantsTail) {

  Layout {
    ranges = List.copyOf(ranges);
  }
}
