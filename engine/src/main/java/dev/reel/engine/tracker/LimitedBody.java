package dev.reel.engine.tracker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects an HTTP response body up to a byte limit and fails with {@link TooLarge} past it, cancelling the transfer
 * before more is buffered. A declared {@code Content-Length} over the limit fails before any byte is read.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
  /** The body (or its declared length) exceeded the limit. */
  static final class TooLarge extends IOException {
    TooLarge(long limit) {
      super("response exceeds the limit of " + limit + " bytes");
    }
  }

  static HttpResponse.BodyHandler<byte[]> handler(int limit) {
    return info -> {
      long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      return new LimitedBody(limit, declared > limit);
    };
  }

  private final int limit;
  private final boolean refuse;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private LimitedBody(int limit, boolean refuse) {
    this.limit = limit;
    this.refuse = refuse;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (refuse) {
      s.cancel();
      result.completeExceptionally(new TooLarge(limit));
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      if (out.size() + (long) b.remaining() > limit) {
        subscription.cancel();
        result.completeExceptionally(new TooLarge(limit));
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      out.writeBytes(chunk);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(out.toByteArray());
  }
}
