package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.token.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The standalone server keeps time: tokens it issues after a long run are valid, by real time. */
class StandaloneTest {
  @Test
  void standalone_followsTheWallClock_soATokenMintedAfterATimeStepValidates() {
    TestClock wall = new TestClock(Instant.parse("2030-01-01T00:00:00Z")); // plays the system clock
    try (FakeIdentSphere idp = Standalone.start(new String[] {"--port", "0"}, wall)) {
      assertThat(idp.clock().isTicking()).isTrue();
      IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api")
          .clock(wall).build();
      wall.advance(Duration.ofMinutes(30)); // the server has run for half an hour
      assertThat(idp.clock().instant()).isEqualTo(wall.instant());
      String token = idp.minter().accessToken("alice").sign();
      VerifiedToken verified = client.accessTokenValidator().validate(token); // keys over real HTTP
      assertThat(verified.subject()).isEqualTo("alice");
      assertThat(verified.user().roles()).contains("admin");
      assertThat(verified.expiresAt()).hasValue(Instant.parse("2030-01-01T00:35:00Z"));
    }
  }

  @Test
  void standalone_onTheSystemClock_issuesTokensThatAreValidNow() throws Exception {
    try (FakeIdentSphere idp = Standalone.start(new String[] {"--port", "0", "--login-form"}, Clock.systemUTC())) {
      Instant before = idp.clock().instant();
      Thread.sleep(1_100);
      assertThat(idp.clock().instant()).isAfterOrEqualTo(before.plusSeconds(1)); // it ticks by itself
      IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api").build();
      VerifiedToken verified = client.accessTokenValidator().validate(idp.minter().accessToken("bob").sign());
      assertThat(verified.subject()).isEqualTo("bob");
      assertThat(verified.expiresAt().orElseThrow()).isAfter(Instant.now().plus(Duration.ofMinutes(4)));
    }
  }

  @Test
  void start_refusesABadCommandLine_withTheUsage() {
    for (String[] args : new String[][] {{"--port"}, {"--port", "x"}, {"--what"}}) {
      assertThatThrownBy(() -> Standalone.start(args, Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("usage: Standalone [--port N] [--login-form]");
    }
  }
}
