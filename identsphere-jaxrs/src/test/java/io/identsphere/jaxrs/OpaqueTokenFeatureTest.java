package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.Endpoint;
import io.identsphere.testkit.Fault;
import io.identsphere.testkit.FakeIdentSphere;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Opaque access tokens through {@code IdentSphereFeature.of(client.introspectingVerifier().build())}
 * on Jersey, over real HTTP against a fake server that issues them: an inactive or refused token is
 * a 401, an identity server that cannot answer is a 503.
 */
class OpaqueTokenFeatureTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static FakeIdentSphere idp;
  static TestRuntime.Served app;
  static IdentSphereClient client;

  @BeforeAll
  static void start() {
    idp = FakeIdentSphere.newBuilder().opaqueAccessTokens().build().start();
    client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web")
        .clientSecret(FakeIdentSphere.DEMO_SECRET).audience("api").clock(idp.clock())
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)).build();
    app = JerseyRuntime.INSTANCE.serve(TestApp.of(Resources.Me.class, Resources.Admin.class,
        IdentSphereFeature.of(client.introspectingVerifier().build())), 0);
  }

  @AfterAll
  static void stop() {
    app.close();
    idp.close();
  }

  @BeforeEach
  void reset() {
    idp.reset();
    idp.clock().advance(Duration.ofMinutes(10)); // past every answer cached by an earlier test
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String opaque(String subject) {
    return idp.opaqueTokenFor(idp.minter().accessToken(subject).sign());
  }

  @Test
  void activeOpaqueToken_isTheUser_withRoles_andIsIntrospectedOnce() throws Exception {
    String token = opaque("alice");
    HttpResponse<String> me = get("me", token);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).startsWith("alice scheme=Bearer admin=true");
    assertThat(get("admin", token).statusCode()).isEqualTo(200);
    assertThat(get("admin", opaque("bob")).statusCode()).isEqualTo(403);
    assertThat(idp.requests(Endpoint.INTROSPECTION)).hasSize(2);
  }

  @Test
  void inactiveOpaqueToken_is401InvalidToken() throws Exception {
    HttpResponse<String> r = get("me", "an-opaque-token-nobody-issued");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
  }

  @Test
  void definiteRefusalByTheIntrospectionEndpoint_is401() throws Exception {
    idp.faultOnce(Endpoint.INTROSPECTION, Fault.oauthError(400, "invalid_token", "unknown token"));
    assertThat(get("me", opaque("alice")).statusCode()).isEqualTo(401);
  }

  @Test
  void introspectionOutage_is503_andTheNextRequestSucceeds() throws Exception {
    String token = opaque("alice");
    idp.faultOnce(Endpoint.INTROSPECTION, Fault.status(503));
    assertThat(get("me", token).statusCode()).isEqualTo(503);
    idp.faultOnce(Endpoint.INTROSPECTION, Fault.closeConnection());
    assertThat(get("me", token).statusCode()).isEqualTo(503);
    idp.faultOnce(Endpoint.INTROSPECTION, Fault.status(500));
    assertThat(get("me", token).statusCode()).isEqualTo(503);
    assertThat(get("me", token).statusCode()).isEqualTo(200);
  }

  @Test
  void jwtAccessToken_isValidatedLocally_inTheCombinedMode() throws Exception {
    HttpResponse<String> me = get("me", idp.minter().accessToken("bob").sign());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).startsWith("bob ");
    assertThat(idp.requests(Endpoint.INTROSPECTION)).isEmpty();
  }

  @Test
  void opaqueTokenForAnotherAudience_is401() throws Exception {
    String other = idp.opaqueTokenFor(idp.minter().accessToken("alice").audience("billing").sign());
    assertThat(get("me", other).statusCode()).isEqualTo(401);
  }

  @Test
  void aClientWithAnotherVerifier_verifiesWithThatVerifier_andCanStillRefreshCookies() throws Exception {
    IdentSphereFeature feature = IdentSphereFeature.newBuilder(client, client.introspectingVerifier().build())
        .refreshExpiredCookies().build();
    try (TestRuntime.Served other = JerseyRuntime.INSTANCE.serve(TestApp.of(Resources.Me.class, feature), 0)) {
      HttpRequest req = HttpRequest.newBuilder(other.uri("me")).header("Authorization", "Bearer " + opaque("alice")).build();
      HttpResponse<String> me = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.body()).startsWith("alice ");
      assertThat(idp.requests(Endpoint.INTROSPECTION)).hasSize(1);
    }
  }
}
