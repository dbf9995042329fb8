package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.IdentSphereException;
import io.identsphere.IdentSphereUser;
import io.identsphere.internal.http.Http;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with an independent provider: navikt mock-oauth2-server (Kotlin, built on
 * Nimbus OAuth2 SDK), test scope only. Every step is real HTTP on loopback; the tokens are RS256
 * tokens signed by that server's own keys.
 */
class MockOAuth2ServerInteropTest {
  private static final String ISSUER_ID = "interop";
  private static final String AUDIENCE = "orders-api";
  private static final URI REDIRECT = URI.create("http://127.0.0.1:9/callback");
  private static MockOAuth2Server server;
  private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() {
    server = new MockOAuth2Server();
    server.start();
  }

  @AfterAll
  static void stop() {
    server.shutdown();
  }

  private static String authority(String issuerId) {
    return server.issuerUrl(issuerId).toString();
  }

  private static IdentSphereClient client() {
    return IdentSphereClient.newBuilder(authority(ISSUER_ID)).clientId("interop-web").clientSecret("interop-secret-value")
        .audience(AUDIENCE).redirectUri(REDIRECT).build();
  }

  /**
   * The server copies the authorization request's nonce into its access tokens and marks them in no
   * other way, so they would be refused as ID tokens; the typ claim "Bearer" (Keycloak's marker)
   * declares them access tokens.
   */
  private static void nextTokensFor(String subject) {
    server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(AUDIENCE),
        Map.of("email", subject + "@example.com", "roles", List.of("admin", "member"), "typ", "Bearer"), 3600));
  }

  /** Plays the browser: follows the authorization URL to the (non-interactive) login redirect. */
  private static URI authorize(AuthorizationRequest request) throws Exception {
    HttpResponse<String> r = BROWSER.send(HttpRequest.newBuilder(request.uri()).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("authorize answer").isEqualTo(302);
    return URI.create(r.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void discovery_usesTheProvidersEndpoints() {
    ProviderMetadata m = client().metadata();
    assertThat(m.issuer()).isEqualTo(authority(ISSUER_ID));
    assertThat(m.tokenEndpoint().toString()).isEqualTo(server.tokenEndpointUrl(ISSUER_ID).toString());
    assertThat(m.jwksUri().toString()).isEqualTo(server.jwksUrl(ISSUER_ID).toString());
    assertThat(m.authorizationEndpoint().toString()).isEqualTo(server.authorizationEndpointUrl(ISSUER_ID).toString());
  }

  @Test
  void codeFlowWithPkce_exchange_idToken_accessToken_userinfo_refresh() throws Exception {
    IdentSphereClient client = client();
    AuthorizationRequest request = client.authorizationRequest();
    URI callback = authorize(request);
    assertThat(callback.toString()).startsWith(REDIRECT.toString());
    assertThat(Http.parseQuery(callback.getRawQuery())).containsEntry("state", request.state()).containsKey("code");

    nextTokensFor("ada");
    Instant before = Instant.now();
    TokenResponse tokens = client.handleCallback(request, callback); // also validates the ID token and nonce
    assertThat(tokens.idToken()).isPresent();
    assertThat(tokens.refreshToken()).isPresent();
    assertThat(tokens.tokenType()).isEqualToIgnoringCase("Bearer");
    assertThat(tokens.expiresAt()).hasValueSatisfying(e -> assertThat(e).isBetween(before.plusSeconds(3590), Instant.now().plusSeconds(3610)));

    VerifiedToken id = client.validateIdToken(tokens.idToken().get(), request.nonce(), tokens.accessToken());
    assertThat(id.algorithm()).isEqualTo(JwsAlgorithm.RS256);
    assertThat(id.audience()).contains("interop-web");
    assertThat(id.claim("nonce")).contains(request.nonce());
    assertThat(id.subject()).isEqualTo("ada");
    assertThat(id.issuer()).contains(authority(ISSUER_ID));
    assertThat(id.expiresAt()).hasValueSatisfying(e -> assertThat(e).isAfter(before));
    assertThatThrownBy(() -> client.validateIdToken(tokens.idToken().get(), "another-nonce", null))
        .isInstanceOf(TokenRejectedException.class);

    VerifiedToken access = client.accessTokenValidator().validate(tokens.accessToken());
    assertThat(access.algorithm()).isEqualTo(JwsAlgorithm.RS256);
    assertThat(access.subject()).isEqualTo("ada");
    assertThat(access.audience()).containsExactly(AUDIENCE);
    assertThat(access.user().email()).contains("ada@example.com");
    assertThat(access.user().hasAllRoles(false, "ADMIN", "member")).isTrue();
    assertThat(access.user().roles()).containsExactlyInAnyOrder("admin", "member");
    // The callback asked for 3600 s: the token's own exp says so too.
    assertThat(access.expiresAt()).hasValueSatisfying(e -> assertThat(e).isBetween(before.plusSeconds(3590), Instant.now().plusSeconds(3610)));

    IdentSphereUser me = client.userInfo(tokens.accessToken(), "ada");
    assertThat(me.subject()).isEqualTo("ada");
    assertThat(me.email()).contains("ada@example.com");
    assertThatThrownBy(() -> client.userInfo(tokens.accessToken(), "somebody-else"))
        .isInstanceOf(IdentSphereException.class);

    nextTokensFor("ada");
    TokenResponse refreshed = client.refresh(tokens.refreshToken().get());
    assertThat(refreshed.accessToken()).isNotEqualTo(tokens.accessToken());
    assertThat(client.accessTokenValidator().validate(refreshed.accessToken()).subject()).isEqualTo("ada");
    assertThat(refreshed.refreshToken()).isPresent();
  }

  @Test
  void clientCredentials_tokenValidates() {
    IdentSphereClient client = client();
    server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "interop-web", "JWT", List.of(AUDIENCE), Map.of(), 600));
    Instant before = Instant.now();
    TokenResponse tokens = client.clientCredentials("orders:read");
    VerifiedToken access = client.accessTokenValidator().validate(tokens.accessToken());
    assertThat(access.subject()).isEqualTo("interop-web");
    assertThat(access.audience()).containsExactly(AUDIENCE);
    assertThat(access.issuer()).contains(authority(ISSUER_ID));
    assertThat(access.expiresAt()).hasValueSatisfying(e -> assertThat(e).isBetween(before.plusSeconds(590), Instant.now().plusSeconds(610)));
  }

  @Test
  void foreignIssuer_tamperedSignature_andWrongAudience_areRejected() {
    IdentSphereClient client = client();
    String foreign = server.issueToken("other-issuer", "mallory", new DefaultOAuth2TokenCallback("other-issuer", "mallory",
        "JWT", List.of(AUDIENCE), Map.of(), 600)).serialize();
    assertThatThrownBy(() -> client.accessTokenValidator().validate(foreign)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isIn(TokenRejectedException.Reason.WRONG_ISSUER, TokenRejectedException.Reason.UNKNOWN_KEY));

    String good = server.issueToken(ISSUER_ID, "ada", new DefaultOAuth2TokenCallback(ISSUER_ID, "ada", "JWT",
        List.of(AUDIENCE), Map.of(), 600)).serialize();
    VerifiedToken goodVerified = client.accessTokenValidator().validate(good);
    assertThat(goodVerified.subject()).isEqualTo("ada");
    assertThat(goodVerified.audience()).containsExactly(AUDIENCE);
    String[] parts = good.split("\\.");
    char last = parts[2].charAt(10);
    String tampered = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + (last == 'A' ? 'B' : 'A') + parts[2].substring(11);
    assertThatThrownBy(() -> client.accessTokenValidator().validate(tampered)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.BAD_SIGNATURE));

    String otherAudience = server.issueToken(ISSUER_ID, "ada", new DefaultOAuth2TokenCallback(ISSUER_ID, "ada", "JWT",
        List.of("billing-api"), Map.of(), 600)).serialize();
    assertThatThrownBy(() -> client.accessTokenValidator().validate(otherAudience)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.WRONG_AUDIENCE));
  }

  @Test
  void endSessionUrl_pointsAtTheProvidersEndpoint() {
    URI logout = client().endSessionUri("id-token-hint-value", URI.create("http://127.0.0.1:9/bye"), "st-1");
    assertThat(logout.toString()).startsWith(server.endSessionEndpointUrl(ISSUER_ID).toString());
    assertThat(Http.parseQuery(logout.getRawQuery())).containsEntry("id_token_hint", "id-token-hint-value")
        .containsEntry("post_logout_redirect_uri", "http://127.0.0.1:9/bye").containsEntry("state", "st-1");
  }
}
