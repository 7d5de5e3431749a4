package dev.reel.app.play;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Settings of {@link PlaySessions}. The suppliers are read when needed, so a settings change applies at once.
 *
 * @param cacheDir where streamed torrents' data goes ({@code <cacheDir>/<info-hash>/})
 * @param cacheLimit the cache's size limit in bytes
 * @param clearOnExit whether {@link PlaySessions#close()} empties the cache
 * @param downloadFolder where "keep" moves a finished film
 * @param idleTimeout a session without stream readers and API polls for this long ends
 * @param maintenanceInterval how often idle sessions and the cache limit are checked
 * @param readTimeout how long a stream read waits for its data before the stream answers 503
 */
public record PlayConfig(Path cacheDir, LongSupplier cacheLimit, BooleanSupplier clearOnExit,
    Supplier<Path> downloadFolder, Duration idleTimeout, Duration maintenanceInterval, Duration readTimeout) {
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_MAINTENANCE = Duration.ofSeconds(5);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
}
