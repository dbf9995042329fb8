package io.identsphere.internal.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTP exchange bounded in size and in time. The request's timeout is a deadline for the whole
 * exchange, measured from the send to the last body byte. {@link HttpRequest#timeout()} alone only
 * covers the wait for the response headers, so a server that sends its headers and then drips the
 * body could otherwise hold a caller for as long as it likes.
 *
 * <p>At the deadline the answer fails with {@link Http.Failure#TIMEOUT}, the body subscription is
 * cancelled and the exchange is cancelled, so the JDK client closes the connection instead of
 * keeping it busy; no thread stays blocked.
 *
 * <p>Timer: {@link CompletableFuture#orTimeout}, that is the JDK's shared daemon delay scheduler;
 * this class starts no thread of its own. The scheduled check is cancelled when the exchange ends
 * first, so a finished exchange leaves nothing behind.
 */
final class BoundedExchange {
  private BoundedExchange() {}

  static CompletableFuture<Http.Result> send(HttpClient client, HttpRequest request, int maxBytes) {
    Optional<Duration> timeout = request.timeout();
    AtomicReference<LimitedBody> body = new AtomicReference<>();
    CompletableFuture<Http.Result> answer = new CompletableFuture<>();
    CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, info -> {
      LimitedBody b = new LimitedBody(maxBytes);
      body.set(b);
      if (answer.isDone()) b.abort(); // the deadline passed while the headers arrived
      return b;
    });
    exchange.whenComplete((r, t) -> {
      if (t != null) {
        answer.completeExceptionally(Http.classify(t, request.uri(), timeout.orElse(null)));
      } else {
        answer.complete(new Http.Result(r.statusCode(), r.headers(), r.body()));
      }
    });
    if (timeout.isEmpty()) return answer;
    answer.orTimeout(millis(timeout.get()), TimeUnit.MILLISECONDS);
    answer.whenComplete((r, t) -> {
      if (t == null) return;
      LimitedBody b = body.get();
      if (b != null) b.abort();
      exchange.cancel(true);
    });
    return answer.handle((r, t) -> {
      if (t == null) return r;
      Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
      if (c instanceof TimeoutException) {
        throw timedOut(request.uri(), timeout.get());
      }
      if (c instanceof RuntimeException) throw (RuntimeException) c;
      throw new CompletionException(c);
    });
  }

  static Http.TransportException timedOut(URI uri, Duration timeout) {
    return new Http.TransportException(Http.Failure.TIMEOUT, "no complete answer from " + Http.safe(uri) + " within "
        + describe(timeout) + " (the request timeout covers the whole exchange, body included)", null);
  }

  static String describe(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  private static long millis(Duration d) {
    try {
      return Math.max(1, d.toMillis());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
