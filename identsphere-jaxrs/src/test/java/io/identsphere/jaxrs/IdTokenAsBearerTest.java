package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.oidc.AuthorizationRequest;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.TokenResponse;
import io.identsphere.testkit.FakeIdentSphere;
import io.identsphere.testkit.TokenMinter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter, configured as the README's quick start is ({@code clientId} plus an API
 * {@code audience}), refuses the client's ID tokens as bearer tokens with 401 invalid_token and
 * accepts the access tokens, on a real Jersey runtime over real HTTP with real keys. ID and
 * access tokens come in the shapes of three servers: the fake IdentSphere itself (from a real code
 * flow, and from its minter), Keycloak, and node oidc-provider.
 */
class IdTokenAsBearerTest {
  private static final URI CALLBACK = URI.create("http://127.0.0.1:8999/callback");
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  static FakeIdentSphere idp;
  static IdentSphereClient client;
  static TestRuntime.Served quickStart;
  static TestRuntime.Served anyAudience;
  static TokenResponse login;

  @BeforeAll
  static void start() throws Exception {
    idp = FakeIdentSphere.newBuilder().build().start();
    client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").clientSecret(FakeIdentSphere.DEMO_SECRET)
        .audience("api").redirectUri(CALLBACK).clock(idp.clock()).build();
    IdentSphereClient ignoring = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").ignoreAudience()
        .clock(idp.clock()).build();
    quickStart = JerseyRuntime.INSTANCE.serve(new ResourceConfig(Resources.Me.class).register(IdentSphereFeature.of(client)), 0);
    anyAudience = JerseyRuntime.INSTANCE.serve(new ResourceConfig(Resources.Me.class).register(IdentSphereFeature.of(ignoring)), 0);
    AuthorizationRequest request = client.authorizationRequest();
    HttpResponse<String> authorize = HTTP.send(HttpRequest.newBuilder(request.uri()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(authorize.statusCode()).as("authorize: %s", authorize.body()).isEqualTo(302);
    login = client.handleCallback(request, URI.create(authorize.headers().firstValue("Location").orElseThrow()));
  }

  @AfterAll
  static void stop() {
    quickStart.close();
    anyAudience.close();
    idp.close();
  }

  private static TokenMinter minter() {
    return idp.minter();
  }

  /** ID tokens in every shape, by name. */
  private static Map<String, String> idTokens() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("testkit code flow", login.idToken().orElseThrow());
    t.put("testkit minter", minter().idToken("alice", "demo-web").claim("at_hash", "x7-b0aPd0UNUyD4l2c0f3A")
        .claim("sid", "f-1").sign());
    t.put("keycloak", minter().idToken("alice", "demo-web").claim("typ", "ID").claim("azp", "demo-web")
        .claim("at_hash", "pKcUVUQuJ8ZbQ1TG4fHqGw").claim("session_state", "5d9e").claim("acr", "1").sign());
    t.put("oidc-provider with nonce", minter().idToken("alice", "demo-web").header("typ", null).sign());
    t.put("oidc-provider without nonce", minter().idToken("alice", "demo-web").header("typ", null).withoutClaim("nonce")
        .sign());
    return t;
  }

  private static HttpResponse<String> me(TestRuntime.Served app, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(app.uri("me")).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertInvalidToken(HttpResponse<String> r, String what) {
    assertThat(r.statusCode()).as(what).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).as(what).hasValueSatisfying(
        c -> assertThat(c).startsWith("Bearer realm=\"identsphere\"").contains("error=\"invalid_token\""));
    assertThat(r.body()).as(what).doesNotContain("eyJ");
  }

  @Test
  void idTokens_areRefusedWith401InvalidToken_withTheQuickStartOptions() throws Exception {
    for (Map.Entry<String, String> t : idTokens().entrySet()) assertInvalidToken(me(quickStart, t.getValue()), t.getKey());
  }

  @Test
  void idTokens_areRefusedWith401InvalidToken_evenWhenTheAudienceIsIgnored() throws Exception {
    for (Map.Entry<String, String> t : idTokens().entrySet()) assertInvalidToken(me(anyAudience, t.getValue()), t.getKey());
  }

  @Test
  void accessTokens_ofEveryShape_areAccepted() throws Exception {
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("testkit code flow", login.accessToken());
    tokens.put("testkit minter (at+jwt)", minter().accessToken("alice").sign());
    tokens.put("keycloak (typ JWT, claim typ Bearer)", minter().accessToken("alice").header("typ", "JWT")
        .claim("typ", "Bearer").claim("azp", "demo-web").audience("api", "account").claim("session_state", "5d9e")
        .claim("realm_access", Map.of("roles", List.of("offline_access", "admin"))).sign());
    for (Map.Entry<String, String> t : tokens.entrySet()) {
      for (TestRuntime.Served app : new TestRuntime.Served[] {quickStart, anyAudience}) {
        HttpResponse<String> r = me(app, t.getValue());
        assertThat(r.statusCode()).as(t.getKey()).isEqualTo(200);
        assertThat(r.body()).as(t.getKey()).isEqualTo("alice scheme=Bearer admin=true secure=false");
      }
    }
    String oidcProvider = minter().token().header("typ", "at+jwt").claim("sub", "carol").claim("client_id", "demo-web")
        .scope("openid", "orders:read").sign();
    for (TestRuntime.Served app : new TestRuntime.Served[] {quickStart, anyAudience}) {
      HttpResponse<String> r = me(app, oidcProvider);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("carol scheme=Bearer admin=false secure=false");
    }
  }
}
