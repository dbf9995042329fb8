package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.dpop.DpopKey;
import io.identsphere.dpop.DpopNonces;
import io.identsphere.dpop.DpopResourceCalls;
import io.identsphere.dpop.DpopVerifier;
import io.identsphere.oidc.AuthorizationRequest;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentSphereClientBuilder;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.TokenResponse;
import io.identsphere.testkit.Endpoint;
import io.identsphere.testkit.FakeIdentSphere;
import io.identsphere.testkit.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DPoP from end to end over real HTTP: the client with {@code dpop(key)} gets a bound token from
 * the fake server (code flow, client credentials, server nonces, refresh) and calls a Jersey
 * resource protected by the adapter with {@link DpopKey#authorize}.
 */
class DpopClientFlowTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static final URI CALLBACK = URI.create("http://127.0.0.1:8999/callback");
  private static final DpopKey KEY = DpopKey.generate();
  static FakeIdentSphere idp;
  static FakeIdentSphere noncing;
  static TestRuntime.Served api;
  static TestRuntime.Served apiWithNonces;

  @BeforeAll
  static void start() {
    // A ticking clock: DpopKey.authorize signs proofs with the system clock, which the server's must follow.
    idp = FakeIdentSphere.newBuilder().clock(TestClock.ticking()).build().start();
    noncing = FakeIdentSphere.newBuilder().clock(TestClock.ticking()).requireDpopNonce().build().start();
    IdentSphereClient validating = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api")
        .clock(idp.clock()).build();
    api = JerseyRuntime.INSTANCE.serve(new ResourceConfig(Resources.Me.class).register(IdentSphereFeature.of(validating)), 0);
    DpopVerifier withNonces = DpopVerifier.newBuilder().clock(idp.clock())
        .nonces(DpopNonces.rotating(Duration.ofMinutes(5), idp.clock())).build();
    apiWithNonces = JerseyRuntime.INSTANCE.serve(new ResourceConfig(Resources.Me.class)
        .register(IdentSphereFeature.newBuilder(validating).dpop(DpopMode.ALLOWED, withNonces).build()), 0);
  }

  @AfterAll
  static void stop() {
    api.close();
    apiWithNonces.close();
    idp.close();
    noncing.close();
  }

  private static IdentSphereClient client(FakeIdentSphere server, DpopKey key) {
    IdentSphereClientBuilder b = IdentSphereClient.newBuilder(server.issuer()).clientId("demo-web")
        .clientSecret(FakeIdentSphere.DEMO_SECRET).audience("api").redirectUri(CALLBACK).clock(server.clock())
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    if (key != null) b.dpop(key);
    return b.build();
  }

  /** The code flow, with the fake's automatic login playing the person. */
  private static TokenResponse login(IdentSphereClient c) throws Exception {
    AuthorizationRequest req = c.authorizationRequest();
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(req.uri()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    return c.handleCallback(req, URI.create(r.headers().firstValue("Location").orElseThrow()));
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> callWithDpop(String token) throws Exception {
    URI me = api.uri("me");
    return send(KEY.authorize(HttpRequest.newBuilder(me).GET(), "GET", me, token));
  }

  @Test
  void aTokenFromTheCodeFlow_isBoundToTheClientsKey_andTheResourceAcceptsItWithAProof() throws Exception {
    TokenResponse tokens = login(client(idp, KEY));
    assertThat(tokens.isDpopBound()).isTrue();
    HttpResponse<String> r = callWithDpop(tokens.accessToken());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("alice scheme=DPoP admin=true secure=false");
  }

  @Test
  void theSameTokenAsBearer_isRefused() throws Exception {
    String token = login(client(idp, KEY)).accessToken();
    HttpResponse<String> r = send(HttpRequest.newBuilder(api.uri("me")).header("Authorization", "Bearer " + token));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().allValues("WWW-Authenticate").get(0)).startsWith("Bearer realm=\"identsphere\", error=\"invalid_token\"")
        .contains("bound to a DPoP key");
    assertThat(send(HttpRequest.newBuilder(api.uri("me")).header("Authorization", "DPoP " + token)).statusCode())
        .as("DPoP scheme without a proof").isEqualTo(401);
  }

  @Test
  void everyBadProofPreset_withATokenFromTheFake_isRefusedWithTheDpopChallenge() throws Exception {
    URI me = api.uri("me");
    String token = client(idp, KEY).clientCredentials().accessToken();
    Map<String, Function<String, String>> presets = new LinkedHashMap<>();
    presets.put("wrong htu", t -> idp.minter().dpopProof(KEY, "GET", me).accessToken(t).wrongUri().sign());
    presets.put("wrong htm", t -> idp.minter().dpopProof(KEY, "GET", me).accessToken(t).wrongMethod().sign());
    presets.put("old iat", t -> idp.minter().dpopProof(KEY, "GET", me).accessToken(t).oldIssuedAt().sign());
    presets.put("wrong key", t -> idp.minter().dpopProof(KEY, "GET", me).accessToken(t).wrongKey().sign());
    presets.put("missing ath", t -> idp.minter().dpopProof(KEY, "GET", me).accessToken(t).withoutAccessTokenHash().sign());
    presets.put("the token endpoint's proof", t -> KEY.proof("POST", idp.tokenUri()).build());
    for (Map.Entry<String, Function<String, String>> p : presets.entrySet()) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(me).header("Authorization", "DPoP " + token)
          .header("DPoP", p.getValue().apply(token)));
      assertThat(r.statusCode()).as(p.getKey()).isEqualTo(401);
      List<String> challenges = r.headers().allValues("WWW-Authenticate");
      assertThat(challenges).as(p.getKey()).hasSize(2);
      assertThat(challenges.get(1)).as(p.getKey()).startsWith("DPoP realm=\"identsphere\"")
          .contains("error=\"invalid_dpop_proof\"");
    }
    assertThat(callWithDpop(token).statusCode()).as("a good proof").isEqualTo(200);
  }

  @Test
  void aServerThatDemandsNonces_isAnsweredWithOneRetry_andItsTokenWorks() throws Exception {
    noncing.reset();
    TokenResponse t = client(noncing, KEY).clientCredentials();
    assertThat(t.isDpopBound()).isTrue();
    assertThat(noncing.requests(Endpoint.TOKEN)).hasSize(2);
    assertThat(noncing.requests(Endpoint.TOKEN).get(1).header("DPoP")).isPresent();
  }

  @Test
  void aRefreshWithAnotherKeysProof_isRefused_andTheOwnerRefreshesToAWorkingToken() throws Exception {
    IdentSphereClient owner = client(idp, KEY);
    String rt = login(owner).refreshToken().orElseThrow();
    assertThatThrownBy(() -> client(idp, DpopKey.generate()).refresh(rt)).isInstanceOfSatisfying(
        IdentityServerException.class, e -> assertThat(e.error()).contains("invalid_dpop_proof"));
    TokenResponse refreshed = owner.refresh(rt);
    assertThat(refreshed.isDpopBound()).isTrue();
    HttpResponse<String> r = callWithDpop(refreshed.accessToken());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).startsWith("alice scheme=DPoP");
  }

  @Test
  void aResourceServerThatDemandsNonces_isAnsweredByDpopResourceCalls_withOneRetry() throws Exception {
    String token = login(client(idp, KEY)).accessToken();
    URI me = apiWithNonces.uri("me");
    DpopResourceCalls calls = DpopResourceCalls.of(KEY, HTTP, idp.clock());
    HttpResponse<String> r = calls.send(HttpRequest.newBuilder(me).GET(), token, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("alice scheme=DPoP admin=true secure=false");
    assertThat(calls.nonce(me)).isPresent();
    HttpResponse<String> plain = send(KEY.authorize(HttpRequest.newBuilder(me).GET(), "GET", me, token));
    assertThat(plain.statusCode()).as("a proof without the nonce").isEqualTo(401);
    assertThat(plain.headers().allValues("WWW-Authenticate").get(1)).contains("error=\"use_dpop_nonce\"");
    assertThat(calls.send(HttpRequest.newBuilder(me).GET(), token, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
  }
}
