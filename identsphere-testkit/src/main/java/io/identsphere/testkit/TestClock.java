package io.identsphere.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock the fake server, its minters and the code under test share. It is either
 * <b>frozen</b> (the default for tests: it stands still until told to move, so expiry and refresh
 * are tested without sleeping) or <b>ticking</b> (it follows a source clock, the system clock by
 * default, plus an offset: for long-running servers such as {@link Standalone} and the demo, whose
 * tokens must not expire while they run). Either kind can be {@linkplain #advance(Duration)
 * advanced}, {@linkplain #set(Instant) set}, {@linkplain #freeze() frozen} or made to
 * {@linkplain #tick() tick}.
 *
 * <pre>{@code
 * TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));   // frozen
 * clock.advance(Duration.ofMinutes(6));                                      // tokens of 5 min are expired now
 * FakeIdentSphere.newBuilder().clock(TestClock.ticking()).build().start();  // a server that keeps time
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class TestClock extends Clock {
  /** Frozen at {@code fixed}, or ticking at {@code source + offset} when {@code fixed} is null. Immutable. */
  private static final class State {
    final Instant fixed;
    final Duration offset;

    State(Instant fixed, Duration offset) {
      this.fixed = fixed;
      this.offset = offset;
    }
  }

  private final Clock source;
  private final AtomicReference<State> state;

  /**
   * Creates a frozen clock.
   *
   * @param start the initial instant
   */
  public TestClock(Instant start) {
    this(Clock.systemUTC(), new State(Objects.requireNonNull(start, "start == null"), null));
  }

  private TestClock(Clock source, State initial) {
    this.source = source;
    this.state = new AtomicReference<>(initial);
  }

  /**
   * Creates a frozen clock at the current second of the system clock.
   *
   * @return a frozen clock at the current second of the system clock
   */
  public static TestClock atSystemTime() {
    return new TestClock(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
  }

  /**
   * Creates a clock that follows the system clock.
   *
   * @return a ticking clock, now at the system clock's time
   */
  public static TestClock ticking() {
    return ticking(Clock.systemUTC());
  }

  /**
   * Creates a clock that follows another clock (for testing code that must keep time).
   *
   * @param source the clock to follow
   * @return a ticking clock, now at the source's time
   */
  public static TestClock ticking(Clock source) {
    return new TestClock(Objects.requireNonNull(source, "source == null"), new State(null, Duration.ZERO));
  }

  /**
   * Moves the clock; a ticking clock goes on ticking from there.
   *
   * @param d how far to move forward (or back, when negative)
   * @return the new instant
   */
  public Instant advance(Duration d) {
    Objects.requireNonNull(d, "d == null");
    State s = state.updateAndGet(o -> o.fixed != null ? new State(o.fixed.plus(d), null) : new State(null, o.offset.plus(d)));
    return read(s);
  }

  /**
   * Sets the clock; a ticking clock goes on ticking from there.
   *
   * @param instant the new instant
   */
  public void set(Instant instant) {
    Objects.requireNonNull(instant, "instant == null");
    state.updateAndGet(o -> o.fixed != null ? new State(instant, null)
        : new State(null, Duration.between(source.instant(), instant)));
  }

  /**
   * Stops the clock at its current instant.
   *
   * @return the instant it stopped at
   */
  public Instant freeze() {
    return read(state.updateAndGet(o -> o.fixed != null ? o : new State(read(o), null)));
  }

  /**
   * Makes the clock follow its source (the system clock, unless made with {@link #ticking(Clock)})
   * from its current instant on.
   *
   * @return the current instant
   */
  public Instant tick() {
    return read(state.updateAndGet(o -> o.fixed == null ? o : new State(null, Duration.between(source.instant(), o.fixed))));
  }

  /**
   * Tells whether the clock follows its source.
   *
   * @return true when ticking, false when frozen
   */
  public boolean isTicking() {
    return state.get().fixed == null;
  }

  private Instant read(State s) {
    return s.fixed != null ? s.fixed : source.instant().plus(s.offset);
  }

  @Override
  public Instant instant() {
    return read(state.get());
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
    return "TestClock[" + instant() + (isTicking() ? ", ticking]" : ", frozen]");
  }
}
