package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Where discovery looks for a server's metadata, in order (OIDC Discovery §4, RFC 8414 §3 and §5). */
class WellKnownTest {
  @Test
  void issuerWithAPath_triesTheAppendedOidcForm_thenRfc8414_thenTheInsertedOidcForm() {
    assertThat(WellKnown.locations("https://id.example/realms/x")).containsExactly(
        URI.create("https://id.example/realms/x/.well-known/openid-configuration"),
        URI.create("https://id.example/.well-known/oauth-authorization-server/realms/x"),
        URI.create("https://id.example/.well-known/openid-configuration/realms/x"));
  }

  @Test
  void issuerWithoutAPath_triesTwoUrls() {
    assertThat(WellKnown.locations("https://id.example:8443")).containsExactly(
        URI.create("https://id.example:8443/.well-known/openid-configuration"),
        URI.create("https://id.example:8443/.well-known/oauth-authorization-server"));
    assertThat(WellKnown.locations("https://id.example/")).containsExactly(
        URI.create("https://id.example/.well-known/openid-configuration"),
        URI.create("https://id.example/.well-known/oauth-authorization-server"));
  }

  @Test
  void trailingSlashOfAPath_isNotDoubled() {
    assertThat(WellKnown.locations("https://id.example/tenants/a/")).containsExactly(
        URI.create("https://id.example/tenants/a/.well-known/openid-configuration"),
        URI.create("https://id.example/.well-known/oauth-authorization-server/tenants/a"),
        URI.create("https://id.example/.well-known/openid-configuration/tenants/a"));
  }

  @Test
  void jwtShape_isThreeNonEmptyBase64UrlParts() {
    assertThat(IntrospectingVerifier.looksLikeJwt("aGVh.cGF5.c2ln")).isTrue();
    assertThat(IntrospectingVerifier.looksLikeJwt("aGVh.cGF5.")).isFalse();
    assertThat(IntrospectingVerifier.looksLikeJwt("aGVh..c2ln")).isFalse();
    assertThat(IntrospectingVerifier.looksLikeJwt("a.b.c.d")).isFalse();
    assertThat(IntrospectingVerifier.looksLikeJwt("opaque-token_123")).isFalse();
    assertThat(IntrospectingVerifier.looksLikeJwt("a+b.c.d")).isFalse();
    assertThat(IntrospectingVerifier.looksLikeJwt("a.b.c=")).isFalse();
  }
}
