package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.dpop.DpopKey;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentSphereClientBuilder;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.oidc.TokenResponse;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fake server's DPoP at its token endpoint (RFC 9449 §5, §8), with the real client over loopback HTTP. */
@ExtendWith(IdentSphereExtension.class)
class DpopGrantsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final DpopKey key = DpopKey.generate();

  private static IdentSphereClient client(FakeIdentSphere idp, DpopKey key) {
    IdentSphereClientBuilder b = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web")
        .clientSecret(FakeIdentSphere.DEMO_SECRET).audience("api").redirectUri(URI.create("http://127.0.0.1:8999/callback"))
        .clock(idp.clock()).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    if (key != null) b.dpop(key);
    return b.build();
  }

  private static IdentityServerException.Kind kind(Throwable t) {
    return ((IdentityServerException) t).kind();
  }

  private static void assertOAuthError(Runnable call, String error) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.OAUTH_ERROR);
      assertThat(e.error()).contains(error);
      assertThat(e.status()).hasValue(400);
    });
  }

  @Test
  void aCodeExchangeWithAProof_getsAnAccessTokenBoundToTheProofKey(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = client(idp, key);
    TokenResponse t = FlowTest.login(idp, c);
    assertThat(t.isDpopBound()).isTrue();
    assertThat(t.tokenType()).isEqualTo("DPoP");
    VerifiedToken at = c.accessTokenValidator().validate(t.accessToken());
    assertThat(at.subject()).isEqualTo("alice");
    assertThat(at.claims().get("cnf")).isEqualTo(Map.of("jkt", key.thumbprint()));
    assertThat(idp.requests(Endpoint.TOKEN).get(0).header("DPoP")).isPresent();
  }

  @Test
  void clientCredentialsWithAProof_isBound_andWithoutOne_isBearer(FakeIdentSphere idp) {
    TokenResponse bound = client(idp, key).clientCredentials("read");
    assertThat(bound.isDpopBound()).isTrue();
    assertThat(client(idp, key).accessTokenValidator().validate(bound.accessToken()).claims().get("cnf"))
        .isEqualTo(Map.of("jkt", key.thumbprint()));
    TokenResponse plain = client(idp, null).clientCredentials("read");
    assertThat(plain.tokenType()).isEqualTo("Bearer");
    assertThat(client(idp, null).accessTokenValidator().validate(plain.accessToken()).claims()).doesNotContainKey("cnf");
  }

  @Test
  void aBoundRefreshToken_refreshesOnlyWithProofsFromTheSameKey(FakeIdentSphere idp) throws Exception {
    IdentSphereClient owner = client(idp, key);
    String rt = FlowTest.login(idp, owner).refreshToken().orElseThrow();
    assertOAuthError(() -> client(idp, DpopKey.generate()).refresh(rt), "invalid_dpop_proof");
    assertOAuthError(() -> client(idp, null).refresh(rt), "invalid_dpop_proof");

    TokenResponse refreshed = owner.refresh(rt); // the refused attempts did not use the refresh token up
    assertThat(refreshed.isDpopBound()).isTrue();
    assertThat(owner.accessTokenValidator().validate(refreshed.accessToken()).claims().get("cnf"))
        .isEqualTo(Map.of("jkt", key.thumbprint()));
    String rotated = refreshed.refreshToken().orElseThrow();
    assertThat(rotated).isNotEqualTo(rt);
    assertOAuthError(() -> client(idp, DpopKey.generate()).refresh(rotated), "invalid_dpop_proof"); // still bound
  }

  /** Posts a client credentials request with the given DPoP headers, as a client library might. */
  private static HttpResponse<String> post(FakeIdentSphere idp, List<String> proofs) throws Exception {
    String basic = Base64.getEncoder().encodeToString(("demo-web:" + FakeIdentSphere.DEMO_SECRET).getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b = HttpRequest.newBuilder(idp.tokenUri()).header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));
    for (String p : proofs) b.header("DPoP", p);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyBadProofPreset_isAnsweredWithInvalidDpopProof(FakeIdentSphere idp) throws Exception {
    URI token = idp.tokenUri();
    Map<String, Function<TokenMinter, String>> presets = new LinkedHashMap<>();
    presets.put("wrong htu", m -> m.dpopProof(key, "POST", token).wrongUri().sign());
    presets.put("wrong htm", m -> m.dpopProof(key, "POST", token).wrongMethod().sign());
    presets.put("old iat", m -> m.dpopProof(key, "POST", token).oldIssuedAt().sign());
    presets.put("wrong key", m -> m.dpopProof(key, "POST", token).wrongKey().sign());
    presets.put("garbage", m -> "not-a-jws");
    for (Map.Entry<String, Function<TokenMinter, String>> p : presets.entrySet()) {
      HttpResponse<String> r = post(idp, List.of(p.getValue().apply(idp.minter())));
      assertThat(r.statusCode()).as(p.getKey()).isEqualTo(400);
      assertThat(r.body()).as(p.getKey()).contains("\"error\":\"invalid_dpop_proof\"");
    }
    String good = idp.minter().dpopProof(key, "POST", token).sign();
    assertThat(post(idp, List.of(good)).body()).contains("\"token_type\":\"DPoP\"");
    assertThat(post(idp, List.of(good)).body()).as("replayed").contains("invalid_dpop_proof");
    String other = idp.minter().dpopProof(key, "POST", token).sign();
    assertThat(post(idp, List.of(other, idp.minter().dpopProof(key, "POST", token).sign())).body()).as("two headers")
        .contains("invalid_dpop_proof");
  }

  @Test
  void requireDpopNonce_theFirstRequestIsAskedForANonce_andTheClientRetriesOnce() throws Exception {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().requireDpopNonce().build().start()) {
      HttpResponse<String> raw = post(idp, List.of(idp.minter().dpopProof(key, "POST", idp.tokenUri()).sign()));
      assertThat(raw.statusCode()).isEqualTo(400);
      assertThat(raw.body()).contains("\"error\":\"use_dpop_nonce\"");
      String nonce = raw.headers().firstValue("DPoP-Nonce").orElseThrow();

      idp.reset();
      IdentSphereClient c = client(idp, key);
      TokenResponse t = c.clientCredentials();
      assertThat(t.isDpopBound()).isTrue();
      List<RecordedRequest> calls = idp.requests(Endpoint.TOKEN);
      assertThat(calls).hasSize(2);
      assertThat(calls.get(0).header("DPoP").orElseThrow()).isNotEqualTo(calls.get(1).header("DPoP").orElseThrow());
      assertThat(payload(calls.get(1).header("DPoP").orElseThrow())).contains("\"nonce\":\"" + nonce + "\"");
      assertThat(c.clientCredentials().isDpopBound()).isTrue(); // the nonce is remembered: one request
      assertThat(idp.requests(Endpoint.TOKEN)).hasSize(3);

      assertThat(client(idp, null).clientCredentials().tokenType()).as("no proof, no nonce").isEqualTo("Bearer");
    }
  }

  private static String payload(String jws) {
    return new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
  }
}
