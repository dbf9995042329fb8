package io.identsphere.internal.watch;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Allows one action per interval, whoever asks (a rate limit for log lines), and counts the
 * actions it suppressed in between. Thread-safe, lock-free.
 */
public final class OncePer {
  private final long intervalNanos;
  private final AtomicLong next;
  private final AtomicLong suppressed = new AtomicLong();

  /**
   * Creates the limit; the first call is allowed.
   *
   * @param intervalNanos the least time between allowed actions
   */
  public OncePer(long intervalNanos) {
    this.intervalNanos = intervalNanos;
    this.next = new AtomicLong(System.nanoTime());
  }

  /**
   * Claims the action for now.
   *
   * @return -1 when suppressed, otherwise how many were suppressed since the last allowed one
   */
  public long tryAcquire() {
    long now = System.nanoTime();
    long n = next.get();
    if (now - n >= 0 && next.compareAndSet(n, now + intervalNanos)) return suppressed.getAndSet(0);
    suppressed.incrementAndGet();
    return -1;
  }
}
