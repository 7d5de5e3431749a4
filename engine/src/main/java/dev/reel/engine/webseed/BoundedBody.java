package dev.reel.engine.webseed;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Receives a response body into a buffer that must be filled exactly: more bytes than it holds cancel the exchange
 * (so a server cannot make us read more than we asked), fewer fail it. {@link #cancel()} stops it at once and
 * guarantees that no byte is written into the buffer afterwards, so the caller may reuse it after a timeout.
 *
 * <p>Thread-safety: the HTTP client's threads call the subscriber methods; {@link #cancel()} may be called from any
 * thread. All state is guarded by the instance lock.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<Void> {
  private final ByteBuffer target;
  private final String what;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private Flow.Subscription subscription;
  private boolean cancelled;
  private volatile long lastProgressNanos = System.nanoTime();

  /** @param target receives the body from its position to its limit */
  BoundedBody(ByteBuffer target, String what) {
    this.target = target;
    this.what = what;
  }

  /** A subscriber that refuses the body at once (closing the connection) and fails with {@code failure}. */
  static BoundedBody refusing(WebSeedException failure) {
    BoundedBody b = new BoundedBody(ByteBuffer.allocate(0), "refused");
    b.cancelled = true;
    b.done.completeExceptionally(failure);
    return b;
  }

  @Override
  public synchronized void onSubscribe(Flow.Subscription s) {
    if (cancelled || done.isDone()) {
      s.cancel();
      return;
    }
    subscription = s;
    s.request(1);
  }

  @Override
  public synchronized void onNext(List<ByteBuffer> items) {
    if (cancelled || done.isDone()) {
      return;
    }
    lastProgressNanos = System.nanoTime();
    for (ByteBuffer b : items) {
      if (b.remaining() > target.remaining()) {
        fail(new WebSeedException(WebSeedException.Kind.BAD_RESPONSE,
            what + ": the body is longer than the " + target.limit() + " bytes asked for"));
        return;
      }
      target.put(b);
    }
    subscription.request(1);
  }

  @Override
  public synchronized void onError(Throwable t) {
    done.completeExceptionally(t);
  }

  @Override
  public synchronized void onComplete() {
    if (target.hasRemaining()) {
      done.completeExceptionally(new WebSeedException(WebSeedException.Kind.BAD_RESPONSE,
          what + ": the body ended " + target.remaining() + " bytes short"));
    } else {
      done.complete(null);
    }
  }

  @Override
  public CompletionStage<Void> getBody() {
    return done;
  }

  /** The buffer the body goes into. */
  ByteBuffer target() {
    return target;
  }

  /** When bytes last arrived (or the headers, before any body byte). */
  long lastProgressNanos() {
    return lastProgressNanos;
  }

  /** Stops receiving; no byte reaches the buffer after this returns. Idempotent. */
  synchronized void cancel() {
    cancelled = true;
    if (subscription != null) {
      subscription.cancel();
    }
    done.completeExceptionally(new WebSeedException(WebSeedException.Kind.TIMEOUT, what + ": cancelled"));
  }

  private void fail(WebSeedException e) {
    cancelled = true;
    subscription.cancel();
    done.completeExceptionally(e);
  }
}
