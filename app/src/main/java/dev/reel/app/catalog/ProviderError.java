package dev.reel.app.catalog;

/**
 * A provider that failed to answer within an aggregated request; the other providers' results are still returned.
 * Immutable.
 *
 * @param providerKey {@link Provider#key()}
 * @param providerName the provider's manifest name (its key when the manifest could not be read)
 * @param kind timed out or failed
 * @param message what went wrong, for the user
 */
public record ProviderError(String providerKey, String providerName, Kind kind, String message) {
  public enum Kind {
    /** no answer within the per-provider timeout. */
    TIMEOUT,
    /** answered with an error, or could not be reached. */
    FAILED
  }
}
