package dev.reel.engine.tracker;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A tracker's answer to an announce, as sent (no clamping: the {@link Announcer} clamps intervals). {@code peers}
 * holds IPv4 and IPv6 peers in the order received; port 0 entries are already dropped.
 */
public record AnnounceResponse(
    Duration interval,
    Optional<Duration> minInterval,
    List<InetSocketAddress> peers,
    OptionalInt seeders,
    OptionalInt leechers,
    Optional<String> warning,
    Optional<String> trackerId) {
  public AnnounceResponse {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(minInterval, "minInterval");
    peers = List.copyOf(peers);
    Objects.requireNonNull(seeders, "seeders");
    Objects.requireNonNull(leechers, "leechers");
    Objects.requireNonNull(warning, "warning");
    Objects.requireNonNull(trackerId, "trackerId");
  }
}
