package io.identsphere.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Every access-token validator refuses the markers of ID tokens and of Keycloak's other tokens
 * (RFC 9068 §4, RFC 8725 §3.11); a validator built with {@code acceptIdTokens()} expects them.
 */
class IdTokenMarkersTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final String ISS = "https://id.example.test";
  private static final String BASE = "\"iss\":\"" + ISS + "\",\"aud\":\"orders-web\",\"sub\":\"u-1\",\"iat\":"
      + NOW.minusSeconds(5).getEpochSecond() + ",\"exp\":" + NOW.plusSeconds(300).getEpochSecond();

  private static TokenValidator.Builder builder() {
    return TokenValidator.newBuilder()
        .keySource(JwkSet.of(Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256)))
        .expectIssuer(ISS).ignoreAudience().clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static String token(String extra) {
    return TestTokens.rs256Json("{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}", "{" + BASE + extra + "}",
        TestTokens.RSA.getPrivate());
  }

  @Test
  void idTokenClaims_areRefused_asNotAnAccessToken_evenWhenNullOrEscaped() {
    TokenValidator v = builder().build();
    String[] markers = {",\"nonce\":\"n-0S6_WzA2Mj\"", ",\"at_hash\":\"77QmUPtjPfzWtF2AnpK9RQ\"",
        ",\"c_hash\":\"LDktKdoQak3Pk0cnXxCltA\"", ",\"s_hash\":\"x\"", ",\"nonce\":null", ",\"\\u006eonce\":\"n\"",
        ",\"typ\":\"ID\"", ",\"typ\":\"Refresh\"", ",\"typ\":\"Logout\"", ",\"typ\":\"Offline\"", ",\"typ\":null",
        ",\"typ\":7"};
    for (String m : markers) {
      assertThatThrownBy(() -> v.validate(token(m))).as(m).isInstanceOfSatisfying(TokenRejectedException.class, e -> {
        assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN);
        assertThat(e.reason().errorCode()).isEqualTo("invalid_token");
        assertThat(e.getMessage()).contains("not an access token").doesNotContain("n-0S6_WzA2Mj");
      });
    }
  }

  @Test
  void nonce_isRefused_unlessTheTokenDeclaresItselfAnAccessToken() {
    // Keycloak before 24 and mock-oauth2-server copy the nonce into access tokens; those carry the
    // typ claim "Bearer" or an at+jwt header, which no ID token carries.
    TokenValidator v = builder().build();
    String claims = "{" + BASE + ",\"nonce\":\"n-1\"";
    for (String header : new String[] {"{\"alg\":\"RS256\",\"kid\":\"k1\"}", "{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}"}) {
      String t = TestTokens.rs256Json(header, claims + "}", TestTokens.RSA.getPrivate());
      assertThatThrownBy(() -> v.validate(t)).as(header).isInstanceOfSatisfying(TokenRejectedException.class, e -> {
        assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN);
        assertThat(e).hasMessageStartingWith("the token carries \"nonce\", a claim of ID tokens");
      });
    }
    String keycloakBefore24 = TestTokens.rs256Json("{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}",
        claims + ",\"typ\":\"Bearer\"}", TestTokens.RSA.getPrivate());
    assertThat(v.validate(keycloakBefore24).subject()).isEqualTo("u-1");
    for (String typ : new String[] {"at+jwt", "application/AT+JWT"}) {
      String rfc9068 = TestTokens.rs256Json("{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"" + typ + "\"}", claims + "}",
          TestTokens.RSA.getPrivate());
      assertThat(v.validate(rfc9068).subject()).as(typ).isEqualTo("u-1");
    }
    // An at+jwt header never excuses the other markers.
    String hashed = TestTokens.rs256Json("{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"at+jwt\"}",
        claims + ",\"at_hash\":\"h\"}", TestTokens.RSA.getPrivate());
    assertThatThrownBy(() -> v.validate(hashed)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN));
  }

  @Test
  void bearerTypClaim_andNoMarkers_pass() {
    TokenValidator v = builder().build();
    for (String typ : new String[] {"", ",\"typ\":\"Bearer\"", ",\"typ\":\"bearer\"", ",\"azp\":\"orders-web\",\"sid\":\"s\""}) {
      VerifiedToken t = v.validate(token(typ));
      assertThat(t.subject()).as(typ).isEqualTo("u-1");
      assertThat(t.expiresAt()).contains(NOW.plusSeconds(300));
    }
  }

  @Test
  void acceptIdTokens_expectsTheMarkers_andSurvivesToBuilder() {
    TokenValidator ids = builder().acceptIdTokens().build();
    String keycloakIdToken = token(",\"typ\":\"ID\",\"azp\":\"orders-web\",\"nonce\":\"n\",\"at_hash\":\"h\"");
    assertThat(ids.validate(keycloakIdToken).claims()).containsEntry("typ", "ID").containsEntry("nonce", "n");
    assertThat(ids.toBuilder().build().validate(keycloakIdToken).subject()).isEqualTo("u-1");
    assertThatThrownBy(() -> builder().build().validate(keycloakIdToken)).isInstanceOfSatisfying(
        TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN));
  }

  @Test
  void refuseTokensAddressedToClient_refusesTheClientIdAnywhereInAud_andSurvivesToBuilder() {
    TokenValidator v = builder().refuseTokensAddressedToClient("orders-web").build();
    for (TokenValidator each : new TokenValidator[] {v, v.toBuilder().build()}) {
      assertThatThrownBy(() -> each.validate(token(""))).isInstanceOfSatisfying(TokenRejectedException.class, e -> {
        assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN);
        assertThat(e).hasMessageContaining("claim \"aud\" contains \"orders-web\", the client's own id");
      });
    }
    String both = TestTokens.rs256Json("{\"alg\":\"RS256\",\"kid\":\"k1\"}", "{\"iss\":\"" + ISS
        + "\",\"aud\":[\"https://api.example.com/orders\",\"orders-web\"],\"exp\":" + NOW.plusSeconds(60).getEpochSecond()
        + "}", TestTokens.RSA.getPrivate());
    TokenValidator api = builder().expectAudience("https://api.example.com/orders").refuseTokensAddressedToClient("orders-web")
        .build();
    assertThatThrownBy(() -> api.validate(both)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN));
    assertThatThrownBy(() -> builder().expectAudience("orders-web").refuseTokensAddressedToClient("orders-web").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
  }
}
