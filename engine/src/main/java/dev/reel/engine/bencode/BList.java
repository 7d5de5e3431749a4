package dev.reel.engine.bencode;

import java.util.List;

/** A list of values. */
public record BList(List<BValue> items, Span span) implements BValue {
  public BList {
    items = List.copyOf(items);
  }

  public static BList of(List<? extends BValue> items) {
    return new BList(List.copyOf(items), Span.NONE);
  }

  public int size() {
    return items.size();
  }

  public BValue get(int i) {
    return items.get(i);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BList l && l.items.equals(items);
  }

  @Override
  public int hashCode() {
    return items.hashCode();
  }
}
