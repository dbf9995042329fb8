package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.token.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How an identity server's answer is judged by its status and media type, at each boundary: 2xx
 * is read, 3xx is a refused redirect, 4xx and 5xx are errors (an OAuth error when the body names
 * one), JSON is read only as {@code application/json} or {@code +json}. Seen through a JWK Set
 * fetch and the token endpoint, the public API.
 */
class AnswerStatusBoundaryTest {
  private static final String KEYS =
      JwkSet.of(Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256)).toPublicJson();
  private final LocalServer server;

  AnswerStatusBoundaryTest() throws Exception {
    server = new LocalServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void answer(int status, String type, String body) {
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, status, type, body, Map.of()));
  }

  private JwkSet fetch() {
    return RemoteJwkSet.newBuilder(URI.create(server.base() + "/jwks")).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
        .build().refreshAsync().orTimeout(10, TimeUnit.SECONDS).join();
  }

  private IdentityServerException failure() {
    RemoteJwkSet keys = RemoteJwkSet.newBuilder(URI.create(server.base() + "/jwks"))
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).build();
    IdentityServerException[] out = new IdentityServerException[1];
    assertThatThrownBy(keys::warmUp).isInstanceOfSatisfying(IdentityServerException.class, e -> out[0] = e);
    return out[0];
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 203, 299})
  void successStatuses_areRead(int status) {
    answer(status, "application/json", KEYS);
    assertThat(fetch().find("k1")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(ints = {300, 301, 399})
  void redirectStatuses_areRefused_andNotFollowed(int status) {
    answer(status, "application/json", KEYS);
    IdentityServerException e = failure();
    assertThat(e.kind()).isEqualTo(Kind.REDIRECT_REFUSED);
    assertThat(e.status()).hasValue(status);
    assertThat(e.getMessage()).isEqualTo("JWK Set at " + server.base() + "/jwks answered HTTP " + status
        + " (a redirect); redirects are not followed");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 500, 503})
  void errorStatuses_withAJsonBodyThatNamesNoError_areHttpStatusFailures(int status) {
    answer(status, "application/json", KEYS);
    IdentityServerException e = failure();
    assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(e.status()).hasValue(status);
    assertThat(e.getMessage()).isEqualTo("JWK Set at " + server.base() + "/jwks answered HTTP " + status);
  }

  @Test
  void errorStatus_withAnOAuthError_carriesErrorAndDescription() {
    answer(400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"bad\"}");
    IdentityServerException e = failure();
    assertThat(e.kind()).isEqualTo(Kind.OAUTH_ERROR);
    assertThat(e.error()).contains("invalid_request");
    assertThat(e.errorDescription()).contains("bad");
    assertThat(e.getMessage()).isEqualTo("JWK Set at " + server.base() + "/jwks answered HTTP 400 invalid_request: bad");
    answer(400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":7}");
    IdentityServerException noDescription = failure();
    assertThat(noDescription.errorDescription()).isEmpty();
    assertThat(noDescription.getMessage()).endsWith("answered HTTP 400 invalid_request");
  }

  @Test
  void errorStatus_withMalformedJson_isTheStatus_notAMalformedAnswer() {
    answer(502, "application/json", "{\"error\":");
    IdentityServerException e = failure();
    assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(e.status()).hasValue(502);
    answer(200, "application/json", "{\"keys\":");
    IdentityServerException malformed = failure();
    assertThat(malformed.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(malformed.getMessage()).startsWith("JWK Set at " + server.base() + "/jwks answered malformed JSON: ");
  }

  @Test
  void jsonMediaTypes_areApplicationJsonOrPlusJson_withParameters_inAnyCase() {
    for (String type : new String[] {"application/json", "application/jwk-set+json", "application/json; charset=utf-8",
        "Application/JSON"}) {
      answer(200, type, KEYS);
      assertThat(fetch().find("k1")).as(type).isPresent();
    }
    for (String type : new String[] {"text/plain", "application/jsonx", "text/json"}) {
      answer(200, type, KEYS);
      IdentityServerException e = failure();
      assertThat(e.kind()).as(type).isEqualTo(Kind.MALFORMED_RESPONSE);
      assertThat(e.getMessage()).as(type).endsWith("answered content type \"" + type + "\", expected application/json");
    }
  }

  @Test
  void tokenEndpoint_errorAnswer_isAnOAuthError_withTheStatus() {
    Fixtures.serveDiscovery(server, Map.of());
    Fixtures.answer(server, "/token", 401, "{\"error\":\"invalid_client\"}");
    IdentSphereClient client = IdentSphereClient.newBuilder(server.base()).clientId("web").clientSecret(Fixtures.SECRET)
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> client.clientCredentials()).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.OAUTH_ERROR);
      assertThat(e.status()).hasValue(401);
      assertThat(e.error()).contains("invalid_client");
    });
  }
}
