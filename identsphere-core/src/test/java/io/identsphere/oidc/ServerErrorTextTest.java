package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.json.JsonWriter;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Text from the identity server is escaped and bounded, and credentials it echoes are redacted. */
class ServerErrorTextTest {
  private static final URI CB = URI.create("http://127.0.0.1:9/cb");
  private final LocalServer server;

  ServerErrorTextTest() throws Exception {
    server = new LocalServer();
    Fixtures.serveDiscovery(server, Map.of());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IdentSphereClient client(ClientAuthentication auth) {
    return IdentSphereClient.newBuilder(server.base()).clientId("web").clientSecret(Fixtures.SECRET).clientAuthentication(auth)
        .redirectUri(CB).maxResponseBytes(4 * 1024 * 1024).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)).build();
  }

  private void errorAt(String path, int status, String error, String description) {
    Fixtures.answer(server, path, status, JsonWriter.write(Map.of("error", error, "error_description", description)));
  }

  /** Nothing in the message or the accessors holds a raw control character or any of the values. */
  private static Consumer<IdentityServerException> clean(String... never) {
    return e -> {
      String all = e.getMessage() + "|" + e.error().orElse("") + "|" + e.errorDescription().orElse("");
      assertThat(all).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u2028");
      for (String n : never) assertThat(all).doesNotContain(n);
      assertThat(all).matches("[\\x20-\\x7e]*");
    };
  }

  @Test
  void tokenError_echoingTheSecretAndAForgedLogLine_isRedactedAndEscaped() {
    errorAt("/token", 401, "invalid_client", "bad secret " + Fixtures.SECRET + "\nINFO: forged");
    for (ClientAuthentication auth : new ClientAuthentication[] {ClientAuthentication.CLIENT_SECRET_BASIC,
        ClientAuthentication.CLIENT_SECRET_POST}) {
      assertThatThrownBy(() -> client(auth).exchangeCode("code-abc-123", "verifier-xyz-456", CB))
          .isInstanceOfSatisfying(IdentityServerException.class, clean(Fixtures.SECRET, "code-abc-123", "verifier-xyz-456"))
          .isInstanceOfSatisfying(IdentityServerException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.OAUTH_ERROR);
            assertThat(e.status()).hasValue(401);
            assertThat(e.error()).contains("invalid_client");
            assertThat(e.errorDescription()).contains("bad secret [redacted]\\nINFO: forged");
            assertThat(e.getMessage()).contains("\"invalid_client\"").contains("bad secret [redacted]\\nINFO: forged");
          });
    }
  }

  @Test
  void tokenError_echoingCodeVerifierRefreshTokenOrBasicCredentials_isRedacted() {
    String basic = Base64.getEncoder().encodeToString(("web:" + Fixtures.SECRET).getBytes(StandardCharsets.UTF_8));
    errorAt("/token", 400, "invalid_grant code-abc-123", "code code-abc-123 verifier verifier-xyz-456 basic " + basic);
    assertThatThrownBy(() -> client(ClientAuthentication.CLIENT_SECRET_BASIC).exchangeCode("code-abc-123", "verifier-xyz-456", CB))
        .isInstanceOfSatisfying(IdentityServerException.class, clean("code-abc-123", "verifier-xyz-456", basic))
        .isInstanceOfSatisfying(IdentityServerException.class,
            e -> assertThat(e.error()).contains("invalid_grant [redacted]"));
    errorAt("/token", 400, "invalid_grant", "refresh token rt-secret-789 is unknown");
    assertThatThrownBy(() -> client(ClientAuthentication.CLIENT_SECRET_BASIC).refresh("rt-secret-789"))
        .isInstanceOfSatisfying(IdentityServerException.class, clean("rt-secret-789"));
  }

  @Test
  void introspectionRevocationAndUserinfoErrors_echoingTheToken_areRedacted() {
    errorAt("/introspect", 400, "invalid_request", "token at-value-111 and " + Fixtures.SECRET);
    errorAt("/revoke", 400, "invalid_request", "token at-value-111");
    errorAt("/userinfo", 401, "invalid_token", "token at-value-111 expired\r\nX-Forged: 1");
    IdentSphereClient c = client(ClientAuthentication.CLIENT_SECRET_BASIC);
    assertThatThrownBy(() -> c.introspect("at-value-111"))
        .isInstanceOfSatisfying(IdentityServerException.class, clean("at-value-111", Fixtures.SECRET));
    assertThatThrownBy(() -> c.revoke("at-value-111", null))
        .isInstanceOfSatisfying(IdentityServerException.class, clean("at-value-111"));
    assertThatThrownBy(() -> c.userInfo("at-value-111"))
        .isInstanceOfSatisfying(IdentityServerException.class, clean("at-value-111"))
        .isInstanceOfSatisfying(IdentityServerException.class,
            e -> assertThat(e.errorDescription()).contains("token [redacted] expired\\r\\nX-Forged: 1"));
  }

  @Test
  void aHugeErrorDescription_isBounded() {
    String big = "x".repeat(60_000) + Fixtures.SECRET; // under the JSON string bound, so it parses
    errorAt("/token", 400, "e".repeat(5000), big);
    assertThatThrownBy(() -> client(ClientAuthentication.CLIENT_SECRET_BASIC).clientCredentials())
        .isInstanceOfSatisfying(IdentityServerException.class, clean(Fixtures.SECRET))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.getMessage().length()).isLessThanOrEqualTo(ServerText.MAX_MESSAGE + 40);
          // the secret is redacted first (60,000 + "[redacted]" = 60,010 chars), then the text is cut
          assertThat(e.errorDescription().get()).hasSize(IdentityServerException.MAX_DESCRIPTION_LENGTH
              + "...(60010 chars)".length()).endsWith("...(60010 chars)");
          assertThat(e.error().get()).startsWith("eeee").endsWith("...(5000 chars)").hasSizeLessThan(130);
        });
    String megabyte = "{\"error\":\"invalid_request\",\"error_description\":\"" + "y".repeat(1024 * 1024) + "\"}";
    Fixtures.answer(server, "/token", 400, megabyte);
    assertThatThrownBy(() -> client(ClientAuthentication.CLIENT_SECRET_BASIC).clientCredentials())
        .isInstanceOfSatisfying(IdentityServerException.class, clean())
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.getMessage().length()).isLessThanOrEqualTo(ServerText.MAX_MESSAGE + 40);
          assertThat(e.errorDescription().map(String::length).orElse(0)).isLessThan(600);
        });
  }

  @Test
  void discoveryIssuerWithControlCharacters_isEscapedInTheMessage() {
    Fixtures.serveDiscovery(server, Map.of("issuer", "https://evil.example\nINFO: admin logged in\u202e"));
    assertThatThrownBy(() -> client(ClientAuthentication.CLIENT_SECRET_BASIC).metadata())
        .isInstanceOfSatisfying(IdentityServerException.class, clean())
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.ISSUER_MISMATCH);
          assertThat(e.getMessage()).contains("\"https://evil.example\\nINFO: admin logged in\\u202e\"");
        });
  }

  @Test
  void contentTypeAndCallbackErrors_areEscaped() {
    server.handlers.put("/token", ex -> LocalServer.send(ex, 200, "text/evil\u2028INFO: forged", "{}", Map.of()));
    assertThatThrownBy(() -> client(ClientAuthentication.CLIENT_SECRET_BASIC).clientCredentials())
        .isInstanceOfSatisfying(IdentityServerException.class, clean())
        .isInstanceOfSatisfying(IdentityServerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
    IdentSphereClient c = client(ClientAuthentication.CLIENT_SECRET_BASIC);
    AuthorizationRequest r = c.authorizationRequest();
    assertThatThrownBy(() -> c.handleCallback(r, URI.create("http://x/cb?error=access_denied%0AINFO:%20x&error_description="
        + "%E2%80%A8forged%0D%0A" + "z".repeat(3000) + "&state=" + r.state())))
        .isInstanceOfSatisfying(IdentityServerException.class, clean())
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.AUTHORIZATION_ERROR);
          assertThat(e.error()).contains("access_denied\\nINFO: x");
          assertThat(e.errorDescription().get()).startsWith("\\u2028forged\\r\\n").endsWith("...(3009 chars)");
        });
  }
}
