package dev.reel.engine.session;

import dev.reel.engine.picker.BlockRequest;
import dev.reel.engine.picker.PiecePicker;
import dev.reel.engine.picker.StreamingPipeline;
import dev.reel.engine.wire.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The time-critical request pass (libtorrent's {@code request_time_critical_pieces}, see docs/STREAMING.md): walks
 * the pieces with a deadline, earliest first, and sends each missing block to the peer with the lowest expected
 * delivery time — bytes outstanding from it plus the block, divided by its measured rate — re-estimating after every
 * request, so a piece's blocks spread over several peers. An overdue piece's blocks also go to a second peer
 * (a duplicate); a block stuck behind a slow peer that will miss its deadline moves to a peer expected to deliver
 * it in under half the time (cancel + request). The pass stops once the best peer's queue exceeds
 * {@value #MAX_QUEUE_SECONDS} s, to not over-request. Torrent lock held; queues messages only.
 */
final class CriticalRequests {
  /** Stop giving critical blocks once the best peer would take this long to get to a new one. */
  static final double MAX_QUEUE_SECONDS = 2.0;
  /** Deadline pieces looked at per pass. */
  static final int MAX_PIECES = 64;
  /** Rate assumed for a peer we have no measurement for (and no other peer to average). */
  static final double DEFAULT_PEER_RATE = 64 * 1024;
  /** Below this the measured rate is treated as unknown. */
  static final double MIN_MEASURED_RATE = 1024;
  /** The slowest tenth of the peers is ignored once there are at least this many candidates. */
  static final int DROP_SLOWEST_FROM = 10;
  /** Requests moved from a slow peer per pass at most. */
  static final int MAX_MOVES = 32;

  private final TorrentSession t;

  CriticalRequests(TorrentSession t) {
    this.t = t;
  }

  /** One peer we may send to, with its running estimate. */
  static final class Candidate {
    final PeerConnection c;
    final double rate;
    long outstanding;
    final int limit;
    final boolean measured;
    int count;
    /** Its background requests were cancelled in this pass (at most once per pass). */
    boolean backgroundCancelled;

    Candidate(PeerConnection c, double rate, boolean measured, long outstanding, int count, int limit) {
      this.c = c;
      this.rate = rate;
      this.measured = measured;
      this.outstanding = outstanding;
      this.count = count;
      this.limit = limit;
    }

    /** Seconds until a new request of {@code len} bytes would be received. */
    double eta(int len) {
      return (outstanding + len) / rate;
    }
  }

  /** Passes triggered by arriving blocks are at least this far apart. */
  static final long MIN_INTERVAL_NANOS = 20_000_000L;

  private long lastRunNanos;

  /** Runs a pass unless one ran within {@link #MIN_INTERVAL_NANOS}. Torrent lock held. */
  void maybeRun(long now) {
    if (now - lastRunNanos >= MIN_INTERVAL_NANOS) {
      run(now);
    }
  }

  /** Runs one pass. Torrent lock held. */
  void run(long now) {
    lastRunNanos = now;
    Payload p = t.payload();
    if (p == null || p.picker.deadlineCount() == 0) {
      return;
    }
    PiecePicker<PeerConnection> picker = p.picker;
    List<Candidate> cands = candidates(picker, now);
    if (cands.isEmpty()) {
      return;
    }
    int moves = 0;
    for (long[] pd : picker.deadlines(MAX_PIECES)) {
      int piece = (int) pd[0];
      long deadline = pd[1];
      if (picker.isClaimed(piece)) {
        continue; // a web seed is fetching it whole
      }
      boolean overdue = deadline <= now;
      for (int b = 0; b < picker.blockCount(piece); b++) {
        int state = picker.blockState(piece, b);
        if (state == PiecePicker.BLOCK_RECEIVED) {
          continue;
        }
        BlockRequest block = picker.block(piece, b);
        List<PeerConnection> from = picker.requesters(piece, b);
        if (state == PiecePicker.BLOCK_MISSING) {
          Candidate best = best(cands, picker, piece, null, block.length());
          if (best == null) {
            break; // nobody has this piece: try the next one
          }
          if (!best.backgroundCancelled && StreamingPipeline.urgent(deadline, now)) {
            cancelBackground(picker, best);
          }
          if (best.outstanding > 0 && best.eta(0) > MAX_QUEUE_SECONDS
              && (best.measured || best.count >= StreamingPipeline.FRESH_PEER_DEPTH)) {
            return;
          }
          send(picker, best, block, now);
          continue;
        }
        if (from.size() != 1) {
          continue;
        }
        PeerConnection holder = from.get(0);
        Candidate h = find(cands, holder);
        double holderEta = etaOf(picker, holder, h, block, now);
        Candidate best = best(cands, picker, piece, holder, block.length());
        if (best == null || best.eta(block.length()) >= holderEta) {
          continue;
        }
        if (overdue) {
          send(picker, best, block, now); // busy request: race the holder
        } else if (moves < MAX_MOVES && now + (long) (holderEta * 1e9) > deadline
            && best.eta(block.length()) * 2 < holderEta) {
          if (picker.cancel(holder, block)) {
            holder.send(new Message.Cancel(block.piece(), block.offset(), block.length()));
            if (h != null) {
              h.outstanding -= block.length();
              h.count--;
            }
            moves++;
          }
          send(picker, best, block, now);
        }
      }
    }
  }

  private List<Candidate> candidates(PiecePicker<PeerConnection> picker, long now) {
    List<PeerConnection> peers = new ArrayList<>();
    double sum = 0;
    int measured = 0;
    for (PeerConnection c : t.swarm.connections) {
      if (c.isClosed() || !c.amInterested || c.peerChoking || c.snubbed) {
        continue;
      }
      peers.add(c);
      double r = c.downRate.rate(now);
      if (r >= MIN_MEASURED_RATE) {
        sum += r;
        measured++;
      }
    }
    double fallback = measured > 0 ? sum / measured : DEFAULT_PEER_RATE;
    List<Candidate> out = new ArrayList<>();
    for (PeerConnection c : peers) {
      double r = c.downRate.rate(now);
      int limit = c.reqq > 0 ? c.reqq : PeerConnection.MAX_INCOMING_REQUESTS;
      out.add(new Candidate(c, r >= MIN_MEASURED_RATE ? r : fallback, r >= MIN_MEASURED_RATE, picker.outstandingBytes(c),
          picker.outstanding(c), limit));
    }
    if (out.size() >= DROP_SLOWEST_FROM) {
      out.sort(Comparator.comparingDouble((Candidate k) -> -k.rate));
      out = new ArrayList<>(out.subList(0, out.size() - out.size() / 10));
    }
    return out;
  }

  private static Candidate best(List<Candidate> cands, PiecePicker<PeerConnection> picker, int piece,
      PeerConnection except, int len) {
    Candidate best = null;
    for (Candidate k : cands) {
      if (k.c == except || k.count >= k.limit || !picker.peerHas(k.c, piece)) {
        continue;
      }
      if (best == null || k.eta(len) < best.eta(len)) {
        best = k;
      }
    }
    return best;
  }

  private static Candidate find(List<Candidate> cands, PeerConnection c) {
    for (Candidate k : cands) {
      if (k.c == c) {
        return k;
      }
    }
    return null;
  }

  /** When the holder is expected to deliver the block (seconds from now); infinite for a choked/snubbed holder. */
  private static double etaOf(PiecePicker<PeerConnection> picker, PeerConnection holder, Candidate h,
      BlockRequest block, long now) {
    if (h == null) {
      return Double.POSITIVE_INFINITY;
    }
    long ahead = picker.bytesAhead(holder, block);
    return ahead < 0 ? Double.POSITIVE_INFINITY : (ahead + block.length()) / h.rate;
  }

  /**
   * An urgent critical block goes to the peer: its queued background requests would be served first, so they are
   * cancelled (BEP 3 {@code cancel}; a BEP 6 peer answers with {@code reject_request}, and a block it had already
   * sent is still kept).
   */
  private static void cancelBackground(PiecePicker<PeerConnection> picker, Candidate k) {
    k.backgroundCancelled = true;
    for (BlockRequest r : picker.cancelNonCritical(k.c)) {
      k.c.send(new Message.Cancel(r.piece(), r.offset(), r.length()));
      k.outstanding -= r.length();
      k.count--;
    }
  }

  private static void send(PiecePicker<PeerConnection> picker, Candidate k, BlockRequest block, long now) {
    if (picker.request(k.c, block, now)) {
      k.c.send(new Message.Request(block.piece(), block.offset(), block.length()));
      k.outstanding += block.length();
      k.count++;
    }
  }
}
