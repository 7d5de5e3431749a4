package dev.reel.app.catalog;

import java.util.List;

/**
 * Results gathered from several providers, and the providers that failed. Immutable.
 *
 * @param results in provider order, then in each provider's order
 * @param errors one per failed provider, in provider order
 */
public record Aggregate<T>(List<T> results, List<ProviderError> errors) {
  public Aggregate {
    results = List.copyOf(results);
    errors = List.copyOf(errors);
  }

  /** Whether every provider asked answered. */
  public boolean complete() {
    return errors.isEmpty();
  }
}
