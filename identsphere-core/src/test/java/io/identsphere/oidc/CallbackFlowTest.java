package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.JsonWriter;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.token.TestTokens;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenRejectedException.Reason;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A whole authorization-code callback on a loopback server: the accepted path returns the tokens
 * with a verified ID token, and each check (state, error, code, ID token, nonce, at_hash, the
 * openid scope) refuses exactly what it should. Public API only.
 */
class CallbackFlowTest {
  private static final URI REDIRECT = URI.create("http://127.0.0.1:9/cb");
  private final LocalServer server;
  private final Fixtures.MutableClock clock = new Fixtures.MutableClock();
  private final AtomicReference<String> tokenAnswer = new AtomicReference<>();

  CallbackFlowTest() throws Exception {
    server = new LocalServer();
    Fixtures.serveDiscovery(server, Map.of());
    server.json("/jwks", JwkSet.of(Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256)).toPublicJson());
    // The token endpoint knows one code, "abc", as an identity server would.
    server.handlers.put("/token", ex -> {
      String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (form.contains("code=abc&")) {
        LocalServer.send(ex, 200, "application/json", tokenAnswer.get(), Map.of());
      } else {
        LocalServer.send(ex, 400, "application/json", "{\"error\":\"invalid_grant\"}", Map.of());
      }
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IdentSphereClientBuilder builder() {
    return IdentSphereClient.newBuilder(server.base()).clientId("web").redirectUri(REDIRECT).clock(clock)
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  private Map<String, Object> idClaims(String nonce) {
    Map<String, Object> c = new HashMap<>();
    c.put("iss", server.base());
    c.put("aud", "web");
    c.put("sub", "alice");
    c.put("iat", clock.instant().getEpochSecond());
    c.put("exp", clock.instant().plusSeconds(300).getEpochSecond());
    if (nonce != null) c.put("nonce", nonce);
    return c;
  }

  private String idToken(Map<String, Object> claims) {
    return TestTokens.rs256(Map.of("alg", "RS256", "kid", "k1"), claims, TestTokens.RSA.getPrivate());
  }

  private void answerTokens(String idToken) {
    Map<String, Object> body = new HashMap<>();
    body.put("access_token", "at-1");
    body.put("token_type", "Bearer");
    if (idToken != null) body.put("id_token", idToken);
    tokenAnswer.set(JsonWriter.write(body));
  }

  private static URI callback(String query) {
    return URI.create(REDIRECT + "?" + query);
  }

  private static String atHash(String accessToken) throws Exception {
    byte[] h = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
    return Base64Url.encode(Arrays.copyOf(h, 16));
  }

  @Test
  void callback_withTheRightStateAndCode_returnsTheTokens_afterVerifyingTheIdToken() throws Exception {
    IdentSphereClient client = builder().build();
    AuthorizationRequest r = client.authorizationRequest();
    Map<String, Object> c = idClaims(r.nonce());
    c.put("at_hash", atHash("at-1"));
    answerTokens(idToken(c));
    assertThat(r.toString()).isEqualTo("AuthorizationRequest{uri=" + server.base() + "/authorize, redirectUri=" + REDIRECT + "}");
    TokenResponse t = client.handleCallback(r, callback("code=abc&state=" + r.state()));
    assertThat(t.accessToken()).isEqualTo("at-1");
    assertThat(client.validateIdToken(t.idToken().orElseThrow(), r.nonce(), "at-1").subject()).isEqualTo("alice");
    assertThat(server.hits("/token")).isEqualTo(1);
  }

  @Test
  void callback_stateMissingOrWrong_isRefused_beforeTheCodeIsExchanged() {
    IdentSphereClient client = builder().build();
    AuthorizationRequest r = client.authorizationRequest();
    assertThatThrownBy(() -> client.handleCallback(r, callback("code=abc"))).isInstanceOfSatisfying(
        IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.STATE_MISMATCH);
          assertThat(e.getMessage()).isEqualTo("callback has no state");
        });
    assertThatThrownBy(() -> client.handleCallback(r, callback("code=abc&state=" + r.state() + "x")))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.STATE_MISMATCH);
          assertThat(e.getMessage()).isEqualTo("callback state does not match the request's");
        });
    assertThat(server.hits("/token")).isZero();
  }

  @Test
  void callback_errorOrNoCode_isRefused_withTheServersErrorAndDescription() {
    IdentSphereClient client = builder().build();
    AuthorizationRequest r = client.authorizationRequest();
    assertThatThrownBy(() -> client.handleCallback(r, callback("error=access_denied&error_description=no%20way&state="
        + r.state()))).isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.AUTHORIZATION_ERROR);
          assertThat(e.error()).contains("access_denied");
          assertThat(e.errorDescription()).contains("no way");
          assertThat(e.getMessage()).isEqualTo("authorization failed: \"access_denied\": \"no way\"");
        });
    assertThatThrownBy(() -> client.handleCallback(r, callback("error=access_denied&state=" + r.state())))
        .isInstanceOfSatisfying(IdentityServerException.class,
            e -> assertThat(e.getMessage()).isEqualTo("authorization failed: \"access_denied\""));
    for (String q : new String[] {"state=" + r.state(), "code=&state=" + r.state()}) {
      assertThatThrownBy(() -> client.handleCallback(r, callback(q))).isInstanceOfSatisfying(IdentityServerException.class,
          e -> {
            assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
            assertThat(e.getMessage()).isEqualTo("callback has no code");
          });
    }
    assertThat(server.hits("/token")).isZero();
  }

  @Test
  void callback_idTokenWithAnotherNonce_orNone_isRefused() {
    IdentSphereClient client = builder().build();
    AuthorizationRequest r = client.authorizationRequest();
    answerTokens(idToken(idClaims("other")));
    assertThatThrownBy(() -> client.handleCallback(r, callback("code=abc&state=" + r.state())))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.ID_TOKEN_MISMATCH);
          assertThat(e.getMessage()).isEqualTo("ID token \"nonce\" does not match the request's");
        });
    answerTokens(idToken(idClaims(null)));
    assertThatThrownBy(() -> client.handleCallback(r, callback("code=abc&state=" + r.state())))
        .isInstanceOfSatisfying(TokenRejectedException.class,
            e -> assertThat(e.getMessage()).isEqualTo("ID token has no \"nonce\" but one was sent"));
  }

  @Test
  void callback_idTokenWhoseAtHashIsOfAnotherAccessToken_isRefused() throws Exception {
    IdentSphereClient client = builder().build();
    AuthorizationRequest r = client.authorizationRequest();
    Map<String, Object> c = idClaims(r.nonce());
    c.put("at_hash", atHash("at-2"));
    answerTokens(idToken(c));
    assertThatThrownBy(() -> client.handleCallback(r, callback("code=abc&state=" + r.state())))
        .isInstanceOfSatisfying(TokenRejectedException.class,
            e -> assertThat(e.getMessage()).isEqualTo("ID token \"at_hash\" does not match the access token"));
  }

  @Test
  void callback_withoutIdToken_isRefusedWhenOpenidWasRequested_andAcceptedOtherwise() {
    answerTokens(null);
    IdentSphereClient oidc = builder().build();
    AuthorizationRequest r = oidc.authorizationRequest();
    assertThatThrownBy(() -> oidc.handleCallback(r, callback("code=abc&state=" + r.state())))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
          assertThat(e.getMessage()).isEqualTo("token response has no id_token although openid was requested");
        });
    IdentSphereClient oauth = builder().scopes("orders:read").build();
    AuthorizationRequest plain = oauth.authorizationRequest();
    assertThat(oauth.handleCallback(plain, callback("code=abc&state=" + plain.state())).accessToken()).isEqualTo("at-1");
  }

  @Test
  void idTokenSignedWithTheClientSecret_isAccepted_onlyWithASecretOfAtLeast32Bytes() {
    String secret = "0123456789abcdef0123456789abcdef"; // 32 bytes
    Map<String, Object> c = idClaims("n-1");
    String hs = TestTokens.hs256(Map.of("alg", "HS256"), c, secret.getBytes(StandardCharsets.UTF_8));
    IdentSphereClient confidential = builder().clientSecret(secret).build();
    VerifiedToken t = confidential.validateIdToken(hs, "n-1", null);
    assertThat(t.subject()).isEqualTo("alice");
    assertThat(t.algorithm()).isEqualTo(JwsAlgorithm.HS256);
    String shortSecret = secret.substring(1);
    String hsShort = TestTokens.hs256(Map.of("alg", "HS256"), c, shortSecret.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> builder().clientSecret(shortSecret).build().validateIdToken(hsShort, "n-1", null))
        .isInstanceOfSatisfying(TokenRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM));
    // An RS256 ID token of the server still validates for the confidential client.
    assertThat(confidential.validateIdToken(idToken(c), "n-1", null).algorithm()).isEqualTo(JwsAlgorithm.RS256);
  }

  @Test
  void providerMetadata_exposesTheDocument_andRefusesAnEmptyOrMissingIssuer() {
    IdentSphereClient client = builder().build();
    ProviderMetadata md = client.metadata();
    assertThat(md.issuer()).isEqualTo(server.base());
    assertThat(md.raw()).containsEntry("token_endpoint", server.base() + "/token");
    assertThat(md.toString()).isEqualTo("ProviderMetadata{issuer=\"" + server.base() + "\"}");
    assertThat(md.authorizationResponseIssParameterSupported()).isFalse();
    assertThat(md.revocationEndpoint()).contains(URI.create(server.base() + "/revoke"));
    assertThat(md.introspectionEndpoint()).contains(URI.create(server.base() + "/introspect"));
    assertThat(md.pushedAuthorizationRequestEndpoint()).contains(URI.create(server.base() + "/par"));
    for (Object issuer : new Object[] {"", 7}) {
      Fixtures.serveDiscovery(server, Map.of("issuer", issuer));
      assertThatThrownBy(() -> builder().build().metadata()).isInstanceOfSatisfying(IdentityServerException.class, e -> {
        assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).isEqualTo("discovery document has no \"issuer\" string");
      });
    }
    Fixtures.serveDiscovery(server, java.util.Collections.singletonMap("token_endpoint", null));
    assertThatThrownBy(() -> builder().build().metadata()).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.getMessage()).isEqualTo("discovery document has no \"token_endpoint\""));
    Fixtures.serveDiscovery(server, Map.of("issuer", server.base() + "/other"));
    assertThatThrownBy(() -> builder().build().metadata()).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.ISSUER_MISMATCH));
  }
}
