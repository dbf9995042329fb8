package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LoginRequired} (the Python SDK's {@code login_required} / {@code role_required}) on Jersey
 * over real HTTP: an anonymous browser goes to the sign-in and comes back to its page; an API
 * client gets 401; a signed-in user without the role gets 403.
 */
class LoginRequiredTest {
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  @Path("pages")
  public static class Pages {
    @GET @Path("orders") @LoginRequired
    public String orders(@Context SecurityContext sc) {
      return "<p>orders of " + IdentSphereSecurity.requireUser(sc).subject() + "</p>";
    }

    @GET @Path("admin") @LoginRequired @RolesAllowed("admin") @Produces("text/html")
    public String admin(@Context SecurityContext sc) {
      return "<p>admin " + IdentSphereSecurity.requireUser(sc).subject() + "</p>";
    }

    @POST @Path("orders") @LoginRequired
    public String post() {
      return "posted";
    }
  }

  @Path("bad")
  public static class OtherOrigin {
    @GET @LoginRequired(loginPath = "https://evil.example/login")
    public String get() {
      return "never";
    }
  }

  FakeIdentSphere idp;
  TestRuntime.Served app;
  final Map<String, String> jar = new LinkedHashMap<>();

  @BeforeEach
  void start() {
    idp = FakeIdentSphere.newBuilder().build().start();
    int port = WebLoginFixture.freePort();
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web")
        .clientSecret(FakeIdentSphere.DEMO_SECRET).audience("api").clock(idp.clock()).build();
    WebLogin login = WebLogin.newBuilder(client, base.resolve("/auth/callback")).insecureCookiesOnLoopback()
        .clock(idp.clock()).build();
    app = JerseyRuntime.INSTANCE.serve(TestApp.of(Pages.class, IdentSphereFeature.of(client), login), port);
  }

  @AfterEach
  void stop() {
    app.close();
    idp.close();
  }

  HttpResponse<String> browse(URI uri, String method, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
    if (accept != null) b.header("Accept", accept);
    if (uri.getPort() == app.base().getPort() && !jar.isEmpty()) {
      b.header("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (uri.getPort() == app.base().getPort()) {
      for (String c : r.headers().allValues("Set-Cookie")) {
        String pair = c.substring(0, c.indexOf(';'));
        String name = pair.substring(0, pair.indexOf('='));
        if (c.contains("Max-Age=0")) jar.remove(name); else jar.put(name, pair.substring(name.length() + 1));
      }
    }
    return r;
  }

  @Test
  void anonymousBrowser_onALoginRequiredPage_isSentToTheSignInAndBackToThePage() throws Exception {
    HttpResponse<String> r = browse(app.uri("pages/orders?sort=new&page=2"), "GET", HTML);
    assertThat(r.statusCode()).isEqualTo(303);
    URI login = r.uri().resolve(r.headers().firstValue("Location").orElseThrow());
    assertThat(login.getRawPath()).isEqualTo("/auth/login");
    assertThat(URLDecoder.decode(login.getRawQuery(), StandardCharsets.UTF_8)).isEqualTo("return_to=/pages/orders?sort=new&page=2");
    assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    // Follow the sign-in: WebLogin -> the fake's /authorize (auto-login alice) -> callback -> the page.
    for (int i = 0; i < 6 && r.statusCode() / 100 == 3; i++) {
      r = browse(r.uri().resolve(r.headers().firstValue("Location").orElseThrow()), "GET", HTML);
    }
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.uri().getRawPath()).isEqualTo("/pages/orders");
    assertThat(r.uri().getRawQuery()).isEqualTo("sort=new&page=2");
    assertThat(r.body()).isEqualTo("<p>orders of alice</p>");
  }

  @Test
  void apiClient_onALoginRequiredPage_stillGets401() throws Exception {
    for (String accept : new String[] {null, "application/json", "*/*", "text/html;q=0"}) {
      HttpResponse<String> r = browse(app.uri("pages/orders"), "GET", accept);
      assertThat(r.statusCode()).as("Accept: %s", accept).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer realm=\"identsphere\"");
    }
    assertThat(browse(app.uri("pages/orders"), "POST", HTML).statusCode()).isEqualTo(401); // only GET/HEAD navigate
  }

  @Test
  void browserWithAnExpiredCookie_isSentToTheSignInToo() throws Exception {
    jar.put("identsphere_at", idp.minter().accessToken("alice").expired().sign());
    HttpResponse<String> r = browse(app.uri("pages/orders"), "GET", HTML);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location").orElseThrow()).contains("/auth/login?return_to=%2Fpages%2Forders");
  }

  @Test
  void signedInBrowserWithoutTheRole_gets403_notARedirect() throws Exception {
    jar.put("identsphere_at", idp.minter().accessToken("bob").sign());
    assertThat(browse(app.uri("pages/admin"), "GET", HTML).statusCode()).isEqualTo(403);
    jar.put("identsphere_at", idp.minter().accessToken("alice").sign());
    HttpResponse<String> ok = browse(app.uri("pages/admin"), "GET", HTML);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("<p>admin alice</p>");
    jar.clear();
    assertThat(browse(app.uri("pages/admin"), "GET", HTML).statusCode()).isEqualTo(303); // role_required: anonymous -> sign in
  }

  @Test
  void loginPathOfAnotherOrigin_failsDeployment() {
    assertThatThrownBy(() -> AccessRules.resolve(OtherOrigin.class, OtherOrigin.class.getMethod("get"), Rule.PERMIT))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("must be a path of this app");
  }
}
