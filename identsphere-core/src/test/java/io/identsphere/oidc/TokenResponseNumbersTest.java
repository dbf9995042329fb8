package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.identsphere.internal.json.Json;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Hostile {@code expires_in} values give a documented "not said", never a crash or a long conversion. */
class TokenResponseNumbersTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private static TokenResponse parse(String expiresIn) {
    return new TokenResponse(Json.parseObject("{\"access_token\":\"a\",\"expires_in\":" + expiresIn + "}"), NOW);
  }

  @Test
  void expiresIn_outOfRangeOrNotWhole_isNotSaid_inMilliseconds() {
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
      for (String n : new String[] {"9223372036854775807", "99999999999999999999", "-5", "0", "300.5", "1e3", "1e-1000",
          "\"300\"", "null", "316224001"}) {
        assertThat(parse(n).expiresAt()).as(n).isEmpty();
      }
    });
    assertThat(parse("300").expiresAt()).contains(NOW.plusSeconds(300));
    assertThat(parse("316224000").expiresAt()).contains(NOW.plusSeconds(316_224_000L));
  }
}
