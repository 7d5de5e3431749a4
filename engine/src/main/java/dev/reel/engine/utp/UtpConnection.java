package dev.reel.engine.utp;

import dev.reel.engine.utp.UtpPacket.Type;
import java.util.concurrent.TimeUnit;

/**
 * One uTP connection's state machine (BEP 29), without sockets or threads: packets come in through {@link #onPacket},
 * bytes through {@link #write}, time through {@link #tick}; everything it sends goes to the {@link Output} passed to
 * each call. Reliable ordered delivery with 16-bit sequence and ack numbers, selective ACKs, retransmission after a
 * TCP-like timeout ({@code max(rtt + 4 rttvar, 500 ms)}, doubled on each consecutive timeout), fast retransmit after
 * three duplicate ACKs or three selective ACKs past a hole, {@link Ledbat} congestion control capped by the peer's
 * advertised window, and FIN/RESET. Data is cut into packets of at most {@link #MAX_PAYLOAD} bytes as soon as the
 * window allows (no Nagle delay).
 *
 * <p>Not thread-safe: the owner serialises all calls (see {@link UtpSocket}). Never blocks.
 */
public final class UtpConnection {
  /** Largest payload of one packet: 1400 bytes on the wire minus the header (a selective ACK may add 34). */
  public static final int MAX_PAYLOAD = 1400 - UtpPacket.HEADER;
  /** Bytes we buffer for the application to read; the advertised window is what is left of it. */
  public static final int RECV_BUFFER = 1 << 20;
  /** Bytes the application may write ahead of what the window lets us send. */
  public static final int SEND_BUFFER = 256 << 10;
  static final long INITIAL_RTO_MICROS = 1_000_000;
  static final long MIN_RTO_MICROS = 500_000;
  static final long MAX_RTO_MICROS = 30_000_000;
  /** SYN transmissions before a connect fails (1 + 2 + 4 s of waiting). */
  static final int MAX_SYN_TRANSMISSIONS = 3;
  /** Consecutive timeouts without progress before the connection is declared dead. */
  static final int MAX_TIMEOUTS = 6;
  /** Duplicate ACKs (or selective ACKs past a hole) that mark a packet lost. */
  static final int DUPLICATE_ACKS = 3;
  /** A delayed ACK goes out after this many full in-order packets. */
  static final int DELAYED_ACK_PACKETS = 2;
  /** Shorter packets are acknowledged at once: they probably end a burst. */
  static final int DELAYED_ACK_MIN_PAYLOAD = 1000;
  /** Slots of the in-flight and reorder rings; a sequence distance at least this far is refused. */
  static final int RING = 4096;
  static final int MAX_AHEAD = RING - 96;
  /** Bits of selective ACK we write (32 bytes), as libutp does. */
  static final int SACK_BYTES_WRITTEN = 32;
  /** Nothing heard for this long after our FIN was acknowledged: the connection is finished. */
  static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(20);

  /** Where packets go. */
  @FunctionalInterface
  public interface Output {
    void send(UtpPacket packet);
  }

  /** Connection states. */
  public enum State {
    /** We sent a SYN and wait for the answer. */
    SYN_SENT,
    /** Established (an accepted connection is established as soon as it answers the SYN). */
    CONNECTED,
    /** The peer reset the connection. */
    RESET,
    /** The peer stopped answering (SYN or data retransmitted too often). */
    TIMED_OUT,
    /** Both sides' FINs are done, or we closed and the peer went quiet. */
    CLOSED
  }

  private static final class Sent {
    final int seq;
    final Type type;
    final byte[] payload;
    long sentNanos;
    int transmissions;
    boolean needResend;

    Sent(int seq, Type type, byte[] payload) {
      this.seq = seq;
      this.type = type;
      this.payload = payload;
    }
  }

  private final int recvId;
  private final int sendId;
  private State state;
  private int seqNr;
  private int ackNr;
  private final Ledbat cc = new Ledbat(MAX_PAYLOAD);

  // send side
  private final ByteQueue sendBuffer = new ByteQueue();
  private final Sent[] inFlight = new Sent[RING];
  private int oldestSeq;
  private long inFlightBytes;
  private long peerWindow = MAX_PAYLOAD;
  private int peerAck = -1;
  private int duplicateAcks;
  private int recoverySeq;
  private boolean inRecovery;
  private long srttMicros = -1;
  private long rttVarMicros;
  private long rtoMicros = INITIAL_RTO_MICROS;
  private long timeoutAt;
  private int consecutiveTimeouts;
  private boolean closing;
  private boolean finSent;
  private boolean finAcked;
  private long closedAtNanos;

  // receive side
  private final ByteQueue received = new ByteQueue();
  private final byte[][] reorder = new byte[RING][];
  private int reorderCount;
  private long reorderBytes;
  private boolean peerFin;
  private int peerFinSeq;
  private boolean eof;
  private int replyDelayMicros;
  private boolean ackPending;
  /** In-order data packets received since our last packet to the peer. */
  private int unackedPackets;
  /** The ACK owed may wait for the next packet or the next tick (delayed ACK). */
  private boolean ackMayWait;
  private long lastAdvertised = RECV_BUFFER;
  private long lastHeardNanos;

  private UtpConnection(int recvId, int sendId, int seqNr, long nowNanos) {
    this.recvId = recvId & 0xFFFF;
    this.sendId = sendId & 0xFFFF;
    this.seqNr = seqNr & 0xFFFF;
    this.oldestSeq = this.seqNr;
    this.lastHeardNanos = nowNanos;
  }

  /** Opens a connection: sends a SYN with connection id {@code recvId}; we send with {@code recvId + 1}. */
  public static UtpConnection connect(int recvId, int initialSeq, long nowNanos, Output out) {
    UtpConnection c = new UtpConnection(recvId, recvId + 1, initialSeq, nowNanos);
    c.state = State.SYN_SENT;
    c.sendNew(Type.SYN, new byte[0], nowNanos, out);
    return c;
  }

  /** Accepts a SYN: answers with an {@code ST_STATE}; the connection is established at once. */
  public static UtpConnection accept(UtpPacket syn, int initialSeq, long nowNanos, Output out) {
    if (syn.type() != Type.SYN) {
      throw new IllegalArgumentException("not a SYN: " + syn);
    }
    UtpConnection c = new UtpConnection(syn.connectionId() + 1, syn.connectionId(), initialSeq, nowNanos);
    c.state = State.CONNECTED;
    c.ackNr = syn.seqNr();
    c.peerWindow = syn.windowSize();
    c.replyDelayMicros = micros(nowNanos) - syn.timestampMicros();
    c.sendState(nowNanos, out);
    return c;
  }

  /** The connection id the peer puts in packets to us. */
  public int recvId() {
    return recvId;
  }

  public State state() {
    return state;
  }

  /** True once the connection can carry data. */
  public boolean isConnected() {
    return state == State.CONNECTED;
  }

  /** True when nothing more will happen: reset, timed out, or closed on both sides. */
  public boolean isFinished() {
    return state == State.RESET || state == State.TIMED_OUT || state == State.CLOSED;
  }

  /** The congestion controller (for tests and status). */
  public Ledbat congestion() {
    return cc;
  }

  /** Current retransmission timeout in microseconds. */
  public long rtoMicros() {
    return rtoMicros;
  }

  /** Bytes the application may still write without {@link #write} refusing them. */
  public long writable() {
    return closing || isFinished() ? 0 : SEND_BUFFER - sendBuffer.size();
  }

  /** Bytes queued or in flight that the peer has not acknowledged yet. */
  public long unacknowledged() {
    return sendBuffer.size() + inFlightCount() * (long) MAX_PAYLOAD;
  }

  /** Bytes ready for {@link #read}. */
  public long readable() {
    return received.size();
  }

  /** True once every byte up to the peer's FIN was read (or the connection died). */
  public boolean atEof() {
    return eof && received.isEmpty();
  }

  /** Takes up to {@code len} bytes of {@code b} into the send buffer and sends what the window allows. */
  public int write(byte[] b, int off, int len, long nowNanos, Output out) {
    int n = (int) Math.min(len, writable());
    if (n <= 0) {
      return 0;
    }
    byte[] chunk = new byte[n];
    System.arraycopy(b, off, chunk, 0, n);
    sendBuffer.add(chunk);
    flush(nowNanos, out);
    return n;
  }

  /**
   * Moves received bytes into {@code b}: the count, 0 if none are there yet, or -1 at the end of the peer's stream
   * (FIN) or of a dead connection. May send a window update.
   */
  public int read(byte[] b, int off, int len, long nowNanos, Output out) {
    if (received.isEmpty()) {
      return eof || isFinished() ? -1 : 0;
    }
    int n = received.read(b, off, len);
    long window = window();
    if (state == State.CONNECTED && (window >= lastAdvertised + RECV_BUFFER / 4
        || lastAdvertised < MAX_PAYLOAD && window >= MAX_PAYLOAD)) {
      sendState(nowNanos, out); // window update
    }
    return n;
  }

  /** Closes our direction gracefully: a FIN follows the buffered data. Reading stays possible. Idempotent. */
  public void close(long nowNanos, Output out) {
    if (!closing) {
      closing = true;
      closedAtNanos = nowNanos;
      flush(nowNanos, out);
    }
  }

  /** Aborts: sends an {@code ST_RESET} and drops everything. */
  public void reset(long nowNanos, Output out) {
    if (!isFinished()) {
      out.send(packet(Type.RESET, seqNr, null, nowNanos));
      state = State.RESET;
    }
  }

  /**
   * Runs the retransmission timer and the close linger, and sends a delayed ACK. Call every few tens of milliseconds.
   */
  public void tick(long nowNanos, Output out) {
    if (isFinished()) {
      return;
    }
    if (finAcked && inFlightCount() == 0 && (eof || nowNanos - lastHeardNanos >= LINGER_NANOS)) {
      state = State.CLOSED;
      return;
    }
    if (closing && nowNanos - closedAtNanos >= 4 * LINGER_NANOS) {
      state = State.CLOSED; // the peer never acknowledged our FIN
      return;
    }
    if (timeoutAt != 0 && nowNanos - timeoutAt >= 0) {
      onTimeout(nowNanos, out);
    }
    if (ackPending && state == State.CONNECTED) {
      sendState(nowNanos, out); // a delayed ACK
    }
  }

  /** Handles one packet addressed to this connection. */
  public void onPacket(UtpPacket p, long nowNanos, Output out) {
    if (isFinished()) {
      return;
    }
    lastHeardNanos = nowNanos;
    if (p.type() == Type.RESET) {
      state = State.RESET;
      return;
    }
    if (p.type() == Type.SYN) {
      if (state == State.CONNECTED) {
        sendState(nowNanos, out); // our answer was lost: answer again
      }
      return;
    }
    replyDelayMicros = micros(nowNanos) - p.timestampMicros();
    peerWindow = p.windowSize();
    if (state == State.SYN_SENT) {
      state = State.CONNECTED;
      ackNr = (p.seqNr() - 1) & 0xFFFF; // an ST_STATE carries the next sequence number the peer will use
    }
    cc.onDelaySample(p.timestampDiffMicros(), nowNanos);
    onAck(p, nowNanos, out);
    if (p.type() == Type.DATA || p.type() == Type.FIN) {
      onData(p);
    }
    flush(nowNanos, out);
  }

  // ---- acknowledgements and loss ----

  private void onAck(UtpPacket p, long nowNanos, Output out) {
    int inFlightPackets = inFlightCount();
    if (inFlightPackets == 0) {
      return;
    }
    int acked = (p.ackNr() - oldestSeq) & 0xFFFF; // packets newly acked cumulatively, minus one
    boolean advanced = acked < inFlightPackets;
    long bytesBefore = inFlightBytes;
    long ackedBytes = 0;
    if (advanced) {
      for (int i = 0; i <= acked; i++) {
        ackedBytes += acknowledge((oldestSeq + i) & 0xFFFF, nowNanos);
      }
    }
    int sackedPastHole = 0;
    if (p.selectiveAck() != null) {
      int bits = p.selectiveAck().length * 8;
      for (int i = 0; i < bits; i++) {
        int seq = (p.ackNr() + 2 + i) & 0xFFFF;
        if (p.selectivelyAcks(seq) && inWindow(seq)) {
          ackedBytes += acknowledge(seq, nowNanos);
        }
      }
      // holes with at least DUPLICATE_ACKS selectively acked packets after them are lost
      int after = 0;
      for (int i = bits - 1; i >= -1; i--) {
        int seq = (p.ackNr() + 2 + i) & 0xFFFF;
        if (!inWindow(seq)) {
          continue;
        }
        if (p.selectivelyAcks(seq)) {
          after++;
        } else if (after >= DUPLICATE_ACKS && inFlight[seq & (RING - 1)] != null) {
          sackedPastHole++;
          markLost(seq, nowNanos);
        }
      }
    }
    while (inFlightCount() > 0 && inFlight[oldestSeq & (RING - 1)] == null) {
      oldestSeq = (oldestSeq + 1) & 0xFFFF;
    }
    if (advanced || ackedBytes > 0) {
      duplicateAcks = 0;
      consecutiveTimeouts = 0;
      peerAck = p.ackNr();
      cc.onAck(ackedBytes, bytesBefore + MAX_PAYLOAD > cc.window());
      timeoutAt = inFlightCount() > 0 ? nowNanos + rtoMicros * 1000 : 0;
      if (inRecovery && ((oldestSeq - recoverySeq) & 0x8000) == 0) {
        inRecovery = false;
      }
    } else if (p.type() == Type.STATE && p.ackNr() == peerAck && sackedPastHole == 0) {
      if (++duplicateAcks == DUPLICATE_ACKS) {
        markLost((p.ackNr() + 1) & 0xFFFF, nowNanos);
      }
    } else {
      peerAck = p.ackNr();
    }
  }

  /** True if {@code seq} was sent and not yet cumulatively acknowledged. */
  private boolean inWindow(int seq) {
    return ((seq - oldestSeq) & 0xFFFF) < inFlightCount();
  }

  /** Forgets an acknowledged packet; returns its payload size. Updates the RTT from first transmissions only. */
  private long acknowledge(int seq, long nowNanos) {
    int slot = seq & (RING - 1);
    Sent s = inFlight[slot];
    if (s == null || s.seq != seq) {
      return 0;
    }
    inFlight[slot] = null;
    if (!s.needResend) {
      inFlightBytes -= s.payload.length;
    }
    if (s.type == Type.FIN) {
      finAcked = true;
    }
    if (s.transmissions == 1) {
      long sample = Math.max(0, (nowNanos - s.sentNanos) / 1000);
      if (srttMicros < 0) {
        srttMicros = sample;
        rttVarMicros = sample / 2;
      } else {
        long delta = srttMicros - sample;
        rttVarMicros += (Math.abs(delta) - rttVarMicros) / 4;
        srttMicros += (sample - srttMicros) / 8;
      }
      rtoMicros = Math.max(MIN_RTO_MICROS, srttMicros + 4 * rttVarMicros);
    }
    return s.payload.length;
  }

  /** Marks a packet for immediate resending; the first loss of a window halves it. */
  private void markLost(int seq, long nowNanos) {
    Sent s = inFlight[seq & (RING - 1)];
    if (s == null || s.seq != seq || s.needResend) {
      return;
    }
    s.needResend = true;
    inFlightBytes -= s.payload.length;
    if (!inRecovery) {
      inRecovery = true;
      recoverySeq = seqNr;
      cc.onLoss();
    }
  }

  private void onTimeout(long nowNanos, Output out) {
    if (inFlightCount() == 0 && sendBuffer.isEmpty()) {
      timeoutAt = 0; // nothing to retransmit or probe
      return;
    }
    consecutiveTimeouts++;
    if (state == State.SYN_SENT && consecutiveTimeouts >= MAX_SYN_TRANSMISSIONS
        || consecutiveTimeouts > MAX_TIMEOUTS) {
      state = State.TIMED_OUT;
      timeoutAt = 0;
      return;
    }
    rtoMicros = Math.min(MAX_RTO_MICROS, rtoMicros * 2);
    for (int i = 0, n = inFlightCount(); i < n; i++) {
      Sent s = inFlight[(oldestSeq + i) & (RING - 1)];
      if (s != null && !s.needResend) {
        s.needResend = true;
        inFlightBytes -= s.payload.length;
      }
    }
    cc.onTimeout();
    inRecovery = false;
    timeoutAt = nowNanos + rtoMicros * 1000;
    if (inFlightCount() == 0 && !sendBuffer.isEmpty()) {
      // zero-window probe: one packet even though the peer advertised no room
      sendData(nowNanos, out, true);
    }
    flush(nowNanos, out);
  }

  // ---- receiving ----

  private void onData(UtpPacket p) {
    ackPending = true;
    int ahead = (p.seqNr() - ackNr - 1) & 0xFFFF;
    // Delayed ACK: every second full in-order packet, at once for anything else (a hole, a duplicate, a FIN, a
    // short packet that probably ends a burst); the tick sends what is still owed.
    ackMayWait = ahead == 0 && p.type() == Type.DATA && reorderCount == 0
        && p.payload().length >= DELAYED_ACK_MIN_PAYLOAD && ++unackedPackets < DELAYED_ACK_PACKETS;
    if (ahead >= MAX_AHEAD) {
      return; // old duplicate (or absurdly far ahead): just acknowledge
    }
    if (p.type() == Type.FIN) {
      if (!peerFin) {
        peerFin = true;
        peerFinSeq = p.seqNr();
      }
    }
    if (ahead == 0) {
      deliver(p.payload());
      while (true) {
        int next = (ackNr + 1) & 0xFFFF;
        byte[] stored = reorder[next & (RING - 1)];
        if (stored == null) {
          break;
        }
        reorder[next & (RING - 1)] = null;
        reorderCount--;
        reorderBytes -= stored.length;
        deliver(stored);
      }
    } else if (reorder[p.seqNr() & (RING - 1)] == null && reorderBytes + received.size() < 2L * RECV_BUFFER) {
      reorder[p.seqNr() & (RING - 1)] = p.payload();
      reorderCount++;
      reorderBytes += p.payload().length;
    }
  }

  private void deliver(byte[] payload) {
    ackNr = (ackNr + 1) & 0xFFFF;
    received.add(payload);
    if (peerFin && ackNr == peerFinSeq) {
      eof = true;
      // nothing can follow the FIN
      java.util.Arrays.fill(reorder, null);
      reorderCount = 0;
      reorderBytes = 0;
    }
  }

  private long window() {
    return Math.max(0, RECV_BUFFER - received.size() - reorderBytes);
  }

  // ---- sending ----

  private int inFlightCount() {
    return (seqNr - oldestSeq) & 0xFFFF;
  }

  private long sendWindow() {
    return Math.min(cc.window(), peerWindow);
  }

  /** Resends lost packets, sends new data and our FIN as the windows allow, and an ACK if one is owed. */
  private void flush(long nowNanos, Output out) {
    if (state == State.CONNECTED || state == State.SYN_SENT) {
      for (int i = 0, n = inFlightCount(); i < n; i++) {
        Sent s = inFlight[(oldestSeq + i) & (RING - 1)];
        if (s == null || !s.needResend) {
          continue;
        }
        if (inFlightBytes > 0 && inFlightBytes + s.payload.length > sendWindow()) {
          break;
        }
        s.needResend = false;
        inFlightBytes += s.payload.length;
        transmit(s, nowNanos, out);
      }
      while (state == State.CONNECTED && !sendBuffer.isEmpty() && sendData(nowNanos, out, false)) {
        // keep cutting packets
      }
      if (state == State.CONNECTED && closing && !finSent && sendBuffer.isEmpty() && inFlightCount() < MAX_AHEAD) {
        finSent = true;
        sendNew(Type.FIN, new byte[0], nowNanos, out);
      }
    }
    if (ackPending && !ackMayWait && state == State.CONNECTED) {
      sendState(nowNanos, out);
    }
  }

  /** Sends one data packet if the windows (or {@code force}) allow; returns whether it did. */
  private boolean sendData(long nowNanos, Output out, boolean force) {
    if (inFlightCount() >= MAX_AHEAD) {
      return false;
    }
    int size = (int) Math.min(MAX_PAYLOAD, sendBuffer.size());
    if (!force && inFlightBytes + size > sendWindow() && (inFlightBytes > 0 || peerWindow < size)) {
      if (inFlightCount() == 0 && timeoutAt == 0) {
        timeoutAt = nowNanos + rtoMicros * 1000; // probe the zero window later
      }
      return false;
    }
    sendNew(Type.DATA, sendBuffer.take(size), nowNanos, out);
    return true;
  }

  private void sendNew(Type type, byte[] payload, long nowNanos, Output out) {
    Sent s = new Sent(seqNr, type, payload);
    inFlight[seqNr & (RING - 1)] = s;
    seqNr = (seqNr + 1) & 0xFFFF;
    inFlightBytes += payload.length;
    transmit(s, nowNanos, out);
  }

  private void transmit(Sent s, long nowNanos, Output out) {
    s.transmissions++;
    s.sentNanos = nowNanos;
    if (timeoutAt == 0) {
      timeoutAt = nowNanos + rtoMicros * 1000;
    }
    if (s.type == Type.SYN) {
      out.send(new UtpPacket(Type.SYN, recvId, micros(nowNanos), 0, window(), s.seq, 0, null, null));
      return;
    }
    out.send(packet(s.type, s.seq, s.payload, nowNanos));
  }

  private void sendState(long nowNanos, Output out) {
    out.send(packet(Type.STATE, seqNr, null, nowNanos));
  }

  /** A packet carrying our current ack number, window and, if packets are missing, a selective ACK. */
  private UtpPacket packet(Type type, int seq, byte[] payload, long nowNanos) {
    ackPending = false;
    ackMayWait = false;
    unackedPackets = 0;
    lastAdvertised = window();
    return new UtpPacket(type, sendId, micros(nowNanos), replyDelayMicros, lastAdvertised, seq, ackNr,
        selectiveAck(), payload);
  }

  private byte[] selectiveAck() {
    if (reorderCount == 0) {
      return null;
    }
    byte[] mask = new byte[SACK_BYTES_WRITTEN];
    int last = -1;
    for (int i = 0; i < SACK_BYTES_WRITTEN * 8; i++) {
      int seq = (ackNr + 2 + i) & 0xFFFF;
      if (reorder[seq & (RING - 1)] != null) {
        mask[i >>> 3] |= (byte) (1 << (i & 7));
        last = i;
      }
    }
    if (last < 0) {
      return null;
    }
    int bytes = (last / 32 + 1) * 4;
    return bytes == mask.length ? mask : java.util.Arrays.copyOf(mask, bytes);
  }

  static int micros(long nowNanos) {
    return (int) (nowNanos / 1000);
  }

  @Override
  public String toString() {
    return "UtpConnection[" + state + " recv=" + recvId + " send=" + sendId + " seq=" + seqNr + " ack=" + ackNr
        + " inFlight=" + inFlightCount() + " window=" + cc.window() + " peerWindow=" + peerWindow + "]";
  }
}
