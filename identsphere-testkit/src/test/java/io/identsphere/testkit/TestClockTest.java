package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Frozen and ticking clocks, and moving between the two. */
class TestClockTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void frozenClock_standsStill_untilAdvancedOrSet() throws Exception {
    TestClock clock = new TestClock(T0);
    Thread.sleep(20);
    assertThat(clock.instant()).isEqualTo(T0);
    assertThat(clock.isTicking()).isFalse();
    assertThat(clock.advance(Duration.ofMinutes(6))).isEqualTo(T0.plusSeconds(360));
    clock.set(T0);
    assertThat(clock.instant()).isEqualTo(T0);
  }

  @Test
  void tickingClock_followsItsSource_andCanStillBeAdvancedSetAndFrozen() {
    TestClock wall = new TestClock(T0);
    TestClock clock = TestClock.ticking(wall);
    assertThat(clock.isTicking()).isTrue();
    wall.advance(Duration.ofHours(1));
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(3600));
    assertThat(clock.advance(Duration.ofMinutes(6))).isEqualTo(T0.plusSeconds(3960));
    wall.advance(Duration.ofSeconds(1));
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(3961)); // still ticking, 6 min ahead
    clock.set(T0);
    wall.advance(Duration.ofSeconds(5));
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(5));
    assertThat(clock.freeze()).isEqualTo(T0.plusSeconds(5));
    wall.advance(Duration.ofHours(1));
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(5));
    clock.tick();
    wall.advance(Duration.ofSeconds(2));
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(7));
  }

  @Test
  void tickingClock_onTheSystemClock_moves() throws Exception {
    TestClock clock = TestClock.ticking();
    Instant before = clock.instant();
    assertThat(Duration.between(Instant.now(), before).abs()).isLessThan(Duration.ofSeconds(1));
    Thread.sleep(30);
    assertThat(clock.instant()).isAfter(before);
  }
}
