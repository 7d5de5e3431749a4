package dev.reel.engine.picker;

/** A block that was outstanding from a given peer, as returned by {@link PiecePicker#timedOut(long, long)}. */
public record PeerRequest<P>(P peer, BlockRequest request) {}
