package dev.reel.engine.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A dictionary. Keys are byte strings; they are held as ISO-8859-1 strings, which map each byte to one char, so
 * no key is lost and comparing them compares the raw bytes. Entries keep the order in which they were received.
 */
public record BDict(Map<String, BValue> entries, Span span) implements BValue {
  public BDict {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  public static BDict of(Map<String, ? extends BValue> entries) {
    return new BDict(new LinkedHashMap<>(entries), Span.NONE);
  }

  /** The key for a UTF-8 text key as it is stored in {@link #entries()}. */
  public static String key(String utf8) {
    return new String(utf8.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  public BValue get(String key) {
    return entries.get(key(key));
  }

  public boolean has(String key) {
    return entries.containsKey(key(key));
  }

  public Optional<BString> string(String key) {
    return get(key) instanceof BString s ? Optional.of(s) : Optional.empty();
  }

  public Optional<String> text(String key) {
    return string(key).map(BString::utf8);
  }

  public Optional<Long> integer(String key) {
    return get(key) instanceof BInt i ? Optional.of(i.value()) : Optional.empty();
  }

  public Optional<BList> list(String key) {
    return get(key) instanceof BList l ? Optional.of(l) : Optional.empty();
  }

  public Optional<BDict> dict(String key) {
    return get(key) instanceof BDict d ? Optional.of(d) : Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BDict d && d.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }
}
