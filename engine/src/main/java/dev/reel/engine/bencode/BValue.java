package dev.reel.engine.bencode;

/**
 * A bencoded value. Values are immutable; decoded ones remember where they came from ({@link #span()}).
 */
public sealed interface BValue permits BString, BInt, BList, BDict {
  /** Where this value was in the decoded buffer, or {@link Span#NONE} for values built in memory. */
  Span span();
}
