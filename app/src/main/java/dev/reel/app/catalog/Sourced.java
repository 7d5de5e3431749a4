package dev.reel.app.catalog;

/**
 * A value with the provider it came from. Immutable.
 *
 * @param providerKey {@link Provider#key()}
 * @param providerName the provider's manifest name (its key when the manifest is unknown)
 * @param value the item, stream, subtitle or meta
 */
public record Sourced<T>(String providerKey, String providerName, T value) {}
