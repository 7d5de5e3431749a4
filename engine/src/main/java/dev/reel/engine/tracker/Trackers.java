package dev.reel.engine.tracker;

import java.net.URI;
import java.util.Locale;

/** Opens a {@link TrackerClient} for an announce URL. Thread-safe. */
public final class Trackers {
  private Trackers() {}

  /**
   * A client for {@code http}, {@code https} (BEP 3) or {@code udp} (BEP 15) trackers. Does no network I/O; host names
   * are resolved on first use.
   *
   * @throws TrackerException for any other scheme or a URL without a host (or, for UDP, without a port)
   */
  public static TrackerClient open(URI announceUrl) throws TrackerException {
    return open(announceUrl, UdpTrackerClient.Config.DEFAULT);
  }

  static TrackerClient open(URI announceUrl, UdpTrackerClient.Config udp) throws TrackerException {
    String scheme = announceUrl.getScheme() == null ? "" : announceUrl.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "http", "https" -> {
        if (announceUrl.getHost() == null) {
          throw new TrackerException("tracker URL has no host: " + announceUrl);
        }
        return new HttpTrackerClient(announceUrl);
      }
      case "udp" -> {
        String host = announceUrl.getHost();
        if (host == null) {
          throw new TrackerException("tracker URL has no host: " + announceUrl);
        }
        if (announceUrl.getPort() <= 0) {
          throw new TrackerException("UDP tracker URL has no port: " + announceUrl);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        return new UdpTrackerClient(host, announceUrl.getPort(), udp);
      }
      default -> throw new TrackerException("unsupported tracker scheme '" + scheme + "' in " + announceUrl
          + " (supported: http, https, udp)");
    }
  }
}
