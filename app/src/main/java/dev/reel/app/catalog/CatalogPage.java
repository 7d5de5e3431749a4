package dev.reel.app.catalog;

import java.util.List;

/**
 * One page of a merged browse or search. Immutable.
 *
 * @param items the page, each with its provider
 * @param errors providers that failed or timed out (their items are missing)
 * @param more whether a next page may hold more items
 */
public record CatalogPage(List<Sourced<MetaPreview>> items, List<ProviderError> errors, boolean more) {
  public CatalogPage {
    items = List.copyOf(items);
    errors = List.copyOf(errors);
  }
}
