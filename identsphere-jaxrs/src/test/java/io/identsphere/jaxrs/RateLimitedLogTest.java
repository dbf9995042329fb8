package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** At most one loud line per interval, with a count of the quiet ones; time from a fake nanoTime. */
class RateLimitedLogTest {
  @Test
  void log_manyEventsInOneInterval_areOneWarningAndDebugLines_thenTheNextWarningCountsThem() {
    AtomicLong now = new AtomicLong(1_000);
    try (LogCapture logs = new LogCapture(RateLimitedLogTest.class)) {
      RateLimitedLog log = new RateLimitedLog(System.getLogger(RateLimitedLogTest.class.getName()),
          System.Logger.Level.WARNING, Duration.ofSeconds(60), now::get);
      for (int i = 0; i < 5; i++) log.log(() -> "down");
      assertThat(logs.at(Level.WARNING)).containsExactly("down");
      assertThat(logs.at(Level.FINE)).hasSize(4);

      now.addAndGet(Duration.ofSeconds(60).toNanos() - 1);
      log.log(() -> "down");
      assertThat(logs.at(Level.WARNING)).hasSize(1);

      now.addAndGet(1);
      log.log(() -> "down");
      assertThat(logs.at(Level.WARNING)).containsExactly("down", "down (5 more like this since the last such line, logged at DEBUG)");
    }
  }
}
