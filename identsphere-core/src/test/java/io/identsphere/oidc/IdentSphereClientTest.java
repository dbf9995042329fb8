package io.identsphere.oidc;

import static io.identsphere.Vectors.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.Vectors;
import io.identsphere.internal.http.Http;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Client behaviour that needs no full identity server; full flows run against the testkit. */
class IdentSphereClientTest {
  private final LocalServer server;

  IdentSphereClientTest() throws Exception {
    server = new LocalServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IdentSphereClient client() {
    return IdentSphereClient.newBuilder(server.base()).clientId("web").clientSecret("s3cret-value")
        .redirectUri(URI.create("http://127.0.0.1:9/cb")).build();
  }

  @Test
  void pkce_rfc7636AppendixB() {
    for (Map<String, Object> v : Vectors.list(Vectors.json("rfc/rfc-vectors.json").get("vectors"))) {
      if (!"rfc7636-B-S256".equals(v.get("id"))) continue;
      String verifier = (String) map(v.get("inputs")).get("code_verifier");
      assertThat(IdentSphereClient.codeChallenge(verifier)).isEqualTo(map(v.get("expected")).get("code_challenge"))
          .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
      return;
    }
    throw new AssertionError("vector missing");
  }

  @Test
  void authorizationRequest_carriesPkceStateNonceFromDiscovery() {
    server.discovery(server.base());
    AuthorizationRequest r = client().authorizationRequest();
    Map<String, String> q = Http.parseQuery(r.uri().getRawQuery());
    assertThat(r.uri().getPath()).isEqualTo("/authorize");
    assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", "web")
        .containsEntry("code_challenge_method", "S256").containsEntry("scope", "openid profile email")
        .containsEntry("redirect_uri", "http://127.0.0.1:9/cb");
    assertThat(q.get("code_challenge")).isEqualTo(IdentSphereClient.codeChallenge(r.codeVerifier()));
    assertThat(r.codeVerifier()).hasSizeBetween(43, 128).matches("[A-Za-z0-9_-]+");
    assertThat(q.get("state")).isEqualTo(r.state());
    assertThat(q.get("nonce")).isEqualTo(r.nonce());
    assertThat(r.toString()).doesNotContain(r.codeVerifier());
    assertThat(client().authorizationRequest().state()).isNotEqualTo(r.state());
  }

  @Test
  void discovery_issuerMismatch_isRefused() {
    server.discovery(server.base() + "/");
    assertThatThrownBy(() -> client().metadata()).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(IdentityServerException.Kind.ISSUER_MISMATCH));
  }

  @Test
  void callback_stateMismatch_error_andIssuerMixUp() {
    server.discovery(server.base());
    IdentSphereClient c = client();
    AuthorizationRequest r = c.authorizationRequest();
    assertThatThrownBy(() -> c.handleCallback(r, URI.create("http://x/cb?code=abc&state=wrong")))
        .isInstanceOfSatisfying(IdentityServerException.class,
            e -> assertThat(e.kind()).isEqualTo(IdentityServerException.Kind.STATE_MISMATCH));
    assertThatThrownBy(() -> c.handleCallback(r, URI.create("http://x/cb?error=access_denied&error_description=User%20declined&state=" + r.state())))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(IdentityServerException.Kind.AUTHORIZATION_ERROR);
          assertThat(e.error()).contains("access_denied");
          assertThat(e.errorDescription()).contains("User declined");
        });
    assertThatThrownBy(() -> c.handleCallback(r, URI.create("http://x/cb?code=abc&iss=https%3A%2F%2Fevil&state=" + r.state())))
        .isInstanceOfSatisfying(IdentityServerException.class,
            e -> assertThat(e.kind()).isEqualTo(IdentityServerException.Kind.ISSUER_MISMATCH));
  }

  @Test
  void tokenEndpointError_isTyped_andNeverLeaksSecretOrCode() {
    server.discovery(server.base());
    server.handlers.put("/token", ex -> LocalServer.send(ex, 400, "application/json",
        "{\"error\":\"invalid_grant\",\"error_description\":\"code expired\"}", Map.of()));
    assertThatThrownBy(() -> client().exchangeCode("the-code-123", "verifier-xyz", URI.create("http://127.0.0.1:9/cb")))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(IdentityServerException.Kind.OAUTH_ERROR);
          assertThat(e.status()).hasValue(400);
          assertThat(e.error()).contains("invalid_grant");
          assertThat(e.errorDescription()).contains("code expired");
          assertThat(e.getMessage()).doesNotContain("the-code-123").doesNotContain("s3cret-value").doesNotContain("verifier-xyz");
        });
  }

  @Test
  void build_rejectsPlainHttpAuthority_andMissingClientId() {
    assertThatThrownBy(() -> IdentSphereClient.newBuilder("http://id.example.com").clientId("x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTPS");
    assertThatThrownBy(() -> IdentSphereClient.newBuilder("https://id.example.com").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("clientId");
    assertThatThrownBy(() -> IdentSphereClient.newBuilder("https://id.example.com").timeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("connect must be positive");
    assertThatThrownBy(() -> IdentSphereClient.newBuilder("https://id.example.com").timeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("request must be positive");
  }

  @Test
  void fromEnvironment_readsVariables() {
    IdentSphereClient c = IdentSphereClient.fromEnvironment(Map.of("IDENTSPHERE_URL", "https://id.example.com",
        "IDENTSPHERE_CLIENT_ID", "cli")).build();
    assertThat(c.authority()).isEqualTo("https://id.example.com");
    assertThat(c.clientId()).isEqualTo("cli");
    assertThat(c.toString()).contains("auth=none");
    assertThatThrownBy(() -> IdentSphereClient.fromEnvironment(Map.of())).hasMessageContaining("IDENTSPHERE_URL");
  }

  @Test
  void apiMe_forwardsOnlyIdentSphereCookies() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    server.handlers.put("/v1/users/me", ex -> {
      seen.add(ex.getRequestHeaders().getFirst("Cookie"));
      LocalServer.send(ex, 200, "application/json", "{\"sub\":\"u1\",\"email\":\"a@b.c\"}", Map.of());
    });
    assertThat(client().api().me("other=1; identsphere_at=abc; sid=2", null).subject()).isEqualTo("u1");
    assertThat(seen).containsExactly("identsphere_at=abc");
  }
}
