package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.IdentSphereUser;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TestTokens;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenRejectedException.Reason;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An ID token never passes as an access token under the defaults. The ID and access tokens below
 * are shaped as three kinds of server mint them (the testkit, Keycloak, node oidc-provider), signed
 * with a real RSA key and served over real HTTP (discovery and JWK Set on loopback); the client is
 * configured as the README's quick start is: {@code clientId("orders-web")} and an API audience.
 */
class TokenConfusionTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final String CLIENT = "orders-web";
  private static final String API = "https://api.example.com/orders";
  private static final long IAT = NOW.minusSeconds(5).getEpochSecond();
  private static final long EXP = NOW.plusSeconds(300).getEpochSecond();

  private final LocalServer server;

  TokenConfusionTest() throws Exception {
    server = new LocalServer();
    server.discovery(server.base());
    server.json("/jwks", JwkSet.of(Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256)).toPublicJson());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IdentSphereClientBuilder client() {
    return IdentSphereClient.newBuilder(server.base()).clientId(CLIENT).clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private String sign(String header, String claims) {
    return TestTokens.rs256Json(header, claims.replace("ISS", server.base()), TestTokens.RSA.getPrivate());
  }

  // ---- ID tokens --------------------------------------------------------------------------------

  /** As the testkit's token endpoint mints it: typ JWT, profile claims, nonce, at_hash, sid. */
  private String testkitIdToken() {
    return sign("{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}", "{\"email\":\"alice@example.test\",\"name\":\"Alice\","
        + "\"roles\":[\"admin\",\"member\"],\"iss\":\"ISS\",\"sub\":\"alice\",\"aud\":\"" + CLIENT + "\",\"iat\":" + IAT
        + ",\"exp\":" + EXP + ",\"sid\":\"f-1\",\"nonce\":\"n-1\",\"at_hash\":\"x7-b0aPd0UNUyD4l2c0f3A\",\"auth_time\":" + IAT + "}");
  }

  /** As Keycloak mints it: typ JWT header, claim typ "ID", azp, nonce, at_hash, session_state. */
  private String keycloakIdToken() {
    return sign("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}", "{\"exp\":" + EXP + ",\"iat\":" + IAT + ",\"auth_time\":"
        + IAT + ",\"jti\":\"0b2c7b1e-3f7e-4a4e-9d6c-1f1b9b2f7e11\",\"iss\":\"ISS\",\"aud\":\"" + CLIENT + "\",\"sub\":"
        + "\"f5c1a9e2-0000-4000-8000-000000000001\",\"typ\":\"ID\",\"azp\":\"" + CLIENT + "\",\"nonce\":\"n-1\","
        + "\"session_state\":\"5d9e\",\"at_hash\":\"pKcUVUQuJ8ZbQ1TG4fHqGw\",\"acr\":\"1\",\"sid\":\"5d9e\","
        + "\"email_verified\":true,\"preferred_username\":\"alice\",\"email\":\"alice@example.test\"}");
  }

  /** As node oidc-provider mints it at the token endpoint: no typ header, no at_hash; nonce only when sent. */
  private String oidcProviderIdToken(boolean withNonce) {
    return sign("{\"alg\":\"RS256\",\"kid\":\"k1\"}", "{\"sub\":\"alice\"," + (withNonce ? "\"nonce\":\"n-1\"," : "")
        + "\"aud\":\"" + CLIENT + "\",\"exp\":" + EXP + ",\"iat\":" + IAT + ",\"iss\":\"ISS\",\"auth_time\":" + IAT + "}");
  }

  private Map<String, String> idTokens() {
    return Map.of("testkit", testkitIdToken(), "keycloak", keycloakIdToken(),
        "oidc-provider with nonce", oidcProviderIdToken(true), "oidc-provider without nonce", oidcProviderIdToken(false));
  }

  // ---- access tokens ----------------------------------------------------------------------------

  private String testkitAccessToken() {
    return sign("{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"at+jwt\"}", "{\"email\":\"alice@example.test\",\"roles\":"
        + "[\"admin\",\"member\"],\"iss\":\"ISS\",\"sub\":\"alice\",\"aud\":\"" + API + "\",\"iat\":" + IAT + ",\"exp\":"
        + EXP + ",\"jti\":\"j-1\",\"scope\":\"openid profile orders:read\",\"sid\":\"f-1\",\"client_id\":\"" + CLIENT + "\"}");
  }

  private String keycloakAccessToken(String aud) {
    return sign("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}", "{\"exp\":" + EXP + ",\"iat\":" + IAT + ",\"auth_time\":"
        + IAT + ",\"jti\":\"6a1d\",\"iss\":\"ISS\",\"aud\":" + aud + ",\"sub\":\"f5c1a9e2-0000-4000-8000-000000000001\","
        + "\"typ\":\"Bearer\",\"azp\":\"" + CLIENT + "\",\"session_state\":\"5d9e\",\"acr\":\"1\",\"allowed-origins\":"
        + "[\"https://app.example.com\"],\"realm_access\":{\"roles\":[\"offline_access\",\"admin\"]},\"resource_access\":"
        + "{\"account\":{\"roles\":[\"manage-account\"]}},\"scope\":\"openid email profile\",\"sid\":\"5d9e\","
        + "\"email_verified\":true,\"preferred_username\":\"alice\"}");
  }

  private String oidcProviderAccessToken() {
    return sign("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"k1\"}", "{\"sub\":\"alice\",\"jti\":\"Wd8Q\",\"iat\":" + IAT
        + ",\"exp\":" + EXP + ",\"scope\":\"openid orders:read\",\"client_id\":\"" + CLIENT + "\",\"iss\":\"ISS\",\"aud\":\""
        + API + "\"}");
  }

  private static void refused(TokenValidator v, String what, String token) {
    assertThatThrownBy(() -> v.validate(token)).as(what).isInstanceOfSatisfying(TokenRejectedException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN);
      assertThat(e.reason().errorCode()).isEqualTo("invalid_token");
    });
  }

  @Test
  void idTokens_ofEveryServerShape_areRefused_withTheQuickStartOptions() {
    TokenValidator v = client().audience(API).build().accessTokenValidator();
    idTokens().forEach((what, token) -> refused(v, what, token));
  }

  @Test
  void idTokens_ofEveryServerShape_areRefused_evenWithIgnoreAudience() {
    TokenValidator v = client().ignoreAudience().build().accessTokenValidator();
    idTokens().forEach((what, token) -> refused(v, what, token));
  }

  @Test
  void idTokens_areRefused_bySessionCheckingVerifierToo() {
    IdentSphereClient c = client().audience(API).build();
    idTokens().forEach((what, token) -> assertThatThrownBy(() -> c.sessionCheckingVerifier(Duration.ofSeconds(30)).verify(token))
        .as(what).isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN)));
    assertThat(server.hits("/userinfo")).isZero(); // refused locally, before asking the server
  }

  @Test
  void accessTokens_ofEveryServerShape_pass_withSubjectRolesScopesAndExpiry() {
    TokenValidator v = client().audience(API).build().accessTokenValidator();
    IdentSphereUser testkit = v.validate(testkitAccessToken()).user();
    assertThat(testkit.subject()).isEqualTo("alice");
    assertThat(testkit.roles()).containsExactly("admin", "member");
    assertThat(testkit.expiresAt()).contains(Instant.ofEpochSecond(EXP));

    VerifiedToken keycloak = v.validate(keycloakAccessToken("[\"" + API + "\",\"account\"]"));
    assertThat(keycloak.subject()).isEqualTo("f5c1a9e2-0000-4000-8000-000000000001");
    assertThat(keycloak.user().roles()).containsExactly("offline_access", "admin");
    assertThat(keycloak.user().scopes()).containsExactly("openid", "email", "profile");
    assertThat(keycloak.type()).contains("JWT");
    assertThat(keycloak.expiresAt()).contains(Instant.ofEpochSecond(EXP));

    VerifiedToken provider = v.validate(oidcProviderAccessToken());
    assertThat(provider.subject()).isEqualTo("alice");
    assertThat(provider.type()).contains("at+jwt");
    assertThat(provider.user().roles()).isEmpty();
    assertThat(provider.user().hasScope("orders:read")).isTrue();
    assertThat(provider.expiresAt()).contains(Instant.ofEpochSecond(EXP));

    // Keycloak's default access token is addressed to "account": accepted only when the audience is ignored.
    String accountOnly = keycloakAccessToken("\"account\"");
    assertThatThrownBy(() -> v.validate(accountOnly)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_AUDIENCE));
    assertThat(client().ignoreAudience().build().accessTokenValidator().validate(accountOnly).user().hasRole("admin")).isTrue();
  }

  @Test
  void idTokens_stillValidateAsIdTokens() {
    IdentSphereClient c = client().audience(API).build();
    assertThat(c.validateIdToken(testkitIdToken(), "n-1", null).subject()).isEqualTo("alice");
    assertThat(c.validateIdToken(keycloakIdToken(), "n-1", null).claims()).containsEntry("typ", "ID");
    assertThat(c.validateIdToken(oidcProviderIdToken(false), null, null).subject()).isEqualTo("alice");
    assertThatThrownBy(() -> c.validateIdToken(testkitAccessToken(), null, null))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_AUDIENCE));
  }

  @Test
  void audienceNamingTheClientId_isAllowed_andLeavesOnlyTheMarkers() {
    // Azure-style: the API's tokens are addressed to the client id. Deliberate, documented: markers
    // still refuse the ID tokens that carry them; an ID token without any marker then passes.
    TokenValidator v = client().audience(CLIENT).build().accessTokenValidator();
    refused(v, "testkit", testkitIdToken());
    refused(v, "keycloak", keycloakIdToken());
    refused(v, "oidc-provider with nonce", oidcProviderIdToken(true));
    assertThat(v.validate(oidcProviderIdToken(false)).subject()).isEqualTo("alice");
  }

  @Test
  void noAudienceDecision_failsWithAFixItMessage_forEveryAccessTokenUse() {
    IdentSphereClient c = client().build();
    String fix = "no audience for access tokens: call audience(\"<your API>\") or ignoreAudience() (env: IDENTSPHERE_AUDIENCE)";
    assertThatThrownBy(c::accessTokenValidator).isInstanceOf(IllegalStateException.class).hasMessage(fix);
    assertThatThrownBy(() -> c.sessionCheckingVerifier(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
        .hasMessage(fix);
    assertThat(c.validateIdToken(testkitIdToken(), "n-1", null).subject()).isEqualTo("alice"); // login still works
  }

  @Test
  void audienceAndIgnoreAudience_contradict_atBuild() {
    assertThatThrownBy(() -> client().audience(API).ignoreAudience().build()).isInstanceOf(IllegalStateException.class)
        .hasMessage("audience(...) and ignoreAudience() contradict each other: call one of them");
    assertThatThrownBy(() -> client().audience()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client().audience("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromEnvironment_setsTheAudienceOnlyFromIdentsphereAudience() {
    Map<String, String> env = Map.of("IDENTSPHERE_URL", server.base(), "IDENTSPHERE_CLIENT_ID", CLIENT);
    assertThatThrownBy(() -> IdentSphereClient.fromEnvironment(env).build().accessTokenValidator())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("IDENTSPHERE_AUDIENCE");
    Map<String, String> withAudience = new java.util.HashMap<>(env);
    withAudience.put("IDENTSPHERE_AUDIENCE", API);
    TokenValidator v = IdentSphereClient.fromEnvironment(withAudience).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()
        .accessTokenValidator();
    assertThat(v.validate(oidcProviderAccessToken()).subject()).isEqualTo("alice");
    refused(v, "oidc-provider without nonce", oidcProviderIdToken(false));
  }

  @Test
  void configuredAudience_onlyConfiguresValidation_andIsNeverSentAsARequestParameter() {
    for (IdentSphereClient c : new IdentSphereClient[] {client().audience(API, "https://api.example.com/other").build(),
        client().ignoreAudience().build(), client().audience(CLIENT).build()}) {
      assertThat(c.authorizationRequest(URI.create("http://127.0.0.1:9/cb"), Map.of()).uri().getRawQuery())
          .doesNotContain("audience=").doesNotContain("resource=");
    }
  }
}
