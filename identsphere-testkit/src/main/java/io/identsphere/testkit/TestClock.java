package io.identsphere.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until told to move: share one between the fake server, the minter and
 * the code under test, and test expiry and refresh without sleeping.
 *
 * <p>Thread-safe.
 */
public final class TestClock extends Clock {
  private final AtomicReference<Instant> now;

  /**
   * Creates a clock that stands at {@code start} until it is moved.
   *
   * @param start the initial instant
   */
  public TestClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start == null"));
  }

  /**
   * Returns a clock at the current second of the system clock.
   *
   * @return a clock at the current second of the system clock
   */
  public static TestClock atSystemTime() {
    return new TestClock(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
  }

  /**
   * Moves the clock by {@code d}.
   *
   * @param d how far to move forward (or back, when negative)
   * @return the new instant
   */
  public Instant advance(Duration d) {
    return now.updateAndGet(i -> i.plus(d));
  }

  /**
   * Moves the clock to {@code instant}, forwards or backwards.
   *
   * @param instant the new instant
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant == null"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public String toString() {
    return "TestClock[" + now.get() + "]";
  }
}
