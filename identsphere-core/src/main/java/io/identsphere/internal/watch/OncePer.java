package io.identsphere.internal.watch;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Allows one action per interval of a clock, whoever asks (a rate limit for log lines), and
 * counts the actions it suppressed in between. Thread-safe, lock-free.
 */
public final class OncePer {
  private final long intervalMillis;
  private final Clock clock;
  private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  /**
   * Creates the limit; the first call is allowed.
   *
   * @param interval the least time between allowed actions
   * @param clock the time source
   */
  public OncePer(Duration interval, Clock clock) {
    this.intervalMillis = interval.toMillis();
    this.clock = clock;
  }

  /**
   * Claims the action for now.
   *
   * @return -1 when suppressed, otherwise how many were suppressed since the last allowed one
   */
  public long tryAcquire() {
    long now = clock.millis();
    long n = next.get();
    if (now >= n && next.compareAndSet(n, now + intervalMillis)) return suppressed.getAndSet(0);
    suppressed.incrementAndGet();
    return -1;
  }
}
