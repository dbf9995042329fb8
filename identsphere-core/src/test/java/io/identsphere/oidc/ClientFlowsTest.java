package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import io.identsphere.IdentSphereUser;
import io.identsphere.internal.http.Http;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.token.TestTokens;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenRejectedException.Reason;
import io.identsphere.token.TokenVerifier;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's grants, revocation, logout URL, IdentSphere API calls, environment set-up and the
 * session-checking verifier, on a real loopback server that records what it was sent; public API only.
 */
class ClientFlowsTest {
  private final LocalServer server;
  private final Fixtures.MutableClock clock = new Fixtures.MutableClock();
  private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final List<String> cookies = new CopyOnWriteArrayList<>();

  ClientFlowsTest() throws Exception {
    server = new LocalServer();
    Fixtures.serveDiscovery(server, Map.of());
    String jwks = JwkSet.of(Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256)).toPublicJson();
    server.json("/jwks", jwks);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IdentSphereClientBuilder builder() {
    return IdentSphereClient.newBuilder(server.base()).clientId("web").clientSecret(Fixtures.SECRET).clock(clock)
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  /** Records the form, Authorization and Cookie headers of each request to {@code path}, then answers. */
  private void record(String path, int status, String type, String body, Map<String, String> headers) {
    server.handlers.put(path, ex -> {
      remember(ex);
      LocalServer.send(ex, status, type, body, headers);
    });
  }

  private void remember(HttpExchange ex) throws IOException {
    String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    forms.add(Http.parseQuery(form));
    authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
    cookies.add(String.valueOf(ex.getRequestHeaders().getFirst("Cookie")));
  }

  private static String basic(String id, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private String accessToken(String sub) {
    Map<String, Object> c = new HashMap<>();
    c.put("iss", server.base());
    c.put("aud", "api");
    c.put("sub", sub);
    c.put("exp", clock.instant().plusSeconds(3600).getEpochSecond());
    c.put("iat", clock.instant().getEpochSecond());
    return TestTokens.rs256(Map.of("alg", "RS256", "kid", "k1", "typ", "at+jwt"), c, TestTokens.RSA.getPrivate());
  }

  @Test
  void clientCredentials_sendsGrantScopeAndAudience_withBasicAuth_andReadsTheAnswer() {
    record("/token", 200, "application/json", "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\","
        + "\"expires_in\":120,\"scope\":\"orders:read  orders:write\"}", Map.of());
    TokenResponse t = builder().audience("orders-api").build().clientCredentials("orders:read", "orders:write");
    // audience(...) configures validation only: the non-standard audience parameter is never sent
    assertThat(forms.get(0)).containsExactlyInAnyOrderEntriesOf(Map.of("grant_type", "client_credentials",
        "scope", "orders:read orders:write"));
    assertThat(authorizations.get(0)).isEqualTo(basic("web", Fixtures.SECRET));
    assertThat(t.accessToken()).isEqualTo("at-1");
    assertThat(t.tokenType()).isEqualTo("Bearer");
    assertThat(t.expiresAt()).contains(clock.instant().plusSeconds(120));
    assertThat(t.scopes()).containsExactly("orders:read", "orders:write");
    assertThat(t.refreshToken()).isEmpty();
    assertThat(t.idToken()).isEmpty();
    assertThat(t.raw()).containsEntry("access_token", "at-1");
    assertThat(t.toString()).isEqualTo("TokenResponse{tokenType=Bearer, expiresAt=2026-12-01T12:02:00Z,"
        + " scopes=[orders:read, orders:write], refreshToken=absent, idToken=absent}").doesNotContain("at-1");
  }

  @Test
  void clientCredentials_withoutScopesOrAudience_sendsNeither() {
    record("/token", 200, "application/json", "{\"access_token\":\"at-1\",\"token_type\":\"bearer\"}", Map.of());
    TokenResponse t = builder().build().clientCredentials();
    assertThat(forms.get(0)).containsExactly(Map.entry("grant_type", "client_credentials"));
    assertThat(t.scopes()).isEmpty();
    assertThat(t.expiresAt()).isEmpty();
  }

  @Test
  void clientSecretPost_sendsTheCredentialsInTheForm_andAPublicClientSendsItsIdOnly() {
    record("/token", 200, "application/json", "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\"}", Map.of());
    builder().clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST).build().clientCredentials();
    assertThat(forms.get(0)).containsEntry("client_id", "web").containsEntry("client_secret", Fixtures.SECRET);
    assertThat(authorizations.get(0)).isEqualTo("null");
    IdentSphereClient.newBuilder(server.base()).clientId("spa").clock(clock).build().refresh("rt");
    assertThat(forms.get(1)).containsEntry("client_id", "spa").doesNotContainKey("client_secret");
    assertThat(authorizations.get(1)).isEqualTo("null");
    assertThatThrownBy(() -> IdentSphereClient.newBuilder(server.base()).clientId("spa")
        .clientAuthentication(ClientAuthentication.CLIENT_SECRET_BASIC).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("client_secret_basic needs a clientSecret");
  }

  @Test
  void refresh_sendsTheRefreshToken_andARotatedOneReplacesIt() {
    record("/token", 200, "application/json", "{\"access_token\":\"at-2\",\"token_type\":\"Bearer\","
        + "\"refresh_token\":\"rt-new\"}", Map.of());
    TokenResponse t = builder().build().refresh("rt-old");
    assertThat(forms.get(0)).containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", "rt-old");
    assertThat(t.refreshToken()).contains("rt-new");
    assertThat(t.idToken()).isEmpty(); // a refreshed ID token is validated (OIDC Core 12.2): see RefreshIdTokenTest
    assertThat(t.toString()).contains("refreshToken=present").doesNotContain("rt-new");
  }

  @Test
  void exchangeCode_sendsCodeVerifierAndRedirect() {
    record("/token", 200, "application/json", "{\"access_token\":\"at-3\",\"token_type\":\"Bearer\"}", Map.of());
    TokenResponse t = builder().build().exchangeCode("c-1", "v".repeat(43), URI.create("http://127.0.0.1:9/cb"));
    assertThat(forms.get(0)).containsEntry("grant_type", "authorization_code").containsEntry("code", "c-1")
        .containsEntry("code_verifier", "v".repeat(43)).containsEntry("redirect_uri", "http://127.0.0.1:9/cb");
    assertThat(t.accessToken()).isEqualTo("at-3");
  }

  @Test
  void revoke_postsTheTokenAndHint_andAnErrorAnswerIsTyped() {
    record("/revoke", 200, null, "", Map.of());
    builder().build().revoke("rt-1", "refresh_token");
    assertThat(forms.get(0)).containsEntry("token", "rt-1").containsEntry("token_type_hint", "refresh_token");
    assertThat(authorizations.get(0)).isEqualTo(basic("web", Fixtures.SECRET));
    builder().build().revoke("rt-2", null);
    assertThat(forms.get(1)).containsEntry("token", "rt-2").doesNotContainKey("token_type_hint");
    record("/revoke", 400, "application/json", "{\"error\":\"unsupported_token_type\"}", Map.of());
    assertThatThrownBy(() -> builder().build().revoke("rt-3", "refresh_token"))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.OAUTH_ERROR);
          assertThat(e.status()).hasValue(400);
          assertThat(e.error()).contains("unsupported_token_type");
          assertThat(e.getMessage()).doesNotContain("rt-3");
        });
  }

  @Test
  void endSessionUri_carriesHintRedirectClientAndState_andLeavesOutWhatIsNotGiven() {
    IdentSphereClient client = builder().build();
    URI u = client.endSessionUri("idt", URI.create("https://app.example/bye"), "s-1");
    assertThat(u.getPath()).isEqualTo("/logout");
    assertThat(Http.parseQuery(u.getRawQuery())).containsExactlyInAnyOrderEntriesOf(Map.of("id_token_hint", "idt",
        "post_logout_redirect_uri", "https://app.example/bye", "client_id", "web", "state", "s-1"));
    URI bare = client.endSessionUri(null, null, null);
    assertThat(Http.parseQuery(bare.getRawQuery())).containsExactly(Map.entry("client_id", "web"));
  }

  @Test
  void userInfo_sendsTheBearerToken_andChecksTheSubject() {
    record("/userinfo", 200, "application/json", "{\"sub\":\"alice\",\"email\":\"a@example.test\",\"roles\":[\"admin\"]}",
        Map.of());
    IdentSphereClient client = builder().build();
    IdentSphereUser u = client.userInfo("at-9");
    assertThat(authorizations.get(0)).isEqualTo("Bearer at-9");
    assertThat(u.subject()).isEqualTo("alice");
    assertThat(u.hasRole("admin")).isTrue();
    assertThat(client.userInfo("at-9", "alice").subject()).isEqualTo("alice");
    assertThatThrownBy(() -> client.userInfo("at-9", "bob")).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.SUBJECT_MISMATCH));
  }

  @Test
  void apiMe_forwardsOnlyIdentSphereCookies_andApiLoginRelaysTheAnswer() {
    record("/v1/users/me", 200, "application/json", "{\"sub\":\"alice\"}", Map.of());
    IdentSphereClient client = builder().build();
    IdentSphereUser me = client.api().me("theme=dark; identsphere_session=abc;  IdentSphere_csrf=def ;other=1", null);
    assertThat(me.subject()).isEqualTo("alice");
    assertThat(cookies.get(0)).isEqualTo("identsphere_session=abc; IdentSphere_csrf=def");
    client.api().me("theme=dark", "at-5");
    assertThat(cookies.get(1)).isEqualTo("null");
    assertThat(authorizations.get(1)).isEqualTo("Bearer at-5");

    server.handlers.put("/v1/auth/login", ex -> {
      byte[] in = ex.getRequestBody().readAllBytes();
      ex.getResponseHeaders().add("Set-Cookie", "identsphere_session=s; HttpOnly");
      ex.getResponseHeaders().add("Set-Cookie", "identsphere_csrf=c");
      LocalServer.send(ex, 201, "application/json", "{\"echo\":" + new String(in, StandardCharsets.UTF_8) + "}", Map.of());
    });
    ApiResponse r = client.api().login("{\"email\":\"a@example.test\"}");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(r.body()).isEqualTo("{\"echo\":{\"email\":\"a@example.test\"}}");
    assertThat(r.setCookies()).containsExactly("identsphere_session=s; HttpOnly", "identsphere_csrf=c");
  }

  @Test
  void apiCalls_goToTheAuthority_withOrWithoutATrailingSlash() {
    record("/v1/users/me", 200, "application/json", "{\"sub\":\"alice\"}", Map.of());
    IdentSphereClient slash = IdentSphereClient.newBuilder(server.base() + "/").clientId("web").clock(clock).build();
    assertThat(slash.api().me(null, "at")).extracting(IdentSphereUser::subject).isEqualTo("alice");
    assertThat(server.hits("/v1/users/me")).isEqualTo(1);
  }

  @Test
  void sessionCheckingVerifier_asksTheServerOncePerTtl_andRefusesAnInactiveToken() {
    record("/introspect", 200, "application/json", "{\"active\":true}", Map.of());
    IdentSphereClient client = builder().audience("api").build();
    TokenVerifier v = client.sessionCheckingVerifier(Duration.ofSeconds(30));
    String token = accessToken("alice");
    assertThat(v.verify(token).subject()).isEqualTo("alice");
    assertThat(forms.get(0)).containsEntry("token", token);
    clock.advance(Duration.ofSeconds(29));
    assertThat(v.verify(token).subject()).isEqualTo("alice");
    assertThat(server.hits("/introspect")).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1)); // exactly the TTL after the confirmation: asked again
    record("/introspect", 200, "application/json", "{\"active\":false}", Map.of());
    assertThatThrownBy(() -> v.verify(token)).isInstanceOfSatisfying(TokenRejectedException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.INACTIVE);
      assertThat(e.getMessage()).isEqualTo("the identity server says the token is no longer active (revoked or logged out)");
    });
    assertThat(server.hits("/introspect")).isEqualTo(2);
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(TokenRejectedException.class);
    assertThat(server.hits("/introspect")).isEqualTo(3); // a refusal is not cached as a confirmation
  }

  @Test
  void sessionCheckingVerifier_confirmsEachTokenOnItsOwn() {
    String alice = accessToken("alice");
    String bob = accessToken("bob");
    server.handlers.put("/introspect", ex -> {
      remember(ex);
      boolean active = forms.get(forms.size() - 1).get("token").equals(alice);
      LocalServer.send(ex, 200, "application/json", "{\"active\":" + active + "}", Map.of());
    });
    TokenVerifier v = builder().audience("api").build().sessionCheckingVerifier(Duration.ofMinutes(5));
    assertThat(v.verify(alice).subject()).isEqualTo("alice");
    assertThatThrownBy(() -> v.verify(bob)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.INACTIVE));
    assertThat(server.hits("/introspect")).isEqualTo(2);
  }

  @Test
  void sessionCheckingVerifier_withoutIntrospection_asksTheProfileEndpoint_and401MeansInactive() {
    Fixtures.serveDiscovery(server, java.util.Collections.singletonMap("introspection_endpoint", null));
    record("/v1/users/me", 200, "application/json", "{\"sub\":\"alice\"}", Map.of());
    IdentSphereClient client = builder().audience("api").build();
    String token = accessToken("alice");
    assertThat(client.sessionCheckingVerifier(Duration.ofSeconds(30)).verify(token).subject()).isEqualTo("alice");
    assertThat(authorizations.get(0)).isEqualTo("Bearer " + token);
    for (int status : new int[] {401, 403}) {
      record("/v1/users/me", status, "application/json", "{\"error\":\"invalid_token\"}", Map.of());
      assertThatThrownBy(() -> client.sessionCheckingVerifier(Duration.ofSeconds(30)).verify(token))
          .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INACTIVE));
    }
    record("/v1/users/me", 500, "text/plain", "oops", Map.of());
    assertThatThrownBy(() -> client.sessionCheckingVerifier(Duration.ofSeconds(30)).verify(token))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> assertThat(e.status()).hasValue(500));
  }

  @Test
  void fromEnvironment_needsUrlAndClientId_andUsesSecretAndAudienceWhenSet() {
    assertThatThrownBy(() -> IdentSphereClient.fromEnvironment(Map.of("IDENTSPHERE_CLIENT_ID", "web")))
        .isInstanceOf(IllegalStateException.class).hasMessage("IDENTSPHERE_URL is not set");
    assertThatThrownBy(() -> IdentSphereClient.fromEnvironment(Map.of("IDENTSPHERE_URL", " ", "IDENTSPHERE_CLIENT_ID", "web")))
        .isInstanceOf(IllegalStateException.class).hasMessage("IDENTSPHERE_URL is not set");
    assertThatThrownBy(() -> IdentSphereClient.fromEnvironment(Map.of("IDENTSPHERE_URL", server.base())))
        .isInstanceOf(IllegalStateException.class).hasMessage("IDENTSPHERE_CLIENT_ID is not set");
    assertThatThrownBy(() -> IdentSphereClient.fromEnvironment(Map.of("IDENTSPHERE_URL", server.base(),
        "IDENTSPHERE_CLIENT_ID", ""))).isInstanceOf(IllegalStateException.class).hasMessage("IDENTSPHERE_CLIENT_ID is not set");
    IdentSphereClient pub = IdentSphereClient.fromEnvironment(Map.of("IDENTSPHERE_URL", server.base(),
        "IDENTSPHERE_CLIENT_ID", "web", "IDENTSPHERE_CLIENT_SECRET", "")).build();
    assertThat(pub.toString()).isEqualTo("IdentSphereClient{authority=" + server.base() + ", clientId=web, auth=none}");
    assertThat(pub.authority()).isEqualTo(server.base());
    assertThat(pub.clientId()).isEqualTo("web");
    IdentSphereClient conf = IdentSphereClient.fromEnvironment(Map.of("IDENTSPHERE_URL", server.base(),
        "IDENTSPHERE_CLIENT_ID", "web", "IDENTSPHERE_CLIENT_SECRET", Fixtures.SECRET, "IDENTSPHERE_AUDIENCE", "api")).clock(clock)
        .build();
    assertThat(conf.toString()).endsWith("auth=chosen by discovery}").doesNotContain(Fixtures.SECRET);
    assertThat(conf.accessTokenValidator().validate(accessToken("alice")).subject()).isEqualTo("alice");
  }

  @Test
  void build_refusesPlainHttpOffLoopback_unlessAllowed_andNeedsAClientId() {
    assertThatThrownBy(() -> IdentSphereClient.newBuilder("http://id.example.invalid").clientId("web").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("authority http://id.example.invalid must be HTTPS (HTTP only on loopback).")
        .hasMessageContaining("allowInsecureHttp()").hasMessageContaining("IDENTSPHERE_ALLOW_INSECURE_HTTP=true");
    assertThat(IdentSphereClient.newBuilder("http://id.example.invalid").clientId("web").allowInsecureHttp().build()
        .authority()).isEqualTo("http://id.example.invalid");
    assertThatThrownBy(() -> IdentSphereClient.newBuilder(server.base()).build()).isInstanceOf(IllegalStateException.class)
        .hasMessage("clientId == null: call clientId(...), or validateOnly() for a client that only validates tokens"
            + " and calls the /v1 API");
    assertThatThrownBy(() -> builder().audience()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audience(...) needs at least one value");
    assertThatThrownBy(() -> builder().audience("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audience is empty");
    assertThatThrownBy(() -> builder().discoveryTtl(Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must not be negative: PT-0.000000001S");
  }

  @Test
  void discoveryTtlOfZero_fetchesTheDocumentForEveryCall() {
    IdentSphereClient client = builder().discoveryTtl(Duration.ZERO).build();
    client.metadata();
    client.metadata();
    assertThat(server.hits("/.well-known/openid-configuration")).isEqualTo(2);
    IdentSphereClient cached = builder().discoveryTtl(Duration.ofSeconds(10)).build();
    cached.metadata();
    clock.advance(Duration.ofMillis(9999));
    cached.metadata();
    assertThat(server.hits("/.well-known/openid-configuration")).isEqualTo(3);
    clock.advance(Duration.ofMillis(1));
    cached.metadata();
    assertThat(server.hits("/.well-known/openid-configuration")).isEqualTo(4);
  }

  @Test
  void authorizationRequest_asksForTheConfiguredAudience_andRefusesToOverrideItsOwnParameters() {
    IdentSphereClient client = builder().audience("orders-api").scopes("openid", "orders").build();
    AuthorizationRequest r = client.authorizationRequest(URI.create("http://127.0.0.1:9/cb"), Map.of("prompt", "login"));
    Map<String, String> q = Http.parseQuery(r.uri().getRawQuery());
    assertThat(q).doesNotContainKey("audience").containsEntry("scope", "openid orders")
        .containsEntry("prompt", "login");
    assertThatThrownBy(() -> client.authorizationRequest(URI.create("http://127.0.0.1:9/cb"), Map.of("nonce", "mine")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("parameter nonce is set by the client");
    assertThatThrownBy(client::authorizationRequest).isInstanceOf(IllegalStateException.class)
        .hasMessage("no redirectUri configured: pass one");
  }

  @Test
  void warmUp_fetchesDiscoveryAndKeys_andTheKeySourceIsTheClients() {
    IdentSphereClient client = builder().build();
    client.warmUp();
    assertThat(server.hits("/.well-known/openid-configuration")).isEqualTo(1);
    assertThat(server.hits("/jwks")).isEqualTo(1);
    assertThat(client.keySource().toString()).startsWith("RemoteJwkSet{1 keys, fetched ");
    assertThat(client.clock()).isSameAs(clock);
  }

  @Test
  void keyCacheHttpClientAndClaimMapping_options_areApplied() {
    server.json("/jwks", "{\"keys\":[],\"pad\":\"" + "x".repeat(2000) + "\"}");
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
        .build();
    IdentSphereClient small = builder().httpClient(http).keyCache(k -> k.maxResponseBytes(1024)).build();
    assertThatThrownBy(small::warmUp).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.RESPONSE_TOO_LARGE));
    record("/userinfo", 200, "application/json", "{\"sub\":\"alice\",\"groups\":[\"ops\"],\"roles\":[\"admin\"]}",
        Map.of());
    IdentSphereUser u = builder().claimMapping(io.identsphere.ClaimMapping.DEFAULT.withRoleClaims("groups")).build()
        .userInfo("at");
    assertThat(u.roles()).containsExactly("ops");
  }
}
