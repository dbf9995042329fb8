package io.identsphere.internal.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A body subscriber that keeps at most {@code max} bytes and fails (cancelling the stream) beyond.
 * {@link #abort()} may be called from any thread (the deadline's); the JDK client calls the
 * {@code on*} methods one at a time.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(int max) {
      super("response body larger than " + max + " bytes", null, false, false);
    }
  }

  private final int max;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;
  private volatile boolean aborted;

  LimitedBody(int max) {
    this.max = max;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    this.subscription = s;
    if (aborted) {
      s.cancel();
      return;
    }
    s.request(Long.MAX_VALUE);
  }

  /**
   * Stops reading: cancels the subscription (now, or as soon as it arrives), which makes the JDK
   * client close the connection, and fails the body. Idempotent.
   */
  void abort() {
    aborted = true;
    result.completeExceptionally(new CancellationException("body read aborted"));
    Flow.Subscription s = subscription;
    if (s != null) s.cancel();
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) return;
    Flow.Subscription s = subscription;
    for (ByteBuffer b : items) {
      if (out.size() + b.remaining() > max) {
        result.completeExceptionally(new TooLarge(max));
        s.cancel();
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      out.write(chunk, 0, chunk.length);
    }
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
