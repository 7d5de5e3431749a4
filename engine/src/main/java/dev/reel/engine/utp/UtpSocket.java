package dev.reel.engine.utp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connected uTP stream (BEP 29) behind the {@link Socket} API, so peer code written for TCP runs over uTP unchanged:
 * {@link #getInputStream()} blocks until bytes arrive (honouring {@link #setSoTimeout}), {@link #getOutputStream()}
 * blocks while the send buffer is full, {@link #close()} sends a FIN after the buffered bytes and wakes blocked
 * readers and writers with a {@link SocketException}. Made by {@link UtpEndpoint#connect} and {@link
 * UtpEndpoint#accept}; {@link #connect(SocketAddress, int)} is not supported.
 *
 * <p>Thread-safe: one lock guards the {@link UtpConnection}; one reader and one writer thread may block at once. Other
 * {@link Socket} methods that make no sense for uTP ({@code getChannel}, socket options other than the timeout and
 * {@code TCP_NODELAY}) are not supported.
 */
public final class UtpSocket extends Socket {
  private final UtpEndpoint endpoint;
  private final InetSocketAddress remote;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final UtpConnection.Output out;
  private final InputStream input = new In();
  private final OutputStream output = new Out();
  private UtpConnection conn;
  private volatile int soTimeoutMillis;
  private volatile boolean closed;

  UtpSocket(UtpEndpoint endpoint, InetSocketAddress remote) throws SocketException {
    super((java.net.SocketImpl) null);
    this.endpoint = endpoint;
    this.remote = Objects.requireNonNull(remote);
    this.out = p -> endpoint.send(p, remote);
  }

  /** Runs {@code init} under the lock to make the connection (its first packet goes out through our output). */
  void init(java.util.function.Function<UtpConnection.Output, UtpConnection> init) {
    lock.lock();
    try {
      conn = init.apply(out);
    } finally {
      lock.unlock();
    }
  }

  int recvId() {
    return conn.recvId();
  }

  void onPacket(UtpPacket p, long nowNanos) {
    lock.lock();
    try {
      UtpConnection.State state = conn.state();
      long readable = conn.readable();
      long writable = conn.writable();
      conn.onPacket(p, nowNanos, out);
      wakeIfChanged(state, readable, writable);
    } finally {
      lock.unlock();
    }
  }

  /** Runs timers; returns true once the connection is finished and can be forgotten. */
  boolean tick(long nowNanos) {
    lock.lock();
    try {
      UtpConnection.State state = conn.state();
      long readable = conn.readable();
      long writable = conn.writable();
      conn.tick(nowNanos, out);
      wakeIfChanged(state, readable, writable);
      return conn.isFinished();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes blocked readers and writers when there is something new for them (bytes, room, end, failure). */
  private void wakeIfChanged(UtpConnection.State state, long readable, long writable) {
    if (conn.state() != state || conn.readable() > readable || conn.writable() > writable || conn.atEof()) {
      changed.signalAll();
    }
  }

  /** Waits until the SYN was answered; fails on timeout, reset, or after {@code timeoutMillis}. */
  void awaitConnected(int timeoutMillis) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    lock.lock();
    try {
      while (conn.state() == UtpConnection.State.SYN_SENT) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          throw new SocketTimeoutException("uTP connect to " + remote + " timed out");
        }
        changed.awaitNanos(left);
      }
      if (!conn.isConnected()) {
        throw new SocketException("uTP connect to " + remote + " failed: " + conn.state());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SocketException("interrupted while connecting");
    } finally {
      lock.unlock();
    }
  }

  /** The connection state (tests, diagnostics). */
  public UtpConnection.State state() {
    lock.lock();
    try {
      return conn.state();
    } finally {
      lock.unlock();
    }
  }

  private IOException failure() {
    if (closed) {
      return new SocketException("Socket closed");
    }
    return switch (conn.state()) {
      case RESET -> new SocketException("uTP connection reset by peer");
      case TIMED_OUT -> new SocketException("uTP connection timed out");
      default -> new SocketException("uTP connection closed");
    };
  }

  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      int timeout = soTimeoutMillis;
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
      lock.lock();
      try {
        while (true) {
          if (closed) {
            throw failure();
          }
          int n = conn.read(b, off, len, System.nanoTime(), out);
          if (n > 0) {
            return n;
          }
          if (n < 0) {
            if (conn.state() == UtpConnection.State.RESET || conn.state() == UtpConnection.State.TIMED_OUT) {
              throw failure();
            }
            return -1;
          }
          if (timeout > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              throw new SocketTimeoutException("Read timed out");
            }
            changed.awaitNanos(left);
          } else {
            changed.await();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SocketException("interrupted");
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int available() {
      lock.lock();
      try {
        return (int) Math.min(Integer.MAX_VALUE, conn.readable());
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      UtpSocket.this.close();
    }
  }

  private final class Out extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      lock.lock();
      try {
        while (len > 0) {
          if (closed || conn.isFinished()) {
            throw failure();
          }
          int n = conn.write(b, off, len, System.nanoTime(), out);
          off += n;
          len -= n;
          if (len > 0 && n == 0) {
            changed.await();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SocketException("interrupted");
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      UtpSocket.this.close();
    }
  }

  @Override
  public InputStream getInputStream() throws IOException {
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    return input;
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    return output;
  }

  /** Sends a FIN after the buffered bytes and wakes blocked threads; the endpoint forgets the connection later. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    lock.lock();
    try {
      if (conn != null) {
        conn.close(System.nanoTime(), out);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void shutdownOutput() {
    lock.lock();
    try {
      conn.close(System.nanoTime(), out);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean isConnected() {
    return true;
  }

  @Override
  public boolean isBound() {
    return true;
  }

  @Override
  public void connect(SocketAddress endpoint, int timeout) {
    throw new UnsupportedOperationException("use UtpEndpoint.connect");
  }

  @Override
  public void setSoTimeout(int timeout) {
    this.soTimeoutMillis = timeout;
  }

  @Override
  public int getSoTimeout() {
    return soTimeoutMillis;
  }

  @Override
  public void setTcpNoDelay(boolean on) {
    // uTP never delays packets
  }

  @Override
  public boolean getTcpNoDelay() {
    return true;
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return remote;
  }

  @Override
  public InetAddress getInetAddress() {
    return remote.getAddress();
  }

  @Override
  public int getPort() {
    return remote.getPort();
  }

  @Override
  public int getLocalPort() {
    return endpoint.port();
  }

  @Override
  public String toString() {
    return "UtpSocket[" + remote + "]";
  }
}
