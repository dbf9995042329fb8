package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.IdentSphereUser;
import io.identsphere.oidc.ApiRequest;
import io.identsphere.oidc.ApiResponse;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenRejectedException.Reason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * IdentSphere's Pattern 2 from {@code IDENTSPHERE_URL} alone: a validate-only client against the
 * fake server, with and without discovery, over real HTTP.
 */
class ValidateOnlyTest {
  static IdentSphereClient validateOnly(FakeIdentSphere idp, Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(extra);
    env.put("IDENTSPHERE_URL", idp.issuer());
    return IdentSphereClient.validateOnlyFromEnvironment(env).clock(idp.clock())
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)).build();
  }

  @Test
  void validateOnlyFromEnvironment_withOnlyTheUrl_validatesTheLoginCookieIntoTheUser() {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start()) {
      IdentSphereClient c = validateOnly(idp, Map.of());
      String token = accessCookie(c.api().login("{\"email\":\"alice@example.test\",\"password\":\"password\"}"));
      IdentSphereUser user = c.validateToken(token);
      assertThat(user.subject()).isEqualTo("alice");
      assertThat(user.roles()).containsExactly("admin", "member");
      assertThat(user.tenantId()).contains("acme");
      assertThat(user.expiresAt()).contains(idp.clock().instant().plusSeconds(300).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
      assertThat(c.clientId()).isNull();
      assertThat(idp.count(Endpoint.DISCOVERY)).isEqualTo(1);
      assertThat(idp.count(Endpoint.JWKS)).isEqualTo(1);
      assertThat(idp.count(Endpoint.WELL_KNOWN_JWKS)).isZero();
    }
  }

  @Test
  void validateOnly_withoutDiscovery_takesTheKeysFromWellKnownJwksJson() {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().withoutDiscovery().build().start()) {
      IdentSphereClient c = validateOnly(idp, Map.of());
      IdentSphereUser user = c.validateToken(idp.minter().accessToken("bob").sign());
      assertThat(user.subject()).isEqualTo("bob");
      assertThat(user.roles()).containsExactly("member");
      assertThat(idp.count(Endpoint.DISCOVERY)).isEqualTo(1);
      assertThat(idp.count(Endpoint.WELL_KNOWN_JWKS)).isEqualTo(1);
      assertThat(idp.count(Endpoint.JWKS)).isZero();
    }
  }

  @Test
  void validateOnly_discoveryThatFailsOtherThanNotFound_isNotBypassed() {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start()) {
      idp.faultOnce(Endpoint.DISCOVERY, Fault.status(500));
      IdentSphereClient c = validateOnly(idp, Map.of());
      assertThatThrownBy(() -> c.validateToken(idp.minter().accessToken("bob").sign()))
          .isInstanceOf(IdentityServerException.class).hasMessageContaining("500");
      assertThat(idp.count(Endpoint.WELL_KNOWN_JWKS)).isZero();
    }
  }

  @Test
  void validateOnly_anIdToken_isRefusedAsNotAnAccessToken() {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start()) {
      IdentSphereClient c = validateOnly(idp, Map.of());
      String idToken = idp.minter().idToken("alice", "demo-web").claim("nonce", "n-123").sign();
      assertThatThrownBy(() -> c.validateToken(idToken)).isInstanceOf(TokenRejectedException.class)
          .satisfies(e -> assertThat(((TokenRejectedException) e).reason()).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN));
    }
  }

  @Test
  void validateOnly_withoutAudienceVariable_acceptsAnyAudienceOfTheIssuer_butWithItChecksIt() {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start()) {
      String forBilling = idp.minter().accessToken("alice").audience("billing").sign();
      assertThat(validateOnly(idp, Map.of()).validateToken(forBilling).subject()).isEqualTo("alice");
      IdentSphereClient orders = validateOnly(idp, Map.of("IDENTSPHERE_AUDIENCE", "orders"));
      assertThatThrownBy(() -> orders.validateToken(forBilling)).isInstanceOf(TokenRejectedException.class)
          .satisfies(e -> assertThat(((TokenRejectedException) e).reason()).isEqualTo(Reason.WRONG_AUDIENCE));
      assertThat(orders.validateToken(idp.minter().accessToken("bob").audience("orders").sign()).subject()).isEqualTo("bob");
    }
  }

  @Test
  void validateOnly_anotherIssuersToken_isRefused() {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start()) {
      IdentSphereClient c = validateOnly(idp, Map.of());
      assertThatThrownBy(() -> c.validateToken(idp.minter().accessToken("alice").wrongIssuer().sign()))
          .isInstanceOf(TokenRejectedException.class)
          .satisfies(e -> assertThat(((TokenRejectedException) e).reason()).isEqualTo(Reason.WRONG_ISSUER));
    }
  }

  @Test
  void validateTokenAsync_withAColdCache_completesWithTheUser() throws Exception {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().withoutDiscovery().build().start()) {
      IdentSphereClient c = validateOnly(idp, Map.of());
      IdentSphereUser user = c.async().validateToken(idp.minter().accessToken("alice").sign()).get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(user.subject()).isEqualTo("alice");
      assertThatThrownBy(() -> c.async().validateToken("not.a.token").join()).hasCauseInstanceOf(TokenRejectedException.class);
    }
  }

  @Test
  void validateOnly_operationsThatNeedAClientId_sayWhy() {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start()) {
      IdentSphereClient c = validateOnly(idp, Map.of());
      assertThatThrownBy(() -> c.refresh("rt")).isInstanceOf(IllegalStateException.class).hasMessageContaining("validateOnly()");
      assertThatThrownBy(() -> c.introspect("t")).isInstanceOf(IllegalStateException.class).hasMessageContaining("client id");
      assertThatThrownBy(() -> c.revoke("t", null)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> c.clientCredentials()).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> c.authorizationRequest(URI.create("http://127.0.0.1/cb"), Map.of()))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> c.validateIdToken("a.b.c", null, null)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> c.endSessionUri(null, null, null)).isInstanceOf(IllegalStateException.class);
      assertThat(idp.count(Endpoint.TOKEN) + idp.count(Endpoint.INTROSPECTION) + idp.count(Endpoint.REVOCATION)).isZero();
    }
  }

  @Test
  void sessionCheckingVerifier_ofAValidateOnlyClient_asksTheSessionTableThroughUsersMe() {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().build().start()) {
      IdentSphereClient c = validateOnly(idp, Map.of());
      String token = accessCookie(c.api().login("{\"email\":\"alice@example.test\",\"password\":\"password\"}"));
      io.identsphere.token.TokenVerifier v = c.sessionCheckingVerifier(Duration.ZERO);
      assertThat(v.verify(token).subject()).isEqualTo("alice");
      idp.revokeSessions("alice");
      assertThatThrownBy(() -> v.verify(token)).isInstanceOf(TokenRejectedException.class)
          .satisfies(e -> assertThat(((TokenRejectedException) e).reason()).isEqualTo(Reason.INACTIVE));
      assertThat(idp.count(Endpoint.INTROSPECTION)).isZero();
    }
  }

  /**
   * A sidecar at {@code http://identsphere:4000}: the JDK client reaches the fake through a proxy
   * on loopback, so the URL keeps its private host name and the request is real HTTP.
   */
  @Test
  void sidecarOverPlainHttp_isRefusedWithoutTheSwitch_andWorksWithIt() {
    String sidecar = "http://identsphere:4000";
    assertThatThrownBy(() -> IdentSphereClient.validateOnlyFromEnvironment(Map.of("IDENTSPHERE_URL", sidecar)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowInsecureHttp()")
        .hasMessageContaining("IDENTSPHERE_ALLOW_INSECURE_HTTP=true").hasMessageContaining("http://identsphere:4000");
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().withoutDiscovery().build().start()) {
      HttpClient viaLoopback = HttpClient.newBuilder().proxy(new ProxySelector() {
        @Override
        public List<Proxy> select(URI uri) {
          return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", idp.port())));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException e) {}
      }).build();
      IdentSphereClient c = IdentSphereClient.validateOnlyFromEnvironment(
              Map.of("IDENTSPHERE_URL", sidecar, "IDENTSPHERE_ALLOW_INSECURE_HTTP", "true"))
          .httpClient(viaLoopback).clock(idp.clock()).build();
      IdentSphereUser user = c.validateToken(idp.minter(sidecar).accessToken("alice").sign());
      assertThat(user.subject()).isEqualTo("alice");
      RecordedRequest keys = idp.requests(Endpoint.WELL_KNOWN_JWKS).get(0);
      assertThat(keys.header("host")).contains("identsphere:4000");
      ApiResponse me = c.api().call(ApiRequest.get("/v1/users/me").bearer(idp.minter().accessToken("bob").sign()));
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.body()).contains("\"sub\":\"bob\"");
    }
  }

  static String accessCookie(ApiResponse login) {
    assertThat(login.status()).isEqualTo(200);
    String c = login.setCookies().stream().filter(s -> s.startsWith("identsphere_at=")).findFirst().orElseThrow();
    return c.substring("identsphere_at=".length(), c.indexOf(';'));
  }
}
