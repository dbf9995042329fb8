package io.identsphere.oidc;

import io.identsphere.internal.text.Untrusted;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import io.identsphere.internal.watch.OncePer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The latest good result of a remote fetch, refreshed by at most one fetch at a time (single
 * flight, shared by everyone who needs it), and after a failed fetch by none before a back-off has
 * passed, whoever asks. Failures are logged at {@code WARNING}, at most once a minute (with the
 * number of failures in between), and each is reported to a hook.
 *
 * <p>Thread-safe. Owns no threads: fetches complete on whatever executor the source uses.
 *
 * @param <T> the fetched value
 */
final class SharedFetch<T> {
  private final Supplier<CompletableFuture<T>> source;
  private final Clock clock;
  private final Duration backoff;
  private final System.Logger log;
  private final String what;
  private final Consumer<IdentityServerException> onFailure;
  private final OncePer warnings;

  private volatile T latest;
  private final AtomicReference<CompletableFuture<T>> inflight = new AtomicReference<>();
  /** No fetch starts before this instant. Written before {@link #inflight} is cleared. */
  private volatile Instant nextAttempt = Instant.MIN;
  private volatile IdentityServerException lastFailure;

  /**
   * Sets up the fetch; nothing is fetched until asked.
   *
   * @param source starts one fetch; its future fails with an {@link IdentityServerException}
   * @param clock the time source of the back-off
   * @param backoff the least time after a failure before the next fetch
   * @param log where failures are logged
   * @param what the fetched thing, for the log line ("JWK Set")
   * @param onFailure told of each failure (must not throw)
   */
  SharedFetch(Supplier<CompletableFuture<T>> source, Clock clock, Duration backoff, System.Logger log, String what,
      Consumer<IdentityServerException> onFailure) {
    this.onFailure = onFailure;
    this.warnings = new OncePer(Duration.ofMinutes(1), clock);
    this.source = source;
    this.clock = clock;
    this.backoff = backoff;
    this.log = log;
    this.what = what;
  }

  /**
   * The result of the latest successful fetch.
   *
   * @return the latest good result, or null before the first
   */
  T latest() {
    return latest;
  }

  /**
   * The failure of the last fetch.
   *
   * @return the failure of the last fetch, or null when it succeeded (or none was made)
   */
  IdentityServerException lastFailure() {
    return lastFailure;
  }

  /**
   * Tells whether the back-off after a failure forbids a fetch now.
   *
   * @param now the instant to judge
   * @return true while the back-off after a failure forbids a fetch
   */
  boolean backingOff(Instant now) {
    return now.isBefore(nextAttempt);
  }

  /**
   * Joins the fetch in flight, or starts one; within the back-off returns null and starts nothing.
   * A result that arrived after {@code seen} was read counts as the fetch asked for.
   *
   * @param seen the result the caller found wanting (or null)
   * @return the future result, or null
   */
  CompletableFuture<T> fetchOrJoin(T seen) {
    while (true) {
      CompletableFuture<T> running = inflight.get();
      if (running != null) return running;
      if (backingOff(clock.instant())) return null;
      CompletableFuture<T> mine = new CompletableFuture<>();
      if (!inflight.compareAndSet(null, mine)) continue;
      // Another fetch may have finished between the reads above and the claim: look again.
      T current = latest;
      if (current != seen && current != null) {
        inflight.set(null);
        mine.complete(current);
        return mine;
      }
      if (backingOff(clock.instant())) {
        inflight.set(null);
        return null;
      }
      CompletableFuture<T> fetch;
      try {
        fetch = source.get();
      } catch (RuntimeException e) {
        fetch = CompletableFuture.failedFuture(e);
      }
      fetch.whenComplete((fresh, t) -> finish(mine, fresh, t));
      return mine;
    }
  }

  /**
   * The fetch in flight, for tests that wait for the background.
   *
   * @return the fetch in flight, as a future that never fails; a completed one when none is
   */
  CompletableFuture<?> pending() {
    CompletableFuture<T> f = inflight.get();
    return f == null ? CompletableFuture.completedFuture(null) : f.handle((v, t) -> null);
  }

  private void finish(CompletableFuture<T> mine, T fresh, Throwable t) {
    if (fresh != null) {
      latest = fresh;
      lastFailure = null;
      nextAttempt = Instant.MIN;
      inflight.set(null);
      mine.complete(fresh);
      return;
    }
    IdentityServerException e = asFailure(t);
    lastFailure = e;
    nextAttempt = clock.instant().plus(backoff);
    inflight.set(null);
    long suppressed = warnings.tryAcquire();
    if (suppressed >= 0) {
      log.log(Level.WARNING, "{0} refresh failed; {1}; next attempt in {2} ms at the earliest: {3}{4}", what,
          latest == null ? "nothing cached" : "using the cached one", backoff.toMillis(),
          Untrusted.escape(e.getMessage(), 500), suppressed == 0 ? "" : " (" + suppressed + " more failures since the last report)");
    } else if (log.isLoggable(Level.DEBUG)) {
      log.log(Level.DEBUG, "{0} refresh failed again: {1}", what, Untrusted.escape(e.getMessage(), 500));
    }
    onFailure.accept(e);
    mine.completeExceptionally(e);
  }

  private IdentityServerException asFailure(Throwable t) {
    Throwable c = t;
    while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) c = c.getCause();
    if (c instanceof IdentityServerException) return (IdentityServerException) c;
    RuntimeException r = Calls.translate(c, what);
    return r instanceof IdentityServerException ? (IdentityServerException) r
        : new IdentityServerException(IdentityServerException.Kind.UNREACHABLE, what + ": " + r, 0, null, null, r);
  }

  /**
   * Waits for a fetch; bounded because every fetch is.
   *
   * @throws IdentityServerException the fetch's failure, or UNREACHABLE when interrupted
   */
  static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IdentityServerException) throw (IdentityServerException) c;
      throw new IdentityServerException(IdentityServerException.Kind.UNREACHABLE, String.valueOf(c), 0, null, null, c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IdentityServerException(IdentityServerException.Kind.UNREACHABLE, "interrupted while waiting for the "
          + "identity server", 0, null, null, e);
    }
  }
}
