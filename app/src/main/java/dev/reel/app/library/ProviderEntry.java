package dev.reel.app.library;

import java.net.URI;
import java.time.Instant;

/**
 * A catalog provider in the user's registry: a built-in one (no manifest URL) or a Stremio-protocol addon added by
 * its manifest URL. Providers are asked in {@code position} order (0 first). Immutable.
 */
public record ProviderEntry(
    String id, Kind kind, String name, URI manifestUrl, boolean enabled, int position, Instant addedAt) {

  /** Where the provider comes from. */
  public enum Kind {
    /** Shipped with Reel; can be disabled and moved, not removed. */
    BUILTIN,
    /** A Stremio-protocol addon the user added by its manifest URL. */
    ADDON
  }
}
