package io.identsphere.jaxrs;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Logs one kind of event at most once per interval at its loud level, and at DEBUG otherwise, so
 * that a failure hit by every request (an identity server outage, a misbehaving upstream) gives one
 * line an operator sees instead of one per request. The loud line counts the events that were
 * logged at DEBUG since the previous loud one. Thread-safe.
 */
final class RateLimitedLog {
  private final System.Logger log;
  private final Level level;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong nextLoud;
  private final AtomicLong quietened = new AtomicLong();

  RateLimitedLog(System.Logger log, Level level, Duration interval) {
    this(log, level, interval, System::nanoTime);
  }

  RateLimitedLog(System.Logger log, Level level, Duration interval, LongSupplier nanoTime) {
    this.log = log;
    this.level = level;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.nextLoud = new AtomicLong(nanoTime.getAsLong());
  }

  /**
   * Logs the message, loudly when the interval has passed since the last loud line.
   *
   * @param message builds the line; called only when the line is logged
   */
  void log(Supplier<String> message) {
    long now = nanoTime.getAsLong();
    long next = nextLoud.get();
    if (now - next >= 0 && nextLoud.compareAndSet(next, now + intervalNanos)) {
      long quiet = quietened.getAndSet(0);
      if (log.isLoggable(level)) {
        log.log(level, message.get() + (quiet == 0 ? ""
            : " (" + quiet + " more like this since the last such line, logged at DEBUG)"));
      }
    } else {
      quietened.incrementAndGet();
      if (log.isLoggable(Level.DEBUG)) log.log(Level.DEBUG, message.get());
    }
  }
}
