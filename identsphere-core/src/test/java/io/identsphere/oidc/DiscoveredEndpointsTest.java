package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one URL rule for every endpoint that discovery names, and the discovery cache's lifetime. */
class DiscoveredEndpointsTest {
  private final LocalServer server;
  private final Fixtures.MutableClock clock = new Fixtures.MutableClock();

  DiscoveredEndpointsTest() throws Exception {
    server = new LocalServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private IdentSphereClient client(boolean allowInsecure) {
    IdentSphereClientBuilder b = IdentSphereClient.newBuilder(server.base()).clientId("web").clientSecret(Fixtures.SECRET)
        .redirectUri(URI.create("http://127.0.0.1:9/cb")).clock(clock).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    if (allowInsecure) b.allowInsecureHttp();
    return b.build();
  }

  /** A bad value and the kind it is refused with. */
  static List<Arguments> badUrls() {
    return List.of(
        Arguments.of("javascript:alert(document.cookie)", Kind.INSECURE_URL),
        Arguments.of("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", Kind.INSECURE_URL),
        Arguments.of("file:///etc/passwd", Kind.INSECURE_URL),
        Arguments.of("ftp://files.example/x", Kind.INSECURE_URL),
        Arguments.of("http://evil.example/logout?id_token_hint=x", Kind.INSECURE_URL),
        Arguments.of("https://good.example@evil.example/x", Kind.INSECURE_URL),
        Arguments.of("https://id.example/x#fragment", Kind.MALFORMED_RESPONSE),
        Arguments.of("/relative/path", Kind.MALFORMED_RESPONSE),
        Arguments.of("https:///no-host", Kind.MALFORMED_RESPONSE),
        Arguments.of("https://bad host/x", Kind.MALFORMED_RESPONSE),
        Arguments.of(42L, Kind.MALFORMED_RESPONSE));
  }

  private static Consumer<IdentityServerException> kind(Kind k) {
    return e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(k);
  }

  @ParameterizedTest
  @MethodSource("badUrls")
  void endSessionUri_forARefusedEndSessionEndpoint_failsAndNeverReturnsIt(Object bad, Kind expected) {
    Fixtures.serveDiscovery(server, Map.of("end_session_endpoint", bad));
    IdentSphereClient c = client(false);
    assertThat(c.metadata().tokenEndpoint().getPath()).isEqualTo("/token"); // discovery itself still works
    assertThatThrownBy(() -> c.endSessionUri("id.token.hint", URI.create("http://127.0.0.1:9/bye"), "st"))
        .isInstanceOfSatisfying(IdentityServerException.class, kind(expected));
    assertThatThrownBy(() -> c.metadata().endSessionEndpoint()).isInstanceOfSatisfying(IdentityServerException.class,
        kind(expected));
  }

  @ParameterizedTest
  @MethodSource("badUrls")
  void userInfo_forARefusedUserinfoEndpoint_failsWithoutSendingTheToken(Object bad, Kind expected) {
    Fixtures.serveDiscovery(server, Map.of("userinfo_endpoint", bad));
    assertThatThrownBy(() -> client(false).userInfo("access-token-value"))
        .isInstanceOfSatisfying(IdentityServerException.class, kind(expected));
  }

  @ParameterizedTest
  @MethodSource("badUrls")
  void revokeAndIntrospect_forRefusedEndpoints_fail(Object bad, Kind expected) {
    Fixtures.serveDiscovery(server, Map.of("revocation_endpoint", bad, "introspection_endpoint", bad));
    IdentSphereClient c = client(false);
    assertThatThrownBy(() -> c.revoke("tok", null)).isInstanceOfSatisfying(IdentityServerException.class, kind(expected));
    assertThatThrownBy(() -> c.introspect("tok")).isInstanceOfSatisfying(IdentityServerException.class, kind(expected));
  }

  @ParameterizedTest
  @MethodSource("badUrls")
  void pushedAuthorizationRequestEndpoint_refused_failsAtItsAccessor(Object bad, Kind expected) {
    Fixtures.serveDiscovery(server, Map.of("pushed_authorization_request_endpoint", bad));
    ProviderMetadata md = client(false).metadata();
    assertThatThrownBy(md::pushedAuthorizationRequestEndpoint).isInstanceOfSatisfying(IdentityServerException.class,
        kind(expected));
  }

  @ParameterizedTest
  @MethodSource("badUrls")
  void discovery_withARefusedRequiredEndpoint_fails(Object bad, Kind expected) {
    for (String member : List.of("authorization_endpoint", "token_endpoint", "jwks_uri")) {
      Fixtures.serveDiscovery(server, Map.of(member, bad));
      assertThatThrownBy(() -> client(false).metadata()).as(member)
          .isInstanceOfSatisfying(IdentityServerException.class, e -> {
            assertThat(e.kind()).isEqualTo(expected);
            assertThat(e.getMessage()).contains(member);
          });
    }
  }

  @Test
  void allowInsecureHttp_acceptsPlainHttpElsewhere_butNeverOtherSchemesOrUserInfo() {
    Fixtures.serveDiscovery(server, Map.of("end_session_endpoint", "http://id.example/logout",
        "userinfo_endpoint", "javascript:alert(1)", "revocation_endpoint", "http://u:p@id.example/revoke"));
    IdentSphereClient c = client(true);
    assertThat(c.endSessionUri(null, null, null).toString()).startsWith("http://id.example/logout?");
    assertThatThrownBy(() -> c.userInfo("at")).isInstanceOfSatisfying(IdentityServerException.class, kind(Kind.INSECURE_URL));
    assertThatThrownBy(() -> c.revoke("t", null)).isInstanceOfSatisfying(IdentityServerException.class, kind(Kind.INSECURE_URL));
  }

  @Test
  void goodEndpoints_areReturned_andTheUnusedRegistrationEndpointIsNotChecked() {
    Fixtures.serveDiscovery(server, Map.of("registration_endpoint", "javascript:alert(1)",
        "end_session_endpoint", "HTTPS://id.example/logout"));
    ProviderMetadata md = client(false).metadata();
    assertThat(md.endSessionEndpoint()).contains(URI.create("HTTPS://id.example/logout"));
    assertThat(md.userinfoEndpoint()).contains(URI.create(server.base() + "/userinfo"));
    assertThat(md.revocationEndpoint()).contains(URI.create(server.base() + "/revoke"));
    assertThat(md.introspectionEndpoint()).contains(URI.create(server.base() + "/introspect"));
    assertThat(md.pushedAuthorizationRequestEndpoint()).contains(URI.create(server.base() + "/par"));
    assertThat(md.jwksUri()).isEqualTo(URI.create(server.base() + "/jwks"));
    assertThat(md.raw()).containsEntry("registration_endpoint", "javascript:alert(1)");
  }

  @Test
  void absentOptionalEndpoints_areEmpty_andTheirOperationsSaySo() {
    Map<String, Object> none = new HashMap<>();
    for (String m : List.of("userinfo_endpoint", "end_session_endpoint", "revocation_endpoint", "introspection_endpoint",
        "pushed_authorization_request_endpoint")) {
      none.put(m, null);
    }
    Fixtures.serveDiscovery(server, none);
    IdentSphereClient c = client(false);
    assertThat(c.metadata().endSessionEndpoint()).isEmpty();
    assertThatThrownBy(() -> c.endSessionUri(null, null, null)).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e).hasMessageContaining("no end_session_endpoint"));
  }

  @Test
  void discovery_isReusedUntilTheTtlHasPassed_thenFetchedAgain() {
    Fixtures.serveDiscovery(server, Map.of());
    IdentSphereClient c = IdentSphereClient.newBuilder(server.base()).clientId("web").clock(clock)
        .discoveryTtl(Duration.ofMinutes(10)).build();
    String path = "/.well-known/openid-configuration";
    c.metadata();
    assertThat(server.hits(path)).isEqualTo(1);
    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    c.metadata();
    c.async().metadata().join();
    assertThat(server.hits(path)).isEqualTo(1);
    clock.advance(Duration.ofMillis(1)); // exactly the TTL: stale
    Fixtures.serveDiscovery(server, Map.of("end_session_endpoint", "https://id.example/new-logout"));
    assertThat(c.metadata().endSessionEndpoint()).contains(URI.create("https://id.example/new-logout"));
    assertThat(server.hits(path)).isEqualTo(2);
    clock.advance(Duration.ofMinutes(9));
    c.metadata();
    assertThat(server.hits(path)).isEqualTo(2);
  }

  @Test
  @Timeout(10) // before the fix, the overflowing expiry left the shared discovery future unfinished forever
  void discovery_failedFetch_isNotCached_andAHugeTtlDoesNotOverflow() {
    server.handlers.put("/.well-known/openid-configuration", ex -> LocalServer.send(ex, 503, null, "", Map.of()));
    IdentSphereClient c = IdentSphereClient.newBuilder(server.base()).clientId("web").clock(clock)
        .discoveryTtl(Duration.ofSeconds(Long.MAX_VALUE)).build();
    assertThatThrownBy(c::metadata).isInstanceOfSatisfying(IdentityServerException.class, kind(Kind.HTTP_STATUS));
    Fixtures.serveDiscovery(server, Map.of());
    assertThat(c.metadata().issuer()).isEqualTo(server.base());
    clock.advance(Duration.ofDays(365 * 1000));
    c.metadata();
    assertThat(server.hits("/.well-known/openid-configuration")).isEqualTo(2);
    assertThatThrownBy(() -> IdentSphereClient.newBuilder(server.base()).discoveryTtl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
