package dev.reel.engine.tracker;

/** The {@code event} of an announce (BEP 3). {@link #udpCode()} is its number in BEP 15 packets. */
public enum AnnounceEvent {
  NONE(0, null),
  COMPLETED(1, "completed"),
  STARTED(2, "started"),
  STOPPED(3, "stopped");

  private final int udpCode;
  private final String httpName;

  AnnounceEvent(int udpCode, String httpName) {
    this.udpCode = udpCode;
    this.httpName = httpName;
  }

  /** The event number in a BEP 15 announce: 0 none, 1 completed, 2 started, 3 stopped. */
  public int udpCode() {
    return udpCode;
  }

  /** The value of the HTTP {@code event} parameter, or null for {@link #NONE} (the parameter is omitted). */
  String httpName() {
    return httpName;
  }
}
