package io.identsphere.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's demo walkthrough, run as a test: every step must behave. */
class WalkthroughTest {
  @Test
  void walkthrough_allStepsBehave() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (DemoServer demo = DemoServer.start(0, 0)) {
      int failures = new Walkthrough(demo, new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
      String out = buf.toString(StandardCharsets.UTF_8);
      assertThat(failures).as(out).isZero();
      assertThat(out).contains("403  GET /api/admin as bob").contains("401  GET /api/admin without a token")
          .contains("all 19 steps behaved as expected");
    }
  }
}
