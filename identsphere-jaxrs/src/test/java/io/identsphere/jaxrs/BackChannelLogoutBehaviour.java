package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import io.identsphere.testkit.TestClient;
import io.identsphere.testkit.TokenMinter;
import io.identsphere.token.ValidationListener;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect Back-Channel Logout on Jersey over real HTTP: the fake server's logout reaches the
 * app's endpoint, the same (cached) token is refused within a second, and every logout-token rule
 * refuses with 400. One subclass per runtime.
 */
public abstract class BackChannelLogoutBehaviour {
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  static final String PATH = "auth/backchannel-logout";
  FakeIdentSphere idp;
  IdentSphereClient client;
  TokenMinter minter;
  TestRuntime.Served app;
  final AtomicInteger hits = new AtomicInteger();

  protected abstract TestRuntime runtime();

  @BeforeEach
  void start() {
    idp = FakeIdentSphere.newBuilder().build().start();
    minter = idp.minter();
    ValidationListener counting = new ValidationListener() {
      @Override
      public void tokenAccepted(VerifiedToken token, boolean cacheHit) {
        if (cacheHit) hits.incrementAndGet();
      }
    };
    // The client's listener reaches its access-token validator; the endpoint is built from the client.
    client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api").clock(idp.clock())
        .listener(counting).build();
    IdentSphereFeature feature = IdentSphereFeature.newBuilder(client).backChannelLogout("/" + PATH).build();
    app = runtime().serve(TestApp.of(Resources.Me.class, feature), 0);
    idp.addClient(TestClient.confidential("demo-web", FakeIdentSphere.DEMO_SECRET).withBackChannelLogoutUri(app.uri(PATH)));
  }

  @AfterEach
  void stop() {
    app.close();
    idp.close();
  }

  private int me(String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(app.uri("me")).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private HttpResponse<String> postLogout(String form) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(app.uri(PATH)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postLogoutToken(String token) throws Exception {
    return postLogout("logout_token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII));
  }

  private String apiLogin() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(idp.apiLoginUri()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"alice@example.test\",\"password\":\"password\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("identsphere_at=")).findFirst()
        .orElseThrow();
    return cookie.substring("identsphere_at=".length(), cookie.indexOf(';'));
  }

  @Test
  void fakeLogout_ofALoggedInUser_refusesTheCachedTokenWithinASecond() throws Exception {
    String token = apiLogin();
    assertThat(me(token)).isEqualTo(200);
    assertThat(me(token)).isEqualTo(200);
    assertThat(hits).as("the second request is a cache hit").hasValue(1);

    long start = System.nanoTime();
    HttpResponse<String> out = HTTP.send(HttpRequest.newBuilder(URI.create(idp.issuer() + "/v1/auth/logout"))
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(out.statusCode()).isEqualTo(200);
    int status = me(token);
    for (int i = 0; i < 100 && status == 200 && System.nanoTime() - start < 2_000_000_000L; i++) {
      Thread.sleep(10);
      status = me(token);
    }
    Duration lag = Duration.ofNanos(System.nanoTime() - start);
    System.out.println("back-channel logout on " + getClass().getSimpleName() + ": revocation lag " + lag.toMillis() + " ms (fake logout call to first 401)");
    assertThat(status).isEqualTo(401);
    assertThat(lag).isLessThan(Duration.ofSeconds(1));
    assertThat(me(apiLogin())).as("a new session still works").isEqualTo(200);
  }

  @Test
  void endSession_withAnIdTokenHint_sendsALogoutToken() throws Exception {
    String token = minter.accessToken("alice").claim("sid", "s-1").sign();
    assertThat(me(token)).isEqualTo(200);
    String hint = minter.idToken("alice", "demo-web").claim("sid", "s-1").sign();
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(idp.issuer() + "/logout?id_token_hint=" + hint))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isLessThan(400);
    assertThat(me(token)).isEqualTo(401);
  }

  @Test
  void logoutToken_valid_isAnswered200WithNoStore_andRevokesOnlyItsSession() throws Exception {
    String mine = minter.accessToken("alice").claim("sid", "s-1").sign();
    String other = minter.accessToken("alice").claim("sid", "s-2").sign();
    assertThat(me(mine)).isEqualTo(200);
    HttpResponse<String> r = postLogoutToken(minter.logoutToken("demo-web", "s-1", "alice").sign());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(me(mine)).isEqualTo(401);
    assertThat(me(other)).isEqualTo(200);
  }

  @Test
  void logoutToken_withSubjectOnly_revokesEverySessionOfTheSubject() throws Exception {
    String a = minter.accessToken("alice").claim("sid", "s-1").sign();
    String b = minter.accessToken("alice").claim("sid", "s-2").sign();
    String bob = minter.accessToken("bob").claim("sid", "s-3").sign();
    assertThat(postLogoutToken(minter.logoutToken("demo-web", null, "alice").sign()).statusCode()).isEqualTo(200);
    assertThat(List.of(me(a), me(b), me(bob))).containsExactly(401, 401, 200);
  }

  @Test
  void logoutToken_tokenIssuedAfterTheLogout_isAccepted() throws Exception {
    assertThat(postLogoutToken(minter.logoutToken("demo-web", null, "alice").sign()).statusCode()).isEqualTo(200);
    idp.clock().advance(Duration.ofSeconds(1));
    assertThat(me(minter.accessToken("alice").sign())).isEqualTo(200);
  }

  @Test
  void logoutToken_replayed_isRefused() throws Exception {
    String logout = minter.logoutToken("demo-web", "s-1", "alice").sign();
    assertThat(postLogoutToken(logout).statusCode()).isEqualTo(200);
    HttpResponse<String> again = postLogoutToken(logout);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("REPLAYED");
  }

  @Test
  void logoutToken_breakingARule_isRefusedWith400AndAJsonError() throws Exception {
    Map<String, UnaryOperator<TokenMinter.Draft>> bad = new java.util.LinkedHashMap<>();
    bad.put("nonce", d -> d.claim("nonce", "n-1"));
    bad.put("no jti", d -> d.withoutClaim("jti"));
    bad.put("no events", d -> d.withoutClaim("events"));
    bad.put("events without the logout member", d -> d.claim("events", Map.of("urn:other", Map.of())));
    bad.put("logout event not an object", d -> d.claim("events", Map.of(
        io.identsphere.token.LogoutTokenValidator.BACKCHANNEL_LOGOUT_EVENT, "yes")));
    bad.put("events not an object", d -> d.claim("events", List.of()));
    bad.put("neither sid nor sub", d -> d.withoutClaim("sid").withoutClaim("sub"));
    bad.put("sid not a string", d -> d.claim("sid", 7));
    bad.put("no iat", d -> d.withoutClaim("iat"));
    bad.put("iat too old", d -> d.issuedAt(idp.clock().instant().minus(Duration.ofMinutes(7))).withoutClaim("exp"));
    bad.put("iat in the future", d -> d.issuedAt(idp.clock().instant().plus(Duration.ofMinutes(5))));
    bad.put("expired", d -> d.expired());
    bad.put("typ JWT", d -> d.header("typ", "JWT"));
    bad.put("typ at+jwt", d -> d.header("typ", "at+jwt"));
    bad.put("wrong audience", d -> d.wrongAudience());
    bad.put("wrong issuer", d -> d.wrongIssuer());
    bad.put("bad signature", d -> d.tamperedSignature());
    bad.put("foreign key", d -> d.signedByForeignKey());
    bad.put("alg none", d -> d.algNone());
    for (Map.Entry<String, UnaryOperator<TokenMinter.Draft>> e : bad.entrySet()) {
      String token = e.getValue().apply(minter.logoutToken("demo-web", "s-1", "alice")).sign();
      HttpResponse<String> r = postLogoutToken(token);
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
      assertThat(r.headers().firstValue("Cache-Control")).as(e.getKey()).hasValue("no-store");
      assertThat(r.headers().firstValue("Content-Type")).as(e.getKey()).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      assertThat(r.body()).as(e.getKey()).startsWith("{\"error\":\"invalid_request\",\"error_description\":\"");
      assertThat(r.body()).as(e.getKey()).doesNotContain(token.substring(token.indexOf('.') + 1, token.indexOf('.') + 21))
          .doesNotContain("s-1");
    }
    assertThat(me(minter.accessToken("alice").claim("sid", "s-1").sign())).as("nothing was revoked").isEqualTo(200);
  }

  @Test
  void accessToken_postedAsALogoutToken_isRefused_andALogoutTokenIsNoBearerToken() throws Exception {
    String access = minter.accessToken("alice").claim("sid", "s-1").sign();
    assertThat(postLogoutToken(access).statusCode()).isEqualTo(400);
    String accessUntyped = minter.accessToken("alice").audience("demo-web").header("typ", null).claim("sid", "s-1").sign();
    assertThat(postLogoutToken(accessUntyped).statusCode()).isEqualTo(400);
    assertThat(me(minter.logoutToken("api", "s-1", "alice").sign())).isEqualTo(401);
    assertThat(me(minter.logoutToken("api", "s-1", "alice").header("typ", null).sign())).isEqualTo(401);
  }

  @Test
  void anyVerifier_withAnExplicitLogoutValidator_refusesTokensOfALoggedOutSession() throws Exception {
    io.identsphere.token.TokenVerifier plain = token -> client.accessTokenValidator().validate(token);
    IdentSphereFeature feature = IdentSphereFeature.newBuilder(plain).backChannelLogout("bcl",
        io.identsphere.token.LogoutTokenValidator.newBuilder().keySource(client.keySource()).issuer(idp.issuer())
            .clientId("demo-web").clock(idp.clock()).build()).build();
    try (TestRuntime.Served other = runtime().serve(TestApp.of(Resources.Me.class, feature), 0)) {
      String token = minter.accessToken("alice").claim("sid", "s-1").sign();
      HttpRequest me = HttpRequest.newBuilder(other.uri("me")).header("Authorization", "Bearer " + token).build();
      assertThat(HTTP.send(me, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(other.uri("bcl"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + minter.logoutToken("demo-web", "s-1", null).sign()))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(HTTP.send(me, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void feature_withoutAClient_cannotBuildTheEndpointFromOne() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IdentSphereFeature.newBuilder(client.accessTokenValidator())
        .backChannelLogout("/x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("LogoutTokenValidator");
  }

  @Test
  void endpoint_badRequests_areRefusedWith400() throws Exception {
    assertThat(postLogout("").statusCode()).isEqualTo(400);
    assertThat(postLogout("logout_token=%zz").body()).doesNotContain("zz");
    String good = minter.logoutToken("demo-web", "s-1", "alice").sign();
    assertThat(postLogout("logout_token=" + good + "&logout_token=" + good).statusCode()).isEqualTo(400);
    assertThat(postLogout("x=" + "a".repeat(40_000)).statusCode()).isEqualTo(400);
    HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(app.uri(PATH)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"logout_token\":\"" + good + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(json.statusCode()).isEqualTo(400);
    HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(app.uri(PATH)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(postLogoutToken(good).statusCode()).as("still usable after bad requests").isEqualTo(200);
  }
}
