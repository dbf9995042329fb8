package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.dpop.DpopKey;
import io.identsphere.dpop.DpopNonces;
import io.identsphere.dpop.DpopVerifier;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import io.identsphere.testkit.TokenMinter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
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
 * DPoP (RFC 9449) end to end on Jersey over real HTTP: tokens bound by the fake server's minter,
 * proofs from {@link DpopKey} and the testkit's bad presets, challenges as RFC 9449 §7.1 writes them.
 */
class DpopFlowTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static final DpopKey KEY = DpopKey.generate();
  static FakeIdentSphere idp;
  static IdentSphereClient client;
  static TestRuntime.Served app;
  static TestRuntime.Served required;
  static TestRuntime.Served ignored;
  static TestRuntime.Served withNonces;
  static TestRuntime.Served behindProxy;
  static DpopNonces nonces;

  /** Requires DPoP per resource, on an application that allows both. */
  @Path("payments")
  @Produces("text/plain")
  @Authenticated
  @Dpop(DpopMode.REQUIRED)
  public static class Payments {
    @GET
    public String get(@Context SecurityContext sc) {
      return "pay " + IdentSphereSecurity.requireUser(sc).subject() + " scheme=" + sc.getAuthenticationScheme();
    }
  }

  @BeforeAll
  static void start() {
    idp = FakeIdentSphere.newBuilder().build().start();
    client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api").clock(idp.clock()).build();
    app = serve(IdentSphereFeature.of(client));
    required = serve(IdentSphereFeature.newBuilder(client).dpop(DpopMode.REQUIRED).build());
    ignored = serve(IdentSphereFeature.newBuilder(client).dpop(DpopMode.IGNORED).build());
    nonces = DpopNonces.rotating(Duration.ofMinutes(5), idp.clock());
    withNonces = serve(IdentSphereFeature.newBuilder(client)
        .dpop(DpopMode.ALLOWED, DpopVerifier.newBuilder().clock(idp.clock()).nonces(nonces).build()).build());
    behindProxy = serve(IdentSphereFeature.newBuilder(client).externalBaseUri(URI.create("https://api.example.com/v1/"))
        .build());
  }

  private static TestRuntime.Served serve(IdentSphereFeature feature) {
    return JerseyRuntime.INSTANCE.serve(new ResourceConfig(Resources.Me.class, Payments.class).register(feature), 0);
  }

  @AfterAll
  static void stop() {
    for (TestRuntime.Served s : List.of(app, required, ignored, withNonces, behindProxy)) s.close();
    idp.close();
  }

  private static TokenMinter minter() {
    return idp.minter();
  }

  private static String boundToken() {
    return minter().accessToken("alice").boundTo(KEY).sign();
  }

  private static HttpResponse<String> call(URI uri, String authorization, String proof) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", authorization);
    if (proof != null) b.header("DPoP", proof);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> dpop(URI uri, String token, String proof) throws Exception {
    return call(uri, "DPoP " + token, proof);
  }

  private static List<String> challenges(HttpResponse<String> r) {
    return r.headers().allValues("WWW-Authenticate");
  }

  private static void assertDpopError(HttpResponse<String> r, String error, String what) {
    assertThat(r.statusCode()).as(what).isEqualTo(401);
    assertThat(challenges(r)).as(what).hasSize(2);
    assertThat(challenges(r).get(0)).as(what).isEqualTo("Bearer realm=\"identsphere\"");
    assertThat(challenges(r).get(1)).as(what).startsWith("DPoP realm=\"identsphere\", algs=\"ES256 PS256 RS256\"")
        .contains("error=\"" + error + "\"");
    assertThat(r.body()).as(what).doesNotContain("eyJ");
  }

  @Test
  void boundTokenWithAGoodProof_isAcceptedAsTheUser() throws Exception {
    URI me = app.uri("me");
    String token = boundToken();
    HttpResponse<String> r = dpop(me, token, minter().dpopProof(KEY, "GET", me).accessToken(token).sign());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("alice scheme=DPoP admin=true secure=false");
  }

  @Test
  void theCoreHelper_signsProofsTheAdapterAccepts_forRsaAndPssKeysToo() throws Exception {
    for (DpopKey key : new DpopKey[] {KEY, DpopKey.generate(JwsAlgorithm.PS256), DpopKey.generate(JwsAlgorithm.RS256)}) {
      URI me = app.uri("me?page=2");
      String token = minter().accessToken("alice").boundTo(key).sign();
      // The proof's iat comes from the fake server's clock, which the adapter reads too (not the system clock).
      HttpResponse<String> r = dpop(me, token, key.proof("GET", me).clock(idp.clock()).accessToken(token).build());
      assertThat(r.statusCode()).as(key + ": " + r.body()).isEqualTo(200);
      assertThat(r.body()).startsWith("alice scheme=DPoP");
    }
  }

  @Test
  void everyBadProofPreset_isRefusedWithAnInvalidDpopProofChallenge() throws Exception {
    URI me = app.uri("me");
    String token = boundToken();
    Map<String, Function<String, String>> presets = new LinkedHashMap<>();
    presets.put("wrong htu", t -> minter().dpopProof(KEY, "GET", me).accessToken(t).wrongUri().sign());
    presets.put("wrong htm", t -> minter().dpopProof(KEY, "GET", me).accessToken(t).wrongMethod().sign());
    presets.put("old iat", t -> minter().dpopProof(KEY, "GET", me).accessToken(t).oldIssuedAt().sign());
    presets.put("wrong key", t -> minter().dpopProof(KEY, "GET", me).accessToken(t).wrongKey().sign());
    presets.put("missing ath", t -> minter().dpopProof(KEY, "GET", me).accessToken(t).withoutAccessTokenHash().sign());
    presets.put("ath of another token", t -> minter().dpopProof(KEY, "GET", me).accessToken(t + "x").sign());
    presets.put("no proof", t -> null);
    presets.put("garbage", t -> "not-a-jws");
    for (Map.Entry<String, Function<String, String>> p : presets.entrySet()) {
      assertDpopError(dpop(me, token, p.getValue().apply(token)), "invalid_dpop_proof", p.getKey());
    }
  }

  @Test
  void aReplayedProof_isRefusedTheSecondTime() throws Exception {
    URI me = app.uri("me");
    String token = boundToken();
    String proof = minter().dpopProof(KEY, "GET", me).accessToken(token).jwtId("only-once").sign();
    assertThat(dpop(me, token, proof).statusCode()).isEqualTo(200);
    HttpResponse<String> again = dpop(me, token, proof);
    assertDpopError(again, "invalid_dpop_proof", "replayed jti");
    assertThat(again.body()).contains("already used");
  }

  @Test
  void aTokenBoundToAnotherKey_orNotBoundAtAll_isRefusedAsInvalidTokenInTheDpopChallenge() throws Exception {
    URI me = app.uri("me");
    String others = minter().accessToken("alice").boundTo(DpopKey.generate()).sign();
    assertDpopError(dpop(me, others, minter().dpopProof(KEY, "GET", me).accessToken(others).sign()), "invalid_token",
        "bound to another key");
    String plain = minter().accessToken("alice").sign();
    assertDpopError(dpop(me, plain, minter().dpopProof(KEY, "GET", me).accessToken(plain).sign()), "invalid_token",
        "not bound");
    String expired = minter().accessToken("alice").boundTo(KEY).expired().sign();
    assertDpopError(dpop(me, expired, minter().dpopProof(KEY, "GET", me).accessToken(expired).sign()), "invalid_token",
        "expired");
  }

  @Test
  void aBoundTokenPresentedAsBearer_isRefused() throws Exception {
    HttpResponse<String> r = call(app.uri("me"), "Bearer " + boundToken(), null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(challenges(r).get(0)).startsWith("Bearer realm=\"identsphere\", error=\"invalid_token\"")
        .contains("bound to a DPoP key");
    assertThat(challenges(r).get(1)).isEqualTo("DPoP realm=\"identsphere\", algs=\"ES256 PS256 RS256\"");
  }

  @Test
  void anUnboundBearerToken_isStillAcceptedWhereDpopIsAllowed() throws Exception {
    HttpResponse<String> r = call(app.uri("me"), "Bearer " + minter().accessToken("alice").sign(), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("alice scheme=Bearer");
  }

  @Test
  void noCredentials_getBothChallengesWithoutErrors() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(app.uri("me")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(challenges(r)).containsExactly("Bearer realm=\"identsphere\"",
        "DPoP realm=\"identsphere\", algs=\"ES256 PS256 RS256\"");
  }

  @Test
  void requiredMode_refusesAPlainBearerToken_withOnlyADpopChallenge_globallyAndPerResource() throws Exception {
    String bearer = "Bearer " + minter().accessToken("alice").sign();
    for (URI uri : List.of(required.uri("me"), app.uri("payments"))) {
      HttpResponse<String> r = call(uri, bearer, null);
      assertThat(r.statusCode()).as(uri.toString()).isEqualTo(401);
      assertThat(challenges(r)).as(uri.toString()).containsExactly("DPoP realm=\"identsphere\", algs=\"ES256 PS256 RS256\"");
      assertThat(r.body()).contains("requires a DPoP-bound token");
      String token = boundToken();
      HttpResponse<String> ok = dpop(uri, token, minter().dpopProof(KEY, "GET", uri).accessToken(token).sign());
      assertThat(ok.statusCode()).as(uri.toString()).isEqualTo(200);
    }
    assertThat(call(app.uri("me"), bearer, null).statusCode()).isEqualTo(200);
  }

  @Test
  void ignoredMode_answersTheDpopSchemeWith400_andChallengesWithBearerOnly() throws Exception {
    URI me = ignored.uri("me");
    String token = boundToken();
    HttpResponse<String> r = dpop(me, token, minter().dpopProof(KEY, "GET", me).accessToken(token).sign());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(challenges(r)).containsExactly(
        "Bearer realm=\"identsphere\", error=\"invalid_request\", error_description=\"the Authorization header must use the Bearer scheme\"");
    assertThat(call(me, "Bearer " + token, null).statusCode()).isEqualTo(401);
  }

  @Test
  void nonceFlow_firstUseDpopNonceWithTheNonce_thenSuccessWithIt() throws Exception {
    URI me = withNonces.uri("me");
    String token = boundToken();
    HttpResponse<String> first = dpop(me, token, minter().dpopProof(KEY, "GET", me).accessToken(token).sign());
    assertDpopError(first, "use_dpop_nonce", "no nonce");
    String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();
    assertThat(nonce).isEqualTo(nonces.current());
    HttpResponse<String> second = dpop(me, token, minter().dpopProof(KEY, "GET", me).accessToken(token).nonce(nonce).sign());
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(second.body()).startsWith("alice scheme=DPoP");
    HttpResponse<String> stale = dpop(me, token, minter().dpopProof(KEY, "GET", me).accessToken(token).nonce("old").sign());
    assertDpopError(stale, "use_dpop_nonce", "stale nonce");
    assertThat(stale.headers().firstValue("DPoP-Nonce")).contains(nonce);
  }

  @Test
  void behindAProxy_htuIsComparedWithTheConfiguredExternalBase_notTheInternalUri() throws Exception {
    URI internal = behindProxy.uri("me");
    URI external = URI.create("https://api.example.com/v1/me");
    String token = boundToken();
    HttpResponse<String> ok = dpop(internal, token, minter().dpopProof(KEY, "GET", external).accessToken(token).sign());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    HttpResponse<String> internalHtu = call(internal, "DPoP " + token,
        minter().dpopProof(KEY, "GET", internal).accessToken(token).sign());
    assertThat(internalHtu.statusCode()).isEqualTo(401);
    HttpRequest forwarded = HttpRequest.newBuilder(internal).header("Authorization", "DPoP " + token)
        .header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Proto", "https")
        .header("DPoP", minter().dpopProof(KEY, "GET", URI.create("https://evil.example/me")).accessToken(token).sign())
        .build();
    assertThat(HTTP.send(forwarded, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
  }
}
