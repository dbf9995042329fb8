package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.json.JsonWriter;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials a server echoes are redacted in the cases the common ones do not reach: a credential
 * that contains another (the longer is replaced whole), a cookie value sent to the IdentSphere API,
 * and a failure that is not an OAuth error (the echo is in the message, not in {@code error}).
 */
class RedactionEdgesTest {
  private final LocalServer server;

  RedactionEdgesTest() throws Exception {
    server = new LocalServer();
    Fixtures.serveDiscovery(server, Map.of());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IdentSphereClient client() {
    return IdentSphereClient.newBuilder(server.base()).clientId("web").clientSecret(Fixtures.SECRET)
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).build();
  }

  @Test
  void aTokenThatContainsTheClientSecret_isRedactedWhole_notAroundTheSecret() {
    String token = "T1-" + Fixtures.SECRET + "-Z9";
    Fixtures.answer(server, "/revoke", 400, JsonWriter.write(Map.of("error", "invalid_request",
        "error_description", "token " + token)));
    assertThatThrownBy(() -> client().revoke(token, null)).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.errorDescription()).contains("token [redacted]");
      assertThat(e.getMessage()).doesNotContain("T1-").doesNotContain("-Z9").doesNotContain(Fixtures.SECRET);
    });
  }

  @Test
  void aCookieValueEchoedByTheApi_isRedacted() {
    Fixtures.answer(server, "/v1/users/me", 401, JsonWriter.write(Map.of("error", "invalid_token",
        "error_description", "session ck-val-777 is unknown")));
    assertThatThrownBy(() -> client().api().me("identsphere_session=ck-val-777", null))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.status()).hasValue(401);
          assertThat(e.errorDescription()).contains("session [redacted] is unknown");
          assertThat(e.getMessage()).doesNotContain("ck-val-777");
        });
  }

  @Test
  void aCredentialEchoedOutsideAnOAuthError_isRedactedInTheMessage_andAddsNoError() {
    server.handlers.put("/token", ex -> LocalServer.send(ex, 200, "text/" + Fixtures.SECRET, "{}", Map.of()));
    assertThatThrownBy(() -> client().clientCredentials()).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
      assertThat(e.getMessage()).isEqualTo("token endpoint at " + server.base()
          + "/token answered content type \"text/[redacted]\", expected application/json");
      assertThat(e.error()).isEmpty();
      assertThat(e.errorDescription()).isEmpty();
      assertThat(e.status()).hasValue(200);
    });
    // Nothing to redact: the failure is passed on as it is.
    server.handlers.put("/token", ex -> LocalServer.send(ex, 200, "text/plain", "{}", Map.of()));
    assertThatThrownBy(() -> client().clientCredentials()).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.getMessage()).endsWith("answered content type \"text/plain\", expected application/json"));
  }
}
