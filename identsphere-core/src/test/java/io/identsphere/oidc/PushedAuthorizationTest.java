package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.http.Http;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pushed authorization requests (RFC 9126) against a scripted server on loopback. */
class PushedAuthorizationTest {
  private static final URI CALLBACK = URI.create("http://127.0.0.1:9/cb");

  private final LocalServer server;
  private final Fixtures.MutableClock clock = new Fixtures.MutableClock();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  PushedAuthorizationTest() throws Exception {
    server = new LocalServer();
    parAnswers(201, "{\"request_uri\":\"urn:ietf:params:oauth:request_uri:abc\",\"expires_in\":90}");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void parAnswers(int status, String json) {
    server.handlers.put("/par", ex -> {
      bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      LocalServer.send(ex, status, "application/json", json, Map.of());
    });
  }

  private IdentSphereClientBuilder client() {
    return IdentSphereClient.newBuilder(server.base()).clientId("web").clientSecret(Fixtures.SECRET).redirectUri(CALLBACK)
        .clock(clock);
  }

  @Test
  void optIn_pushesTheParameters_andTheUrlCarriesOnlyClientIdAndRequestUri() {
    Fixtures.serveDiscovery(server, Map.of());
    AuthorizationRequest req = client().pushAuthorizationRequests()
        .resource(URI.create("https://api.example.com/orders"), URI.create("urn:example:billing")).build().authorizationRequest();

    assertThat(req.uri().toString()).isEqualTo(server.base()
        + "/authorize?client_id=web&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Aabc");
    assertThat(req.requestUriExpiresAt()).contains(clock.instant().plusSeconds(90));
    Map<String, String> pushed = Http.parseQuery(bodies.get(0).replaceAll("&resource=[^&]*", ""));
    assertThat(pushed).containsEntry("response_type", "code").containsEntry("client_id", "web")
        .containsEntry("redirect_uri", CALLBACK.toString()).containsEntry("state", req.state()).containsEntry("nonce", req.nonce())
        .containsEntry("code_challenge", IdentSphereClient.codeChallenge(req.codeVerifier()))
        .containsEntry("code_challenge_method", "S256").doesNotContainKeys("client_secret", "audience");
    assertThat(bodies.get(0)).contains("&resource=https%3A%2F%2Fapi.example.com%2Forders&resource=urn%3Aexample%3Abilling");
    assertThat(authorizations.get(0)).startsWith("Basic "); // authenticated as at the token endpoint
  }

  @Test
  void requiredByDiscovery_pushesWithoutOptIn_inTheAsyncFormToo() {
    Fixtures.serveDiscovery(server, Map.of("require_pushed_authorization_requests", true));
    IdentSphereClient c = client().build();
    AuthorizationRequest req = c.async().authorizationRequest(CALLBACK, Map.of("prompt", "login")).join();

    assertThat(Http.parseQuery(req.uri().getRawQuery())).containsOnlyKeys("client_id", "request_uri");
    assertThat(Http.parseQuery(bodies.get(0))).containsEntry("prompt", "login");
    assertThat(server.hits("/par")).isEqualTo(1);
  }

  @Test
  void withoutPushing_noRequestIsPosted_andTheRequestHasNoExpiry() {
    Fixtures.serveDiscovery(server, Map.of());
    AuthorizationRequest req = client().resource(URI.create("https://api.example.com/orders")).build().authorizationRequest();

    assertThat(req.requestUriExpiresAt()).isEmpty();
    assertThat(req.uri().getRawQuery()).contains("&resource=https%3A%2F%2Fapi.example.com%2Forders").doesNotContain("request_uri");
    assertThat(server.hits("/par")).isZero();
  }

  @Test
  void requiredButNoParEndpoint_isATypedError() {
    Fixtures.serveDiscovery(server, mapOf("require_pushed_authorization_requests", true, "pushed_authorization_request_endpoint", null));
    assertThatThrownBy(() -> client().build().authorizationRequest()).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE))
        .hasMessage("discovery requires pushed authorization requests but names no pushed_authorization_request_endpoint");
    Fixtures.serveDiscovery(server, mapOf("pushed_authorization_request_endpoint", null));
    assertThatThrownBy(() -> client().pushAuthorizationRequests().build().authorizationRequest())
        .isInstanceOf(IdentityServerException.class).hasMessageContaining("enabled but discovery names no");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"expires_in\":60}", "{\"request_uri\":\"\",\"expires_in\":60}", "{\"request_uri\":\"urn:x\"}",
      "{\"request_uri\":\"urn:x\",\"expires_in\":0}", "{\"request_uri\":\"urn:x\",\"expires_in\":\"60\"}",
      "{\"request_uri\":\"urn:x\",\"expires_in\":1.5}", "{\"request_uri\":\"urn:x\",\"expires_in\":86401}",
      "{\"request_uri\":7,\"expires_in\":60}"})
  void aMalformedParAnswer_isRefused(String answer) {
    Fixtures.serveDiscovery(server, Map.of());
    parAnswers(201, answer);
    assertThatThrownBy(() -> client().pushAuthorizationRequests().build().authorizationRequest())
        .isInstanceOfSatisfying(IdentityServerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE))
        .hasMessageStartingWith("pushed authorization request answer");
  }

  @Test
  void aParError_isAnOAuthError_withoutTheSecret() {
    Fixtures.serveDiscovery(server, Map.of());
    parAnswers(400, "{\"error\":\"invalid_request\",\"error_description\":\"bad redirect for " + Fixtures.SECRET + "\"}");
    assertThatThrownBy(() -> client().pushAuthorizationRequests().build().authorizationRequest())
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.OAUTH_ERROR);
          assertThat(e.error()).contains("invalid_request");
          assertThat(e.status()).hasValue(400);
        }).hasMessageNotContaining(Fixtures.SECRET);
  }

  @Test
  void anExtraRequestUri_isRefusedBeforeAnyCall() {
    Fixtures.serveDiscovery(server, Map.of());
    assertThatThrownBy(() -> client().pushAuthorizationRequests().build().authorizationRequest(CALLBACK,
        Map.of("request_uri", "urn:mine"))).isInstanceOf(IllegalArgumentException.class).hasMessage("parameter request_uri is set by the client");
    assertThat(server.hits("/par")).isZero();
  }

  @Test
  void aRestoredRequest_hasNoExpiry_andEqualsByComponents() {
    AuthorizationRequest a = new AuthorizationRequest(CALLBACK, "s", "n", "v".repeat(43), CALLBACK);
    assertThat(a.requestUriExpiresAt()).isEmpty();
    assertThat(a).isEqualTo(new AuthorizationRequest(CALLBACK, "s", "n", "v".repeat(43), CALLBACK, java.util.Optional.empty()));
    assertThat(new AuthorizationRequest(CALLBACK, "s", "n", "v".repeat(43), CALLBACK,
        java.util.Optional.of(Instant.EPOCH)).toString()).contains("requestUriExpiresAt=1970-01-01T00:00:00Z").doesNotContain("vvv");
  }

  private static Map<String, Object> mapOf(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }
}
