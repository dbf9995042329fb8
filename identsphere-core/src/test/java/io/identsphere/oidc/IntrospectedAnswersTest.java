package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenRejectedException.Reason;
import io.identsphere.token.VerifiedToken;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of {@link IntrospectingVerifier} for answers a real server may give, over loopback HTTP. */
class IntrospectedAnswersTest {
  private static final String TOKEN = "opaque-0123456789";
  private LocalServer server;
  private final Fixtures.MutableClock clock = new Fixtures.MutableClock();

  @BeforeEach
  void start() throws Exception {
    server = new LocalServer();
    Fixtures.serveDiscovery(server, Map.of());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IntrospectingVerifier verifier(boolean ignoreAudience) {
    IdentSphereClientBuilder b = IdentSphereClient.newBuilder(server.base()).clientId("web").clientSecret(Fixtures.SECRET)
        .clock(clock);
    if (ignoreAudience) b.ignoreAudience(); else b.audience("api");
    return b.build().introspectingVerifier().build();
  }

  private void answer(String json) {
    Fixtures.answer(server, "/introspect", 200, json);
  }

  private long now(long plusSeconds) {
    return clock.instant().getEpochSecond() + plusSeconds;
  }

  private static Reason reason(IntrospectingVerifier v) {
    try {
      v.verify(TOKEN);
      return null;
    } catch (TokenRejectedException e) {
      return e.reason();
    }
  }

  @Test
  void activeAnswer_givesTheTypedUser() {
    answer("{\"active\":true,\"sub\":\"u-1\",\"aud\":[\"api\",\"other\"],\"scope\":\"read write\",\"client_id\":\"svc\","
        + "\"iss\":\"" + server.base() + "\",\"exp\":" + now(120) + ",\"token_type\":\"Bearer\"}");
    VerifiedToken t = verifier(false).verify(TOKEN);
    assertThat(t.subject()).isEqualTo("u-1");
    assertThat(t.user().scopes()).containsExactly("read", "write");
    assertThat(t.claim("client_id")).contains("svc");
    assertThat(t.expiresAt()).contains(clock.instant().plusSeconds(120));
    assertThat(t.toString()).contains("introspected");
  }

  @Test
  void answerFromAnotherIssuer_isWrongIssuer_andCachedAsARefusal() {
    answer("{\"active\":true,\"sub\":\"u-1\",\"aud\":\"api\",\"iss\":\"https://other.example\"}");
    IntrospectingVerifier v = verifier(false);
    assertThat(reason(v)).isEqualTo(Reason.WRONG_ISSUER);
    assertThat(reason(v)).isEqualTo(Reason.WRONG_ISSUER);
    assertThat(server.hits("/introspect")).isEqualTo(1);
  }

  @Test
  void malformedAnswer_isAnIdentityServerFailure_neverCached() {
    answer("{\"active\":\"yes\"}");
    IntrospectingVerifier v = verifier(false);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> v.verify(TOKEN)).isInstanceOfSatisfying(IdentityServerException.class,
          e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
    }
    assertThat(server.hits("/introspect")).isEqualTo(2);
  }

  @Test
  void refreshTokenAnswer_isNotAnAccessToken() {
    answer("{\"active\":true,\"sub\":\"u-1\",\"aud\":\"api\",\"token_type\":\"refresh_token\"}");
    assertThat(reason(verifier(false))).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN);
  }

  @Test
  void idTokenMarkers_areNotAnAccessToken() {
    answer("{\"active\":true,\"sub\":\"u-1\",\"aud\":\"api\",\"nonce\":\"n\"}");
    assertThat(reason(verifier(false))).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN);
    answer("{\"active\":true,\"sub\":\"u-1\",\"aud\":\"api\",\"nonce\":\"n\",\"typ\":\"Bearer\"}");
    assertThat(reason(verifier(false))).isNull();
    answer("{\"active\":true,\"sub\":\"u-1\",\"aud\":\"api\",\"typ\":\"ID\"}");
    assertThat(reason(verifier(false))).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN);
  }

  @Test
  void notBefore_isCheckedWithSixtySecondsOfSkew_exactlyAtTheBoundary() {
    answer("{\"active\":true,\"sub\":\"u-1\",\"aud\":\"api\",\"nbf\":" + now(60) + "}");
    assertThat(reason(verifier(false))).isNull();
    answer("{\"active\":true,\"sub\":\"u-1\",\"aud\":\"api\",\"nbf\":" + now(61) + "}");
    assertThat(reason(verifier(false))).isEqualTo(Reason.NOT_YET_VALID);
    answer("{\"active\":true,\"sub\":\"u-1\",\"aud\":\"api\",\"iat\":" + now(61) + "}");
    assertThat(reason(verifier(false))).isEqualTo(Reason.ISSUED_IN_FUTURE);
  }

  @Test
  void answerWhoseExpIsNow_isInactive() {
    answer("{\"active\":true,\"sub\":\"u-1\",\"aud\":\"api\",\"exp\":" + now(0) + "}");
    assertThat(reason(verifier(false))).isEqualTo(Reason.INACTIVE);
  }

  @Test
  void ignoredAudience_acceptsAnAnswerWithoutAud_butNeverTheClientsOwnId() {
    answer("{\"active\":true,\"sub\":\"u-1\"}");
    assertThat(reason(verifier(true))).isNull();
    assertThat(reason(verifier(false))).isEqualTo(Reason.MISSING_CLAIM);
    answer("{\"active\":true,\"sub\":\"u-1\",\"aud\":\"web\"}");
    assertThat(reason(verifier(true))).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN);
  }

  @Test
  void badRequestAboutTheToken_isARefusal_otherErrorsAreFailures() {
    Fixtures.answer(server, "/introspect", 400, "{\"error\":\"invalid_request\",\"error_description\":\"token?\"}");
    assertThat(reason(verifier(false))).isEqualTo(Reason.INACTIVE);
    Fixtures.answer(server, "/introspect", 400, "{\"error\":\"unsupported_token_type\"}");
    assertThatThrownBy(() -> verifier(false).verify(TOKEN)).isInstanceOf(IdentityServerException.class);
    Fixtures.answer(server, "/introspect", 502, "{}");
    assertThatThrownBy(() -> verifier(false).verify(TOKEN)).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.status()).hasValue(502));
  }
}
