package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server-side login, logout, the login proxy and cookie refresh, over real HTTP (the test plays the browser). */
class WebLoginTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private FakeIdentSphere idp;
  private JerseyServer app;
  private final Map<String, String> jar = new LinkedHashMap<>();

  @BeforeEach
  void start() {
    idp = FakeIdentSphere.newBuilder().build().start();
    int port = freePort();
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web")
        .clientSecret(FakeIdentSphere.DEMO_SECRET).audience("api").clock(idp.clock()).build();
    WebLogin login = WebLogin.newBuilder(client, base.resolve("/auth/callback")).afterLogin(base.resolve("/me"))
        .afterLogout(base.resolve("/open")).insecureCookiesOnLoopback().clock(idp.clock()).build();
    ResourceConfig rc = new ResourceConfig(Resources.Me.class, Resources.Open.class)
        .register(IdentSphereFeature.newBuilder(client).refreshExpiredCookies().insecureCookiesOnLoopback().build())
        .register(login);
    app = new JerseyServer(rc, port);
  }

  @AfterEach
  void stop() {
    app.close();
    idp.close();
  }

  private static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A tiny browser: keeps cookies for the app's host, follows nothing by itself. */
  private HttpResponse<String> browse(URI uri, String method, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    if (uri.getPort() == app.base.getPort() && !jar.isEmpty()) {
      b.header("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
    }
    if (body != null) b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (uri.getPort() == app.base.getPort()) {
      for (String c : r.headers().allValues("Set-Cookie")) {
        String pair = c.substring(0, c.indexOf(';'));
        String name = pair.substring(0, pair.indexOf('='));
        if (c.contains("Max-Age=0")) jar.remove(name); else jar.put(name, pair.substring(name.length() + 1));
      }
    }
    return r;
  }

  private HttpResponse<String> follow(URI start) throws Exception {
    HttpResponse<String> r = browse(start, "GET", null);
    for (int i = 0; i < 6 && r.statusCode() / 100 == 3; i++) {
      r = browse(r.uri().resolve(r.headers().firstValue("Location").get()), "GET", null);
    }
    return r;
  }

  @Test
  void login_callback_me_logout() throws Exception {
    HttpResponse<String> start = browse(app.uri("auth/login"), "GET", null);
    assertThat(start.statusCode()).isEqualTo(303);
    assertThat(start.headers().firstValue("Location").get()).startsWith(idp.authorizeUri().toString());
    String loginCookie = start.headers().allValues("Set-Cookie").get(0);
    assertThat(loginCookie).startsWith("identsphere_login=").contains("HttpOnly").contains("SameSite=Lax");

    HttpResponse<String> me = follow(app.uri("auth/login"));
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).startsWith("alice ");
    assertThat(jar).containsKeys("identsphere_at", "identsphere_rt", "identsphere_idt").doesNotContainKey("identsphere_login");

    HttpResponse<String> out = browse(app.uri("auth/logout"), "GET", null);
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Location").get()).startsWith(idp.issuer() + "/logout?id_token_hint=");
    assertThat(jar).isEmpty();
    assertThat(browse(app.uri("me"), "GET", null).statusCode()).isEqualTo(401);
  }

  @Test
  void callback_withoutOrWithForgedLoginCookie_isRefused() throws Exception {
    HttpResponse<String> start = browse(app.uri("auth/login"), "GET", null);
    HttpResponse<String> atIdp = browse(URI.create(start.headers().firstValue("Location").get()), "GET", null);
    URI callback = URI.create(atIdp.headers().firstValue("Location").get());
    String sealed = jar.get("identsphere_login");
    // Flip one bit of the MAC. (Overwriting the last two characters with "AA" was a no-op about
    // once in 1,024 runs: when they already decoded to the same bits, the cookie stayed genuine.)
    int dot = sealed.lastIndexOf('.');
    byte[] mac = Base64.getUrlDecoder().decode(sealed.substring(dot + 1));
    mac[0] ^= 0x01;
    String forgedCookie = sealed.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    assertThat(forgedCookie).isNotEqualTo(sealed);
    jar.put("identsphere_login", forgedCookie);
    HttpResponse<String> forged = browse(callback, "GET", null);
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).contains("missing or expired");
    // The same MAC bits spelled differently: the last character's two unused bits set.
    String lenient = sealed.substring(0, sealed.length() - 1)
        + URL_ALPHABET.charAt(URL_ALPHABET.indexOf(sealed.charAt(sealed.length() - 1)) | 0x03);
    assertThat(Base64.getUrlDecoder().decode(lenient.substring(dot + 1))).isEqualTo(Base64.getUrlDecoder().decode(sealed.substring(dot + 1)));
    jar.put("identsphere_login", lenient);
    assertThat(browse(callback, "GET", null).statusCode()).isEqualTo(400);
    jar.clear();
    assertThat(browse(callback, "GET", null).statusCode()).isEqualTo(400);
  }

  private static final String URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  @Test
  void expiredAccessCookie_isRefreshedTransparently() throws Exception {
    follow(app.uri("auth/login"));
    String before = jar.get("identsphere_at");
    idp.clock().advance(Duration.ofMinutes(6));
    HttpResponse<String> me = browse(app.uri("me"), "GET", null);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).startsWith("alice ");
    assertThat(jar.get("identsphere_at")).isNotEqualTo(before);
    List<String> set = me.headers().allValues("Set-Cookie");
    assertThat(set).anySatisfy(c -> assertThat(c).startsWith("identsphere_at=").contains("HttpOnly"));
  }

  @Test
  void apiLoginProxy_relaysStatusBodyAndCookies() throws Exception {
    HttpResponse<String> bad = browse(app.uri("auth/api-login"), "POST", "{\"email\":\"bob@example.test\",\"password\":\"x\"}");
    assertThat(bad.statusCode()).isEqualTo(401);
    HttpResponse<String> ok = browse(app.uri("auth/api-login"), "POST", "{\"email\":\"bob@example.test\",\"password\":\"password\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("\"sub\":\"bob\"");
    assertThat(ok.headers().allValues("Set-Cookie")).hasSize(2);
    assertThat(browse(app.uri("me"), "GET", null).body()).startsWith("bob ");
  }
}
