package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * IdentSphere's Pattern 2 in Jakarta REST: {@link IdentSphereFeature#fromEnvironment(Map)} with
 * only {@code IDENTSPHERE_URL}, against a fake without discovery, on Jersey over real HTTP; and
 * the guide's token order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidateOnlyFeatureTest {
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  FakeIdentSphere idp;
  TestRuntime.Served fromEnv;
  TestRuntime.Served guideOrder;

  @BeforeAll
  void start() {
    idp = FakeIdentSphere.newBuilder().withoutDiscovery().build().start();
    fromEnv = JerseyRuntime.INSTANCE.serve(TestApp.of(Resources.Me.class,
        IdentSphereFeature.fromEnvironment(Map.of("IDENTSPHERE_URL", idp.issuer()))), 0);
    IdentSphereClient validateOnly = IdentSphereClient.validateOnlyFromEnvironment(Map.of("IDENTSPHERE_URL", idp.issuer()))
        .clock(idp.clock()).build();
    guideOrder = JerseyRuntime.INSTANCE.serve(TestApp.of(Resources.Me.class,
        IdentSphereFeature.newBuilder(validateOnly).tokenSources(TokenSource.GUIDE_ORDER).build()), 0);
  }

  @AfterAll
  void stop() {
    fromEnv.close();
    guideOrder.close();
    idp.close();
  }

  HttpResponse<String> get(TestRuntime.Served app, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(app.uri("me"));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void fromEnvironment_withOnlyTheUrl_acceptsTheBearerTokenAndTheCookie() throws Exception {
    HttpResponse<String> bearer = get(fromEnv, "Authorization", "Bearer " + idp.minter().accessToken("alice").sign());
    assertThat(bearer.statusCode()).isEqualTo(200);
    assertThat(bearer.body()).startsWith("alice scheme=Bearer admin=true");
    HttpResponse<String> cookie = get(fromEnv, "Cookie", "identsphere_at=" + idp.minter().accessToken("bob").sign());
    assertThat(cookie.statusCode()).isEqualTo(200);
    assertThat(cookie.body()).startsWith("bob ").contains("admin=false");
  }

  @Test
  void fromEnvironment_anIdTokenInTheCookie_isRefused() throws Exception {
    String idToken = idp.minter().idToken("alice", "demo-web").sign();
    HttpResponse<String> r = get(fromEnv, "Cookie", "identsphere_at=" + idToken);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
  }

  @Test
  void fromEnvironment_withoutTheUrl_orWithPlainHttpToAHost_failsAtOnce() {
    assertThatThrownBy(() -> IdentSphereFeature.fromEnvironment(Map.of())).isInstanceOf(IllegalStateException.class)
        .hasMessage("IDENTSPHERE_URL is not set");
    assertThatThrownBy(() -> IdentSphereFeature.fromEnvironment(Map.of("IDENTSPHERE_URL", "http://identsphere:4000")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IDENTSPHERE_ALLOW_INSECURE_HTTP=true");
    assertThat(IdentSphereFeature.fromEnvironment(Map.of("IDENTSPHERE_URL", "http://identsphere:4000",
        "IDENTSPHERE_ALLOW_INSECURE_HTTP", "true"))).isNotNull();
  }

  @Test
  void guideOrder_readsTheCookieFirst_theDefaultReadsTheHeaderFirst() throws Exception {
    String cookie = "identsphere_at=" + idp.minter().accessToken("alice").sign();
    String header = "Bearer " + idp.minter().accessToken("bob").sign();
    assertThat(get(guideOrder, "Cookie", cookie, "Authorization", header).body()).startsWith("alice ");
    assertThat(get(fromEnv, "Cookie", cookie, "Authorization", header).body()).startsWith("bob ");
    assertThat(get(guideOrder, "Authorization", header).body()).startsWith("bob "); // no cookie: the header
    assertThat(TokenSource.GUIDE_ORDER).containsExactly(TokenSource.COOKIE, TokenSource.BEARER_HEADER);
    assertThat(TokenSource.HEADER_FIRST).containsExactly(TokenSource.BEARER_HEADER, TokenSource.COOKIE);
  }

  @Test
  void tokenSources_aListThatIsEmptyOrRepeatsASource_isRefused() {
    IdentSphereClient c = IdentSphereClient.validateOnlyFromEnvironment(Map.of("IDENTSPHERE_URL", idp.issuer())).build();
    assertThatThrownBy(() -> IdentSphereFeature.newBuilder(c).tokenSources(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IdentSphereFeature.newBuilder(c).tokenSources(List.of(TokenSource.COOKIE, TokenSource.COOKIE)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void webLogin_withAValidateOnlyClient_isRefusedAtBuild() {
    IdentSphereClient c = IdentSphereClient.validateOnlyFromEnvironment(Map.of("IDENTSPHERE_URL", idp.issuer())).build();
    assertThatThrownBy(() -> WebLogin.newBuilder(c, java.net.URI.create("http://127.0.0.1:8080/auth/callback")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validateOnly()");
  }
}
