package dev.reel.engine.utp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.utp.UtpConnection.State;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Two state machines over a simulated link with virtual time: loss, reordering, duplication. */
class UtpConnectionTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  /** A lossy, reordering, duplicating link between side 0 (initiator) and side 1 (acceptor). */
  static final class Link {
    record InFlight(long at, long order, int to, byte[] bytes) {}

    final Random random;
    final double loss;
    final double reorder;
    final double duplicate;
    final long latency;
    final PriorityQueue<InFlight> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
        : Long.compare(a.order, b.order));
    long now;
    long order;
    int sent;
    int dropped;

    Link(long seed, double loss, double reorder, double duplicate, long latency) {
      this.random = new Random(seed);
      this.loss = loss;
      this.reorder = reorder;
      this.duplicate = duplicate;
      this.latency = latency;
    }

    UtpConnection.Output to(int side) {
      return p -> {
        sent++;
        byte[] bytes = p.encode();
        int copies = random.nextDouble() < duplicate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
          if (random.nextDouble() < loss) {
            dropped++;
            continue;
          }
          long delay = latency + (random.nextDouble() < reorder ? (long) (random.nextDouble() * 3 * latency) : 0);
          queue.add(new InFlight(now + delay, order++, side, bytes));
        }
      };
    }
  }

  /** One side's application: writes {@code out} as fast as allowed, reads everything, closes when done writing. */
  static final class App {
    final byte[] toSend;
    int written;
    final ByteArrayOutputStream got = new ByteArrayOutputStream();
    boolean eof;
    boolean closed;

    App(byte[] toSend) {
      this.toSend = toSend;
    }

    void pump(UtpConnection c, long now, UtpConnection.Output out) {
      if (c == null || !c.isConnected() && c.state() != State.CLOSED) {
        return;
      }
      if (written < toSend.length) {
        written += c.write(toSend, written, toSend.length - written, now, out);
      } else if (!closed) {
        c.close(now, out);
        closed = true;
      }
      byte[] buf = new byte[4096];
      int n;
      while ((n = c.read(buf, 0, buf.length, now, out)) > 0) {
        got.write(buf, 0, n);
      }
      if (n < 0) {
        eof = true;
      }
    }
  }

  record Result(byte[] atAcceptor, byte[] atInitiator, boolean eofs, long virtualMillis, Link link,
      UtpConnection a, UtpConnection b) {}

  static Result run(Link link, byte[] fromA, byte[] fromB) throws Exception {
    UtpConnection.Output toB = link.to(1);
    UtpConnection.Output toA = link.to(0);
    UtpConnection[] side = new UtpConnection[2];
    side[0] = UtpConnection.connect(1000, 50_000, link.now, toB);
    App appA = new App(fromA);
    App appB = new App(fromB);
    long limit = TimeUnit.MINUTES.toNanos(20);
    long nextTick = 0;
    while (link.now < limit) {
      appA.pump(side[0], link.now, toB);
      appB.pump(side[1], link.now, toA);
      if (appA.eof && appB.eof && appA.closed && appB.closed && side[0].isFinished() && side[1].isFinished()) {
        break;
      }
      if (appA.eof && appB.eof && appA.closed && appB.closed
          && side[0].unacknowledged() == 0 && side[1].unacknowledged() == 0) {
        break;
      }
      Link.InFlight next = link.queue.peek();
      if (next != null && next.at() <= nextTick) {
        link.queue.poll();
        link.now = Math.max(link.now, next.at());
        UtpPacket p = UtpPacket.decode(next.bytes());
        if (next.to() == 1) {
          if (side[1] == null) {
            if (p.type() == UtpPacket.Type.SYN) {
              side[1] = UtpConnection.accept(p, 65_530, link.now, toA);
            }
          } else {
            side[1].onPacket(p, link.now, toA);
          }
        } else {
          side[0].onPacket(p, link.now, toB);
        }
      } else {
        link.now = nextTick;
        nextTick += 10 * MS;
        side[0].tick(link.now, toB);
        if (side[1] != null) {
          side[1].tick(link.now, toA);
        }
      }
    }
    return new Result(appB.got.toByteArray(), appA.got.toByteArray(), appA.eof && appB.eof, link.now / MS, link,
        side[0], side[1]);
  }

  static byte[] data(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @ParameterizedTest(name = "loss {0}, reorder {1}, duplicate {2}")
  @CsvSource({
      "0.00, 0.00, 0.00",
      "0.05, 0.00, 0.00",
      "0.20, 0.00, 0.00",
      "0.00, 0.30, 0.00",
      "0.05, 0.30, 0.05",
      "0.20, 0.30, 0.10",
  })
  void deliversByteExactStreamsBothWays(double loss, double reorder, double duplicate) throws Exception {
    byte[] fromA = data(300_000, 1);
    byte[] fromB = data(170_001, 2);
    for (long seed = 1; seed <= 3; seed++) {
      Link link = new Link(seed, loss, reorder, duplicate, 20 * MS);
      Result r = run(link, fromA, fromB);
      String state = "seed " + seed + ": " + r.a() + " / " + r.b() + " after " + r.virtualMillis() + " ms";
      assertThat(r.atAcceptor().length).as("length initiator to acceptor, %s", state).isEqualTo(fromA.length);
      assertThat(Arrays.equals(r.atAcceptor(), fromA)).as("bytes initiator to acceptor, %s", state).isTrue();
      assertThat(r.atInitiator().length).as("length acceptor to initiator, %s", state).isEqualTo(fromB.length);
      assertThat(Arrays.equals(r.atInitiator(), fromB)).as("bytes acceptor to initiator, %s", state).isTrue();
      assertThat(r.eofs()).as("both saw the FIN").isTrue();
    }
  }

  @Test
  void aLosslessLinkNeedsNoRetransmissions() throws Exception {
    byte[] fromA = data(1_000_000, 3);
    Link link = new Link(7, 0, 0, 0, 5 * MS);
    Result r = run(link, fromA, new byte[0]);
    assertThat(Arrays.equals(r.atAcceptor(), fromA)).isTrue();
    int dataPackets = (fromA.length + UtpConnection.MAX_PAYLOAD - 1) / UtpConnection.MAX_PAYLOAD;
    // SYN + data + FIN from A; from B one ACK per two full packets (delayed ACK): no data packet went twice
    assertThat(r.link().sent).isLessThanOrEqualTo(dataPackets + dataPackets / 2 + 20);
  }

  @Test
  void aSynNobodyAnswersTimesOut() {
    List<UtpPacket> sent = new ArrayList<>();
    UtpConnection c = UtpConnection.connect(5, 1, 0, sent::add);
    long now = 0;
    for (int i = 0; i < 200 && c.state() == State.SYN_SENT; i++) {
      now += 100 * MS;
      c.tick(now, sent::add);
    }
    assertThat(c.state()).isEqualTo(State.TIMED_OUT);
    assertThat(sent).hasSize(UtpConnection.MAX_SYN_TRANSMISSIONS)
        .allMatch(p -> p.type() == UtpPacket.Type.SYN && p.connectionId() == 5);
  }

  @Test
  void aResetEndsTheConnectionAndReadsReportIt() {
    List<UtpPacket> toB = new ArrayList<>();
    UtpConnection a = UtpConnection.connect(5, 1, 0, toB::add);
    List<UtpPacket> toA = new ArrayList<>();
    UtpConnection b = UtpConnection.accept(toB.get(0), 77, 0, toA::add);
    a.onPacket(toA.get(0), MS, toB::add);
    assertThat(a.isConnected()).isTrue();
    assertThat(toA.get(0).ackNr()).isEqualTo(1);
    b.reset(2 * MS, toA::add);
    a.onPacket(toA.get(toA.size() - 1), 3 * MS, toB::add);
    assertThat(a.state()).isEqualTo(State.RESET);
    assertThat(a.read(new byte[10], 0, 10, 4 * MS, toB::add)).isEqualTo(-1);
    assertThat(a.writable()).isZero();
  }

  @Test
  void retransmissionTimeoutFollowsRttButNeverGoesBelow500Ms() throws Exception {
    Link link = new Link(1, 0, 0, 0, 2 * MS);
    Result r = run(link, data(50_000, 9), new byte[0]);
    assertThat(r.a().rtoMicros()).isEqualTo(UtpConnection.MIN_RTO_MICROS);
  }

  /** Delivers everything queued each way until both sides are quiet; returns the last virtual time. */
  private static long exchange(UtpConnection a, List<UtpPacket> toB, UtpConnection b, List<UtpPacket> toA, long now) {
    while (!toB.isEmpty() || !toA.isEmpty()) {
      now += MS;
      List<UtpPacket> forB = new ArrayList<>(toB);
      toB.clear();
      for (UtpPacket p : forB) {
        b.onPacket(p, now, toA::add);
      }
      List<UtpPacket> forA = new ArrayList<>(toA);
      toA.clear();
      for (UtpPacket p : forA) {
        a.onPacket(p, now, toB::add);
      }
    }
    return now;
  }

  @Test
  void aLostPacketIsResentOnSelectiveAcksWithoutWaitingForTheTimeout() {
    List<UtpPacket> toB = new ArrayList<>();
    List<UtpPacket> toA = new ArrayList<>();
    UtpConnection a = UtpConnection.connect(9, 100, 0, toB::add);
    UtpConnection b = UtpConnection.accept(toB.remove(0), 500, 0, toA::add);
    long now = exchange(a, toB, b, toA, 0);
    byte[] warm = data(200_000, 4);
    int off = 0;
    while (off < warm.length) {
      off += a.write(warm, off, warm.length - off, now, toB::add);
      now = exchange(a, toB, b, toA, now);
      b.read(new byte[300_000], 0, 300_000, now, toA::add);
    }
    assertThat(a.congestion().window()).isGreaterThan(10L * UtpConnection.MAX_PAYLOAD);

    a.write(data(10 * UtpConnection.MAX_PAYLOAD, 5), 0, 10 * UtpConnection.MAX_PAYLOAD, now, toB::add);
    assertThat(toB).hasSize(10);
    UtpPacket lost = toB.remove(0);
    now += MS;
    for (UtpPacket p : new ArrayList<>(toB)) {
      b.onPacket(p, now, toA::add);
    }
    toB.clear();
    assertThat(toA).allMatch(p -> p.selectiveAck() != null);
    for (UtpPacket p : new ArrayList<>(toA)) {
      a.onPacket(p, now + MS, toB::add); // well before the 500 ms timeout
    }
    assertThat(toB).anyMatch(p -> p.type() == UtpPacket.Type.DATA && p.seqNr() == lost.seqNr());
    toA.clear();
    exchange(a, toB, b, toA, now + 2 * MS);
    byte[] got = new byte[20 * UtpConnection.MAX_PAYLOAD];
    assertThat(b.read(got, 0, got.length, now, toA::add)).isEqualTo(10 * UtpConnection.MAX_PAYLOAD);
    assertThat(Arrays.copyOf(got, 10 * UtpConnection.MAX_PAYLOAD)).isEqualTo(data(10 * UtpConnection.MAX_PAYLOAD, 5));
  }
}
