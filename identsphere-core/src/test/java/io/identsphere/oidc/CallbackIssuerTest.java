package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.http.Http;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 9207: the {@code iss} of an authorization response. */
class CallbackIssuerTest {
  private final LocalServer server;

  CallbackIssuerTest() throws Exception {
    server = new LocalServer();
    // the token endpoint refuses every code: reaching it means the callback checks passed
    Fixtures.answer(server, "/token", 400, "{\"error\":\"invalid_grant\"}");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IdentSphereClient client() {
    return IdentSphereClient.newBuilder(server.base()).clientId("web").redirectUri(URI.create("http://127.0.0.1:9/cb"))
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)).build();
  }

  private static URI callback(AuthorizationRequest r, String extra) {
    return URI.create("http://127.0.0.1:9/cb?code=abc&state=" + r.state() + extra);
  }

  private static void assertKind(ThrowingCallable call, Kind expected) {
    assertThatThrownBy(call).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(expected));
  }

  @Test
  void advertised_callbackWithoutIss_isRefused_beforeTheCodeIsExchanged() {
    Fixtures.serveDiscovery(server, Map.of("authorization_response_iss_parameter_supported", true));
    IdentSphereClient c = client();
    assertThat(c.metadata().authorizationResponseIssParameterSupported()).isTrue();
    AuthorizationRequest r = c.authorizationRequest();
    assertThatThrownBy(() -> c.handleCallback(r, callback(r, ""))).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.ISSUER_MISMATCH);
      assertThat(e).hasMessageContaining("no iss").hasMessageContaining("RFC 9207");
    });
    assertThat(server.hits("/token")).isZero();
    // an error response without iss is refused the same way (RFC 9207 covers error responses)
    URI error = URI.create("http://127.0.0.1:9/cb?error=access_denied&state=" + r.state());
    assertKind(() -> c.handleCallback(r, error), Kind.ISSUER_MISMATCH);
  }

  @Test
  void advertised_callbackWithTheRightIss_proceedsToTheCodeExchange() {
    Fixtures.serveDiscovery(server, Map.of("authorization_response_iss_parameter_supported", true));
    IdentSphereClient c = client();
    AuthorizationRequest r = c.authorizationRequest();
    String iss = "&iss=" + Http.encode(server.base());
    assertKind(() -> c.handleCallback(r, callback(r, iss)), Kind.OAUTH_ERROR);
    assertThat(server.hits("/token")).isEqualTo(1);
    URI error = URI.create("http://127.0.0.1:9/cb?error=access_denied&state=" + r.state() + iss);
    assertKind(() -> c.handleCallback(r, error), Kind.AUTHORIZATION_ERROR);
  }

  @Test
  void wrongIss_isRefused_whetherAdvertisedOrNot() {
    for (Object advertised : new Object[] {true, false, null}) {
      Map<String, Object> o = new java.util.HashMap<>();
      o.put("authorization_response_iss_parameter_supported", advertised);
      Fixtures.serveDiscovery(server, o);
      IdentSphereClient c = client();
      AuthorizationRequest r = c.authorizationRequest();
      assertKind(() -> c.handleCallback(r, callback(r, "&iss=https%3A%2F%2Fevil.example")), Kind.ISSUER_MISMATCH);
      assertKind(() -> c.handleCallback(r, URI.create("http://127.0.0.1:9/cb?error=x&iss=https%3A%2F%2Fevil&state="
          + r.state())), Kind.ISSUER_MISMATCH);
    }
    assertThat(server.hits("/token")).isZero();
  }

  @Test
  void notAdvertised_callbackWithoutIss_isAccepted() {
    Fixtures.serveDiscovery(server, Map.of("authorization_response_iss_parameter_supported", false));
    IdentSphereClient c = client();
    AuthorizationRequest r = c.authorizationRequest();
    assertKind(() -> c.handleCallback(r, callback(r, "")), Kind.OAUTH_ERROR);
    assertThat(server.hits("/token")).isEqualTo(1);
  }

  @Test
  void advertisedFlagThatIsNotABoolean_failsDiscovery() {
    Fixtures.serveDiscovery(server, Map.of("authorization_response_iss_parameter_supported", "true"));
    assertKind(() -> client().metadata(), Kind.MALFORMED_RESPONSE);
  }
}
