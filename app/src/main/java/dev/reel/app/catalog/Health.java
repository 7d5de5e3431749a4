package dev.reel.app.catalog;

/**
 * How healthy a torrent's swarm looks, as Popcorn Time shows it (bad, fair/"medium", good, excellent).
 *
 * <p>Thresholds (Popcorn Time's weighting): the seed/peer ratio counts for 60% and is full at 5 seeders per leecher;
 * the number of seeders counts for 40% and is full at 30 seeders. With {@code ratio = seeders / peers} (or
 * {@code seeders} when there are no leechers), {@code score = 0.6 * min(ratio / 5, 1) + 0.4 * min(seeders / 30, 1)},
 * in [0, 1], and the health is the score cut in four: below 1/3 BAD, below 2/3 FAIR, below 1 GOOD, 1 EXCELLENT.
 * So EXCELLENT needs at least 30 seeders and at least 5 seeders per leecher; a torrent without seeders is always BAD.
 * Examples: 0 seeders → BAD; 5 seeders, 20 leechers → BAD; 20 seeders, 10 leechers → FAIR; 25 seeders, 5 leechers →
 * GOOD; 40 seeders, 2 leechers → EXCELLENT.
 */
public enum Health {
  BAD,
  FAIR,
  GOOD,
  EXCELLENT;

  /** Seeders per leecher at which the ratio part is full. */
  public static final double FULL_RATIO = 5;
  /** Seeders at which the seeder part is full. */
  public static final double FULL_SEEDERS = 30;
  public static final double RATIO_WEIGHT = 0.6;
  public static final double SEEDERS_WEIGHT = 0.4;

  /**
   * The health of a swarm.
   *
   * @param seeders peers with the whole torrent (a scrape's {@code complete})
   * @param peers peers still downloading (a scrape's {@code incomplete}, i.e. leechers)
   */
  public static Health of(int seeders, int peers) {
    if (seeders <= 0) {
      return BAD;
    }
    int leechers = Math.max(0, peers);
    double ratio = leechers > 0 ? (double) seeders / leechers : seeders;
    double score = RATIO_WEIGHT * Math.min(ratio / FULL_RATIO, 1) + SEEDERS_WEIGHT * Math.min(seeders / FULL_SEEDERS, 1);
    int level = (int) Math.floor(score * 3 + 1e-9);
    return values()[Math.min(level, 3)];
  }
}
