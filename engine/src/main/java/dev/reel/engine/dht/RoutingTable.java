package dev.reel.engine.dht;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kademlia routing table of k-buckets (BEP 5 "Routing Table"). Bucket {@code i} holds nodes whose id shares exactly
 * {@code i} leading bits with our own; the last bucket holds everything closer and is the only one that splits, so
 * the table covers our own id's path finely and the rest of the space coarsely.
 *
 * <p>Liveness: a node is <em>good</em> if it answered one of our queries within {@link #GOOD_WINDOW_NANOS}, or has
 * answered at some point and queried us within that window; <em>bad</em> after {@link #MAX_FAILURES} unanswered
 * queries in a row; <em>questionable</em> otherwise. A full bucket takes a new node only in place of a bad one; if it
 * holds questionable nodes, {@link #add} returns them to be pinged and keeps the newcomer in the bucket's replacement
 * cache, which fills the slot when a pinged node goes bad. With BEP 42, a responsive compliant newcomer may also
 * displace a non-compliant node of a full bucket.
 *
 * <p>Pure and not thread-safe: the caller holds a lock and passes the time ({@code nowNanos}, from {@link
 * System#nanoTime()} or a test clock).
 */
public final class RoutingTable {
  public static final int K = 8;
  public static final long GOOD_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(15);
  public static final long REFRESH_NANOS = TimeUnit.MINUTES.toNanos(15);
  public static final int MAX_FAILURES = 2;
  public static final int REPLACEMENTS_PER_BUCKET = K;

  /** What happened to a node passed to {@link #add}. */
  public enum Outcome { ADDED, UPDATED, PENDING, IGNORED }

  /** The result of {@link #add}: what happened, and questionable nodes the caller should ping now. */
  public record Insertion(Outcome outcome, List<NodeInfo> toPing) {}

  /** The liveness of a node (BEP 5 "Routing Table"). */
  public enum Status { GOOD, QUESTIONABLE, BAD }

  private static final class Entry {
    NodeInfo node;
    final boolean compliant;
    long lastResponse = Long.MIN_VALUE; // MIN_VALUE: never
    long lastQuery = Long.MIN_VALUE;
    int failures;

    Entry(NodeInfo node, boolean compliant) {
      this.node = node;
      this.compliant = compliant;
    }

    boolean everResponded() {
      return lastResponse != Long.MIN_VALUE;
    }

    Status status(long now) {
      if (failures >= MAX_FAILURES) {
        return Status.BAD;
      }
      if (everResponded() && (now - lastResponse < GOOD_WINDOW_NANOS
          || lastQuery != Long.MIN_VALUE && now - lastQuery < GOOD_WINDOW_NANOS)) {
        return Status.GOOD;
      }
      return Status.QUESTIONABLE;
    }
  }

  private static final class Bucket {
    final List<Entry> nodes = new ArrayList<>(K);
    final List<Entry> replacements = new ArrayList<>();
    long lastChanged;

    Bucket(long now) {
      lastChanged = now;
    }
  }

  private final NodeId self;
  private final List<Bucket> buckets = new ArrayList<>();

  public RoutingTable(NodeId self, long nowNanos) {
    this.self = self;
    buckets.add(new Bucket(nowNanos));
  }

  public NodeId self() {
    return self;
  }

  private int bucketIndex(NodeId id) {
    return Math.min(self.commonPrefixLength(id), buckets.size() - 1);
  }

  private Entry find(Bucket b, NodeId id) {
    for (Entry e : b.nodes) {
      if (e.node.id().equals(id)) {
        return e;
      }
    }
    return null;
  }

  /**
   * Offers a node. {@code responded}: it just answered one of our queries (else it queried us). A node whose id is
   * known at a different address keeps its old address (no id hijacking).
   */
  public Insertion add(NodeInfo node, boolean responded, boolean compliant, long nowNanos) {
    if (node.id().equals(self)) {
      return new Insertion(Outcome.IGNORED, List.of());
    }
    while (true) {
      int index = bucketIndex(node.id());
      Bucket b = buckets.get(index);
      Entry existing = find(b, node.id());
      if (existing != null) {
        if (!existing.node.address().equals(node.address())) {
          return new Insertion(Outcome.IGNORED, List.of());
        }
        touch(existing, responded, nowNanos);
        b.lastChanged = nowNanos;
        return new Insertion(Outcome.UPDATED, List.of());
      }
      Entry e = new Entry(node, compliant);
      touch(e, responded, nowNanos);
      if (b.nodes.size() < K) {
        b.nodes.add(e);
        b.lastChanged = nowNanos;
        b.replacements.removeIf(r -> r.node.id().equals(node.id()));
        return new Insertion(Outcome.ADDED, List.of());
      }
      // Full: split the bucket on our own path, if it is the last one.
      if (index == buckets.size() - 1 && buckets.size() < NodeId.BITS) {
        split(nowNanos);
        continue;
      }
      for (Iterator<Entry> it = b.nodes.iterator(); it.hasNext(); ) {
        if (it.next().status(nowNanos) == Status.BAD) {
          it.remove();
          b.nodes.add(e);
          b.lastChanged = nowNanos;
          return new Insertion(Outcome.ADDED, List.of());
        }
      }
      if (responded && compliant) {
        Entry victim = b.nodes.stream().filter(x -> !x.compliant && x.status(nowNanos) != Status.GOOD)
            .findFirst().orElse(null);
        if (victim != null) {
          b.nodes.remove(victim);
          b.nodes.add(e);
          b.lastChanged = nowNanos;
          return new Insertion(Outcome.ADDED, List.of());
        }
      }
      List<NodeInfo> toPing = new ArrayList<>();
      for (Entry x : b.nodes) {
        if (x.status(nowNanos) == Status.QUESTIONABLE) {
          toPing.add(x.node);
        }
      }
      if (toPing.isEmpty()) {
        return new Insertion(Outcome.IGNORED, List.of());
      }
      b.replacements.removeIf(r -> r.node.id().equals(node.id()));
      b.replacements.add(e);
      if (b.replacements.size() > REPLACEMENTS_PER_BUCKET) {
        b.replacements.remove(0);
      }
      return new Insertion(Outcome.PENDING, toPing);
    }
  }

  private static void touch(Entry e, boolean responded, long now) {
    if (responded) {
      e.lastResponse = now;
      e.failures = 0;
    } else {
      e.lastQuery = now;
    }
  }

  private void split(long now) {
    Bucket last = buckets.get(buckets.size() - 1);
    Bucket next = new Bucket(now);
    int depth = buckets.size() - 1;
    buckets.add(next);
    moveDeeper(last.nodes, next.nodes, depth);
    moveDeeper(last.replacements, next.replacements, depth);
  }

  private void moveDeeper(List<Entry> from, List<Entry> to, int depth) {
    for (Iterator<Entry> it = from.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (self.commonPrefixLength(e.node.id()) > depth) {
        it.remove();
        to.add(e);
      }
    }
  }

  /**
   * A query to {@code id} timed out. Once the node is bad it is replaced from the replacement cache, if any.
   *
   * @return true if the node was removed
   */
  public boolean failed(NodeId id, long nowNanos) {
    Bucket b = buckets.get(bucketIndex(id));
    Entry e = find(b, id);
    if (e == null) {
      b.replacements.removeIf(r -> r.node.id().equals(id));
      return false;
    }
    e.failures++;
    if (e.status(nowNanos) == Status.BAD && !b.replacements.isEmpty()) {
      b.nodes.remove(e);
      b.replacements.sort(Comparator.comparingLong((Entry r) -> r.lastResponse).reversed());
      b.nodes.add(b.replacements.remove(0));
      b.lastChanged = nowNanos;
      return true;
    }
    return false;
  }

  /** The status of a node in the table, or null if absent. */
  public Status status(NodeId id, long nowNanos) {
    Entry e = find(buckets.get(bucketIndex(id)), id);
    return e == null ? null : e.status(nowNanos);
  }

  public boolean contains(NodeId id) {
    return find(buckets.get(bucketIndex(id)), id) != null;
  }

  /** Up to {@code n} non-bad nodes nearest to {@code target} by XOR distance, nearest first. */
  public List<NodeInfo> closest(NodeId target, int n, long nowNanos) {
    List<NodeInfo> all = new ArrayList<>();
    for (Bucket b : buckets) {
      for (Entry e : b.nodes) {
        if (e.status(nowNanos) != Status.BAD) {
          all.add(e.node);
        }
      }
    }
    Comparator<NodeId> byDistance = NodeId.byDistanceTo(target);
    all.sort((x, y) -> byDistance.compare(x.id(), y.id()));
    return List.copyOf(all.subList(0, Math.min(n, all.size())));
  }

  /** Questionable nodes to ping (BEP 5: ping before replacing, and keep liveness known). */
  public List<NodeInfo> questionable(long nowNanos) {
    List<NodeInfo> out = new ArrayList<>();
    for (Bucket b : buckets) {
      for (Entry e : b.nodes) {
        if (e.status(nowNanos) == Status.QUESTIONABLE) {
          out.add(e.node);
        }
      }
    }
    return out;
  }

  /**
   * Random lookup targets inside each bucket not changed for {@link #REFRESH_NANOS}; marks those buckets as
   * refreshed now (BEP 5: refresh with a find_node for a random id in the bucket's range).
   */
  public List<NodeId> refreshTargets(long nowNanos) {
    List<NodeId> out = new ArrayList<>();
    for (int i = 0; i < buckets.size(); i++) {
      Bucket b = buckets.get(i);
      if (nowNanos - b.lastChanged >= REFRESH_NANOS) {
        b.lastChanged = nowNanos;
        out.add(i < buckets.size() - 1 ? randomAtDepth(i) : NodeId.randomWithPrefix(self, i));
      }
    }
    return out;
  }

  /**
   * Lookup targets that complete a join (Kademlia, Maymounkov and Mazières 2002, section 2.3: a joining node
   * "refreshes all k-buckets further away than its closest neighbor"; BEP 5's refresh is the same find_node for a
   * random id in a range). The ranges are distances from our id, not buckets, so this works before the table has
   * split: range {@code d} holds the ids sharing exactly {@code d} leading bits with ours. A lookup of our own id has
   * found every node nearer than our {@link #K}-th nearest, so only the ranges farther than that node's can be
   * incomplete; for each of those holding fewer than {@code K} of our nodes, one random id in it, at most {@code
   * max}, farthest range first. Without them, in a network whose nodes all joined recently, the far ranges stay
   * nearly empty in every table and lookups passing through those tables dead-end short of their target.
   */
  public List<NodeId> sparseRangeTargets(int max) {
    int[] count = new int[NodeId.BITS + 1];
    List<Integer> depths = new ArrayList<>();
    for (Bucket b : buckets) {
      for (Entry e : b.nodes) {
        int d = self.commonPrefixLength(e.node.id());
        count[d]++;
        depths.add(d);
      }
    }
    if (depths.isEmpty()) {
      return List.of();
    }
    depths.sort(Comparator.reverseOrder());
    int kthNearest = depths.get(Math.min(K, depths.size()) - 1);
    List<NodeId> out = new ArrayList<>();
    for (int d = 0; d < kthNearest && out.size() < max; d++) {
      if (count[d] < K) {
        out.add(randomAtDepth(d));
      }
    }
    return out;
  }

  /** A random id sharing exactly {@code d} leading bits with ours (d < 160). */
  private NodeId randomAtDepth(int d) {
    byte[] bytes = NodeId.randomWithPrefix(self, d).bytes();
    if (((bytes[d >> 3] ^ self.bytes()[d >> 3]) & (0x80 >>> (d & 7))) == 0) {
      bytes[d >> 3] ^= (byte) (0x80 >>> (d & 7));
    }
    return NodeId.of(bytes);
  }

  public int bucketCount() {
    return buckets.size();
  }

  /** Number of nodes in the table (replacement caches not counted). */
  public int size() {
    int n = 0;
    for (Bucket b : buckets) {
      n += b.nodes.size();
    }
    return n;
  }

  /** Every node in the table, bucket by bucket. */
  public List<NodeInfo> nodes() {
    List<NodeInfo> out = new ArrayList<>();
    for (Bucket b : buckets) {
      for (Entry e : b.nodes) {
        out.add(e.node);
      }
    }
    return out;
  }
}
