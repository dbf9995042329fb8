package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TestTokens;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenRejectedException.Reason;
import io.identsphere.token.VerifiedToken;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OIDC Core §3.1.3.7 rules 3 to 5: {@code aud} and {@code azp} of ID tokens, with real RS256 signatures. */
class IdTokenAzpTest {
  private final LocalServer server;
  private final Fixtures.MutableClock clock = new Fixtures.MutableClock();
  private final IdentSphereClient client;

  IdTokenAzpTest() throws Exception {
    server = new LocalServer();
    Fixtures.serveDiscovery(server, Map.of());
    server.json("/jwks", JwkSet.of(Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256)).toPublicJson());
    client = IdentSphereClient.newBuilder(server.base()).clientId("web").clock(clock)
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String idToken(Object aud, Object azp) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", server.base());
    c.put("sub", "alice");
    c.put("aud", aud);
    if (azp != null) c.put("azp", azp);
    c.put("iat", clock.instant().getEpochSecond());
    c.put("exp", clock.instant().getEpochSecond() + 300);
    c.put("nonce", "n-1");
    return TestTokens.rs256(Map.of("alg", "RS256", "kid", "k1", "typ", "JWT"), c, TestTokens.RSA.getPrivate());
  }

  private void rejected(Object aud, Object azp, Reason reason, String message) {
    assertThatThrownBy(() -> client.validateIdToken(idToken(aud, azp), "n-1", null))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e).hasMessageContaining(message);
        });
  }

  @Test
  void singleAudienceThatIsTheClient_withoutAzp_isAccepted() {
    VerifiedToken t = client.validateIdToken(idToken("web", null), "n-1", null);
    assertThat(t.subject()).isEqualTo("alice");
    assertThat(t.audience()).containsExactly("web");
    assertThat(client.validateIdToken(idToken(List.of("web"), null), "n-1", null).subject()).isEqualTo("alice");
  }

  @Test
  void azpEqualToTheClient_isAccepted_withOneOrSeveralAudiences() {
    assertThat(client.validateIdToken(idToken("web", "web"), "n-1", null).subject()).isEqualTo("alice");
    VerifiedToken t = client.validateIdToken(idToken(List.of("web", "api"), "web"), "n-1", null);
    assertThat(t.audience()).containsExactly("web", "api");
  }

  @Test
  void severalAudiences_withoutAzp_areRejected() {
    rejected(List.of("web", "api"), null, Reason.ID_TOKEN_MISMATCH, "no \"azp\"");
    rejected(List.of("api", "web"), null, Reason.ID_TOKEN_MISMATCH, "no \"azp\"");
  }

  @Test
  void azpOfAnotherParty_isRejected_withOneOrSeveralAudiences() {
    rejected("web", "api", Reason.ID_TOKEN_MISMATCH, "azp");
    rejected(List.of("web", "api"), "api", Reason.ID_TOKEN_MISMATCH, "azp");
  }

  @Test
  void azpThatIsNotAString_isRejected() {
    rejected("web", List.of("web"), Reason.ID_TOKEN_MISMATCH, "azp");
    rejected(List.of("web", "api"), 7L, Reason.ID_TOKEN_MISMATCH, "azp");
  }

  @Test
  void audienceWithoutTheClient_isRejected_evenWithAzpOfTheClient() {
    rejected("api", "web", Reason.WRONG_AUDIENCE, "web");
    rejected(List.of("api", "other"), "web", Reason.WRONG_AUDIENCE, "web");
  }

  @Test
  void audienceArrayWithANonStringMember_isRejected_andRepeatedAudiencesNeedAzp() {
    // The validator refuses a non-string audience before the ID-token rules run (issue #13: MALFORMED).
    rejected(List.of("web", 7L), null, Reason.MALFORMED, "array of strings");
    rejected(List.of("web", 7L), "web", Reason.MALFORMED, "array of strings");
    rejected(List.of("web", "web"), null, Reason.ID_TOKEN_MISMATCH, "audiences");
  }
}
