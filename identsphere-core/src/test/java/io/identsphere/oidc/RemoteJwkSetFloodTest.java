package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TestTokens;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;
import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Key rotation while anyone floods the validator with made-up {@code kid}s. */
class RemoteJwkSetFloodTest {
  private static final KeyPair NEW_KEY = TestTokens.generate("RSA", 2048);
  private final LocalServer server;
  private final RemoteJwkSetTest.MutableClock clock = new RemoteJwkSetTest.MutableClock();
  private final Random random = new Random(42);

  RemoteJwkSetFloodTest() throws Exception {
    server = new LocalServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, Object> claims() {
    Map<String, Object> c = new HashMap<>();
    c.put("iss", server.base());
    c.put("aud", "api");
    c.put("sub", "u");
    c.put("exp", clock.instant().plus(Duration.ofDays(1)).getEpochSecond());
    return c;
  }

  /** A token anyone can make: a random kid and a random signature; it never reaches a key. */
  private String bogus() {
    byte[] kid = new byte[12];
    byte[] signature = new byte[256];
    random.nextBytes(kid);
    random.nextBytes(signature);
    return TestTokens.signingInput(Map.of("alg", "RS256", "kid", Base64Url.encode(kid)), claims()) + "."
        + Base64Url.encode(signature);
  }

  private void serve(Jwk... keys) {
    String body = JwkSet.of(keys).toPublicJson();
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 200, "application/json", body, Map.of("Cache-Control", "max-age=3600")));
  }

  private static TokenRejectedException.Reason rejection(TokenValidator v, String token) {
    try {
      v.validate(token);
      return null;
    } catch (TokenRejectedException e) {
      return e.reason();
    }
  }

  @Test
  void bogusKidFlood_keepsFetchesToOnePerCooldown_andANewKeyValidatesWithinFiveSecondsOfItsFirstToken() {
    Jwk old = Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256);
    Jwk fresh = Jwk.fromPublicKey(NEW_KEY.getPublic(), "k2", JwsAlgorithm.RS256);
    serve(old);
    RemoteJwkSet keys = RemoteJwkSet.newBuilder(URI.create(server.base() + "/jwks")).clock(clock)
        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)).build(); // the default cooldown: 5 s
    TokenValidator v = TokenValidator.newBuilder().keySource(keys).expectIssuer(server.base()).expectAudience("api")
        .clock(clock).build();
    String known = TestTokens.rs256(Map.of("alg", "RS256", "kid", "k1"), claims(), TestTokens.RSA.getPrivate());
    String rotated = TestTokens.rs256(Map.of("alg", "RS256", "kid", "k2"), claims(), NEW_KEY.getPrivate());
    assertThat(v.validate(known).subject()).isEqualTo("u");
    Instant start = clock.instant();
    Instant published = start.plusSeconds(10);
    Instant firstAccepted = null;
    boolean rotatedOnServer = false;
    for (int i = 0; i < 2000; i++) { // 2,000 made-up kids over 60 s
        clock.advance(Duration.ofMillis(30));
        Instant now = clock.instant();
        if (!rotatedOnServer && !now.isBefore(published)) {
          serve(old, fresh);
          rotatedOnServer = true;
        }
        assertThat(rejection(v, bogus())).isEqualTo(TokenRejectedException.Reason.UNKNOWN_KEY);
        if (i % 10 == 0) assertThat(v.validate(known).subject()).isEqualTo("u");
        if (!now.isBefore(published)) {
          TokenRejectedException.Reason r = rejection(v, rotated);
          if (firstAccepted != null) {
            assertThat(r).as("k2 once accepted stays accepted").isNull();
          } else if (r == null) {
            firstAccepted = now;
          } else {
            assertThat(r).isEqualTo(TokenRejectedException.Reason.UNKNOWN_KEY); // refused during the cooldown
          }
        }
    }
    assertThat(firstAccepted).as("k2 validates within 5 s of its first token").isNotNull()
        .isBeforeOrEqualTo(published.plusSeconds(5));
    assertThat(server.hits("/jwks")).isLessThanOrEqualTo(60 / 5 + 2);
  }

  @Test
  void aTokenDuringTheCooldown_isRefused_andTheNextAfterItPasses() {
    Jwk old = Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256);
    serve(old);
    RemoteJwkSet keys = RemoteJwkSet.newBuilder(URI.create(server.base() + "/jwks")).clock(clock).build();
    TokenValidator v = TokenValidator.newBuilder().keySource(keys).expectIssuer(server.base()).expectAudience("api")
        .clock(clock).build();
    keys.warmUp();
    assertThat(rejection(v, bogus())).isEqualTo(TokenRejectedException.Reason.UNKNOWN_KEY); // fetch 2, cooldown starts
    serve(old, Jwk.fromPublicKey(NEW_KEY.getPublic(), "k2", JwsAlgorithm.RS256));
    String rotated = TestTokens.rs256(Map.of("alg", "RS256", "kid", "k2"), claims(), NEW_KEY.getPrivate());
    clock.advance(Duration.ofMillis(4_999));
    assertThatThrownBy(() -> v.validate(rotated)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.UNKNOWN_KEY));
    assertThat(server.hits("/jwks")).isEqualTo(2);
    clock.advance(Duration.ofMillis(1)); // the cooldown is over: this token's fetch finds k2
    assertThat(v.validate(rotated).subject()).isEqualTo("u");
    assertThat(server.hits("/jwks")).isEqualTo(3);
  }
}
