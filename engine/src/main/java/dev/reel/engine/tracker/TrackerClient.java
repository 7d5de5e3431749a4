package dev.reel.engine.tracker;

import dev.reel.engine.metainfo.InfoHash;
import java.util.List;
import java.util.Map;

/**
 * One tracker, by announce URL. Calls block the calling (preferably virtual) thread until the tracker answers or the
 * client gives up; an interrupt aborts the call with {@link InterruptedException}. Implementations are thread-safe.
 */
public interface TrackerClient extends AutoCloseable {
  AnnounceResponse announce(AnnounceRequest r) throws TrackerException, InterruptedException;

  /**
   * Counts for each requested torrent the tracker knows; torrents it does not know are absent from the map.
   *
   * @throws TrackerException also when the tracker does not support scraping
   */
  Map<InfoHash, ScrapeResult> scrape(List<InfoHash> hashes) throws TrackerException, InterruptedException;

  /** Releases resources. Never throws. */
  @Override
  void close();
}
