package dev.reel.engine.tracker;

import dev.reel.engine.metainfo.InfoHash;
import java.util.Arrays;
import java.util.Objects;

/**
 * One announce. {@code numWant} below zero means "tracker default" (HTTP: parameter omitted; UDP: -1). {@code key} is
 * a random number that stays the same for the whole session so a tracker can recognise us across IP changes.
 */
public record AnnounceRequest(
    InfoHash infoHash,
    byte[] peerId,
    int port,
    long uploaded,
    long downloaded,
    long left,
    AnnounceEvent event,
    int numWant,
    int key) {
  public static final int PEER_ID_LENGTH = 20;

  public AnnounceRequest {
    Objects.requireNonNull(infoHash, "infoHash");
    Objects.requireNonNull(event, "event");
    if (peerId == null || peerId.length != PEER_ID_LENGTH) {
      throw new IllegalArgumentException("a peer id has 20 bytes");
    }
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (uploaded < 0 || downloaded < 0 || left < 0) {
      throw new IllegalArgumentException("negative transfer counter");
    }
    peerId = peerId.clone();
  }

  @Override
  public byte[] peerId() {
    return peerId.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnnounceRequest r
        && infoHash.equals(r.infoHash)
        && Arrays.equals(peerId, r.peerId)
        && port == r.port
        && uploaded == r.uploaded
        && downloaded == r.downloaded
        && left == r.left
        && event == r.event
        && numWant == r.numWant
        && key == r.key;
  }

  @Override
  public int hashCode() {
    return Objects.hash(infoHash, Arrays.hashCode(peerId), port, uploaded, downloaded, left, event, numWant, key);
  }

  @Override
  public String toString() {
    return "AnnounceRequest[" + infoHash + " port=" + port + " up=" + uploaded + " down=" + downloaded + " left="
        + left + " event=" + event + " numWant=" + numWant + "]";
  }
}
