package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.IdentSphereUser;
import io.identsphere.oidc.ApiResponse;
import io.identsphere.oidc.AuthorizationRequest;
import io.identsphere.oidc.ClientAuthentication;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.oidc.IntrospectionResult;
import io.identsphere.oidc.TokenResponse;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenRejectedException.Reason;
import io.identsphere.token.TokenVerifier;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Core's OIDC client driven through every flow against the fake server, over real loopback HTTP. */
@ExtendWith(IdentSphereExtension.class)
class FlowTest {
  private static final URI CALLBACK = URI.create("http://127.0.0.1:8999/callback");
  private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  static IdentSphereClient client(FakeIdentSphere idp) {
    return IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").clientSecret(FakeIdentSphere.DEMO_SECRET)
        .audience("api").redirectUri(CALLBACK).clock(idp.clock()).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
        .build();
  }

  /** Plays the browser: follows the authorization URL to the redirect back to the app. */
  static URI browse(URI authorize) throws Exception {
    HttpResponse<String> r = BROWSER.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("authorize answer: %s", r.body()).isEqualTo(302);
    return URI.create(r.headers().firstValue("Location").orElseThrow());
  }

  static TokenResponse login(FakeIdentSphere idp, IdentSphereClient c) throws Exception {
    AuthorizationRequest req = c.authorizationRequest();
    return c.handleCallback(req, browse(req.uri()));
  }

  @Test
  void codeFlowWithPkce_issuesTokensThatValidate(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = client(idp);
    AuthorizationRequest req = c.authorizationRequest();
    URI back = browse(req.uri());
    assertThat(back.toString()).startsWith(CALLBACK.toString()).contains("iss=");
    TokenResponse tokens = c.handleCallback(req, back);
    assertThat(tokens.idToken()).isPresent();
    assertThat(tokens.refreshToken()).isPresent();
    assertThat(tokens.expiresAt()).contains(idp.clock().instant().plusSeconds(300));
    VerifiedToken at = c.accessTokenValidator().validate(tokens.accessToken());
    assertThat(at.user().subject()).isEqualTo("alice");
    assertThat(at.user().roles()).containsExactly("admin", "member");
    assertThat(at.user().tenantId()).contains("acme");
    assertThat(at.user().hasCustomRole("billing-approver")).isTrue();
    VerifiedToken id = c.validateIdToken(tokens.idToken().get(), req.nonce(), tokens.accessToken());
    assertThat(id.user().email()).contains("alice@example.test");
    IdentSphereUser info = c.userInfo(tokens.accessToken(), id.subject());
    assertThat(info.claims()).isEqualTo(idp.users().stream().filter(u -> u.subject().equals("alice")).findFirst().get().claims());
    assertThat(info.roles()).isEqualTo(at.user().roles());
    RecordedRequest tokenCall = idp.requests(Endpoint.TOKEN).get(0);
    assertThat(tokenCall.param("grant_type")).contains("authorization_code");
    assertThat(tokenCall.param("code_verifier")).contains(req.codeVerifier());
    assertThat(tokenCall.header("Authorization")).hasValueSatisfying(h -> assertThat(h).startsWith("Basic "));
  }

  @Test
  void rfc9207_theFakeAdvertisesIss_andACallbackWithoutItIsRefused(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = client(idp);
    assertThat(c.metadata().authorizationResponseIssParameterSupported()).isTrue();
    AuthorizationRequest req = c.authorizationRequest();
    URI back = browse(req.uri());
    Map<String, String> q = Query.parse(back.getRawQuery());
    assertThat(q).containsEntry("iss", idp.issuer());
    q.remove("iss");
    URI withoutIss = URI.create(CALLBACK + "?" + Query.form(q));
    assertThatThrownBy(() -> c.handleCallback(req, withoutIss)).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.ISSUER_MISMATCH));
    q.put("iss", idp.issuer() + "/other");
    URI wrongIss = URI.create(CALLBACK + "?" + Query.form(q));
    assertThatThrownBy(() -> c.handleCallback(req, wrongIss)).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.ISSUER_MISMATCH));
    assertThat(idp.count(Endpoint.TOKEN)).isZero();
    TokenResponse tokens = c.handleCallback(req, back); // the code was never spent
    assertThat(c.accessTokenValidator().validate(tokens.accessToken()).subject()).isEqualTo("alice");
  }

  @Test
  void authorizationError_fromTheFake_carriesIss_andIsTyped(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = client(idp);
    AuthorizationRequest req = c.authorizationRequest(CALLBACK, Map.of("x", "y"));
    URI noPkce = URI.create(req.uri().toString().replace("code_challenge_method=S256", "code_challenge_method=plain"));
    URI back = browse(noPkce);
    assertThat(Query.parse(back.getRawQuery())).containsEntry("iss", idp.issuer());
    assertThatThrownBy(() -> c.handleCallback(req, back)).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.AUTHORIZATION_ERROR);
      assertThat(e.error()).contains("invalid_request");
    });
  }

  @Test
  void idToken_withWrongNonce_isRejected(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = client(idp);
    TokenResponse t = login(idp, c);
    assertThatThrownBy(() -> c.validateIdToken(t.idToken().get(), "other-nonce", t.accessToken()))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ID_TOKEN_MISMATCH));
    assertThatThrownBy(() -> c.validateIdToken(t.idToken().get(), null, "not-the-access-token"))
        .hasMessageContaining("at_hash");
  }

  @Test
  void pkce_wrongOrMissingVerifier_andCodeReuse_areRejected(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = client(idp);
    AuthorizationRequest req = c.authorizationRequest();
    String code = Query.parse(browse(req.uri()).getRawQuery()).get("code");
    assertThatThrownBy(() -> c.exchangeCode(code, "x".repeat(43), CALLBACK)).isInstanceOfSatisfying(
        IdentityServerException.class, e -> {
          assertThat(e.error()).contains("invalid_grant");
          assertThat(e.errorDescription().orElse("")).contains("code_verifier does not match");
        });
    AuthorizationRequest req2 = c.authorizationRequest();
    String code2 = Query.parse(browse(req2.uri()).getRawQuery()).get("code");
    assertThat(c.exchangeCode(code2, req2.codeVerifier(), CALLBACK).accessToken()).isNotEmpty();
    assertThatThrownBy(() -> c.exchangeCode(code2, req2.codeVerifier(), CALLBACK))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> assertThat(e.errorDescription().orElse("")).contains("already used"));
  }

  @Test
  void authorize_withoutPkce_redirectsWithError(FakeIdentSphere idp) throws Exception {
    URI noPkce = URI.create(idp.authorizeUri() + "?response_type=code&client_id=demo-web&redirect_uri="
        + java.net.URLEncoder.encode(CALLBACK.toString(), "UTF-8") + "&state=s1");
    Map<String, String> q = Query.parse(browse(noPkce).getRawQuery());
    assertThat(q).containsEntry("error", "invalid_request").containsEntry("state", "s1");
  }

  @Test
  void refresh_rotates_andReuseRevokesTheGrant(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = client(idp);
    TokenResponse first = login(idp, c);
    idp.clock().advance(Duration.ofMinutes(6));
    assertThatThrownBy(() -> c.accessTokenValidator().validate(first.accessToken()))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    TokenResponse second = c.refresh(first.refreshToken().get());
    assertThat(second.refreshToken()).isPresent().isNotEqualTo(first.refreshToken());
    assertThat(c.accessTokenValidator().validate(second.accessToken()).subject()).isEqualTo("alice");
    assertThat(idp.requests(Endpoint.TOKEN).get(1).param("grant_type")).contains("refresh_token");
    assertThatThrownBy(() -> c.refresh(first.refreshToken().get())).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.errorDescription().orElse("")).contains("reuse detected"));
    assertThatThrownBy(() -> c.refresh(second.refreshToken().get())).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.errorDescription().orElse("")).contains("revoked"));
    assertThat(c.introspect(second.accessToken()).active()).isFalse();
  }

  @Test
  void clientCredentials_andClientAuthenticationMethods(FakeIdentSphere idp) throws Exception {
    TokenResponse cc = client(idp).clientCredentials("orders:read");
    VerifiedToken t = client(idp).accessTokenValidator().validate(cc.accessToken());
    assertThat(t.subject()).isEqualTo("demo-web");
    assertThat(t.user().scopes()).containsExactly("orders:read");

    idp.addClient(new TestClient("post-client", "post-secret-0123456789", ClientAuthentication.CLIENT_SECRET_POST,
        List.of(), "api"));
    IdentSphereClient post = IdentSphereClient.newBuilder(idp.issuer()).clientId("post-client")
        .clientSecret("post-secret-0123456789").clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
        .audience("api").redirectUri(CALLBACK).clock(idp.clock()).build();
    assertThat(login(idp, post).accessToken()).isNotEmpty();
    assertThat(idp.requests(Endpoint.TOKEN).get(idp.count(Endpoint.TOKEN) - 1).param("client_secret")).isPresent();

    IdentSphereClient spa = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-spa").audience("api")
        .redirectUri(CALLBACK).clock(idp.clock()).build();
    assertThat(login(idp, spa).accessToken()).isNotEmpty();
    assertThatThrownBy(spa::clientCredentials).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.error()).contains("unauthorized_client"));

    IdentSphereClient wrongSecret = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web")
        .clientSecret("not-the-secret-XYZ").redirectUri(CALLBACK).build();
    assertThatThrownBy(wrongSecret::clientCredentials).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.status()).hasValue(401);
      assertThat(e.error()).contains("invalid_client");
      assertThat(e.getMessage()).doesNotContain("not-the-secret-XYZ");
    });
  }

  @Test
  void introspection_revocation_andEndSession(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = client(idp);
    TokenResponse t = login(idp, c);
    IntrospectionResult active = c.introspect(t.accessToken());
    assertThat(active.active()).isTrue();
    assertThat(active.user()).hasValueSatisfying(u -> assertThat(u.subject()).isEqualTo("alice"));
    c.revoke(t.accessToken(), "access_token");
    assertThat(c.introspect(t.accessToken()).active()).isFalse();
    c.revoke(t.refreshToken().get(), "refresh_token");
    assertThatThrownBy(() -> c.refresh(t.refreshToken().get())).isInstanceOf(IdentityServerException.class);

    TokenResponse t2 = login(idp, c);
    URI end = c.endSessionUri(t2.idToken().get(), URI.create("http://127.0.0.1:8999/bye"), "st-42");
    URI back = browse(end);
    assertThat(back.toString()).isEqualTo("http://127.0.0.1:8999/bye?state=st-42");
    assertThat(c.introspect(t2.accessToken()).active()).isFalse();
  }

  @Test
  void identSphereApi_loginCookiesProfileAndLogout(FakeIdentSphere idp) {
    IdentSphereClient c = client(idp);
    ApiResponse bad = c.api().login("{\"email\":\"alice@example.test\",\"password\":\"nope\"}");
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.setCookies()).isEmpty();
    ApiResponse ok = c.api().login("{\"email\":\"alice@example.test\",\"password\":\"password\"}");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.setCookies()).hasSize(2).allSatisfy(s -> assertThat(s).contains("HttpOnly").contains("SameSite=Lax"));
    String cookieHeader = ok.setCookies().stream().map(s -> s.substring(0, s.indexOf(';'))).reduce((a, b) -> a + "; " + b).get();
    assertThat(c.api().me("theme=dark; " + cookieHeader, null).email()).contains("alice@example.test");
    assertThatThrownBy(() -> c.api().me("theme=dark", null)).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.status()).hasValue(401));
  }

  @Test
  void sessionCheck_revocationTakesEffectAfterCacheTtl(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = client(idp);
    TokenResponse t = login(idp, c);
    TokenVerifier strict = c.sessionCheckingVerifier(Duration.ofSeconds(30));
    assertThat(strict.verify(t.accessToken()).subject()).isEqualTo("alice");
    idp.revokeSessions("alice");
    assertThat(strict.verify(t.accessToken()).subject()).isEqualTo("alice"); // cached
    idp.clock().advance(Duration.ofSeconds(31));
    assertThatThrownBy(() -> strict.verify(t.accessToken())).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.INACTIVE));
    assertThat(c.accessTokenValidator().validate(t.accessToken()).subject()).isEqualTo("alice"); // local mode lags
  }

  @Test
  void keyRotation_withOverlap_andReplacement(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api")
        .clientSecret(FakeIdentSphere.DEMO_SECRET).clock(idp.clock())
        .keyCache(k -> k.unknownKeyCooldown(Duration.ofSeconds(10))).build();
    String oldToken = idp.minter().accessToken("bob").sign();
    c.accessTokenValidator().validate(oldToken);
    idp.rotateKeys(true, "k-2");
    String newToken = idp.minter().accessToken("bob").sign();
    assertThat(c.accessTokenValidator().validate(newToken).keyId()).contains("k-2");
    assertThat(c.accessTokenValidator().validate(oldToken).subject()).isEqualTo("bob");
    idp.rotateKeys(false, "k-3");
    idp.clock().advance(Duration.ofSeconds(11));
    assertThat(c.accessTokenValidator().validate(idp.minter().accessToken("bob").sign()).keyId()).contains("k-3");
    assertThatThrownBy(() -> c.accessTokenValidator().validate(newToken))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
  }

  @Test
  void jwks_isFetchedOnce_forManyValidations(FakeIdentSphere idp) {
    IdentSphereClient c = client(idp);
    for (int i = 0; i < 50; i++) c.accessTokenValidator().validate(idp.minter().accessToken("bob").sign());
    assertThat(idp.count(Endpoint.JWKS)).isEqualTo(1);
    assertThat(idp.count(Endpoint.DISCOVERY)).isEqualTo(1);
  }

  @Test
  void faults_becomeTypedErrors(FakeIdentSphere idp) {
    IdentSphereClient c = client(idp);
    idp.faultOnce(Endpoint.DISCOVERY, Fault.malformedJson());
    assertThatThrownBy(c::metadata).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
    assertThat(c.metadata().issuer()).isEqualTo(idp.issuer()); // healed on the next call

    idp.faultOnce(Endpoint.TOKEN, Fault.tooManyRequests(Duration.ofSeconds(7)));
    assertThatThrownBy(c::clientCredentials).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.status()).hasValue(429);
      assertThat(e.error()).contains("slow_down");
    });
    idp.fault(Endpoint.TOKEN, Fault.oauthError(503, "temporarily_unavailable", "maintenance"), 2);
    assertThatThrownBy(c::clientCredentials).isInstanceOf(IdentityServerException.class);
    assertThatThrownBy(c::clientCredentials).isInstanceOf(IdentityServerException.class);
    assertThat(c.clientCredentials().accessToken()).isNotEmpty();

    idp.faultOnce(Endpoint.USERINFO, Fault.delay(Duration.ofSeconds(3)));
    String token = idp.minter().accessToken("bob").sign();
    assertThatThrownBy(() -> c.userInfo(token)).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));

    // The JDK client retries an idempotent GET once after a dropped connection, so drop two.
    idp.fault(Endpoint.USERINFO, Fault.closeConnection(), 2);
    assertThatThrownBy(() -> c.userInfo(token)).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isIn(Kind.UNREACHABLE, Kind.MALFORMED_RESPONSE));
    assertThat(c.userInfo(token).subject()).isEqualTo("bob");
  }

  @Test
  void severalIssuers_exactStrings_andNoCrossIssuerTokens() {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().issuerPaths("", "/tenants/acme", "/slash/").build().start()) {
      for (String issuer : idp.issuers()) {
        IdentSphereClient c = IdentSphereClient.newBuilder(issuer).clientId("demo-web").audience("api").clock(idp.clock())
            .clientSecret(FakeIdentSphere.DEMO_SECRET).build();
        assertThat(c.metadata().issuer()).isEqualTo(issuer);
        assertThat(c.accessTokenValidator().validate(idp.minter(issuer).accessToken("bob").sign()).issuer()).contains(issuer);
      }
      IdentSphereClient acme = IdentSphereClient.newBuilder(idp.issuer("/tenants/acme")).clientId("demo-web")
          .audience("api").clock(idp.clock()).build();
      assertThatThrownBy(() -> acme.accessTokenValidator().validate(idp.minter().accessToken("bob").sign()))
          .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_ISSUER));
      assertThat(idp.issuer("/slash/")).endsWith("/slash/");
    }
  }

  @Test
  void loginForm_signsInWithCredentials() throws Exception {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().autoLogin(null).build().start()) {
      IdentSphereClient c = client(idp);
      AuthorizationRequest req = c.authorizationRequest();
      HttpResponse<String> form = BROWSER.send(HttpRequest.newBuilder(req.uri()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(form.statusCode()).isEqualTo(200);
      assertThat(form.body()).contains("<form method=\"post\"").contains("name=\"code_challenge\"");
      Map<String, String> q = Query.parse(req.uri().getRawQuery());
      q.put("email", "bob@example.test");
      q.put("password", "wrong");
      HttpResponse<String> denied = post(idp.authorizeUri(), q);
      assertThat(denied.statusCode()).isEqualTo(200);
      assertThat(denied.body()).contains("Invalid email or password");
      q.put("password", "password");
      HttpResponse<String> ok = post(idp.authorizeUri(), q);
      assertThat(ok.statusCode()).isEqualTo(302);
      TokenResponse t = c.handleCallback(req, URI.create(ok.headers().firstValue("Location").get()));
      assertThat(c.accessTokenValidator().validate(t.accessToken()).subject()).isEqualTo("bob");
    }
  }

  private static HttpResponse<String> post(URI uri, Map<String, String> form) throws Exception {
    return BROWSER.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(Query.form(form))).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
