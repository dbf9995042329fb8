package io.identsphere.demo.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.testkit.FakeIdentSphere;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Pattern 1 over real HTTP: login proxy, cookie relay, and the session table asked on every request. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Pattern1LoginProxyTest {
  private static final String ALICE = "{\"email\":\"alice@example.test\",\"password\":\"password\"}";
  FakeIdentSphere idp;
  PatternApps app;

  @BeforeAll
  void start() {
    idp = FakeIdentSphere.newBuilder().build().start();
    URI base = PatternApps.freeBase();
    app = new PatternApps(base, Pattern1LoginProxy.app(Map.of("IDENTSPHERE_URL", idp.issuer()), base));
  }

  @BeforeEach
  void freshBrowser() {
    app.jar.clear();
    idp.revokeSessions("alice");
    idp.clearFaults();
  }

  @AfterAll
  void stop() {
    app.close();
    idp.close();
  }

  HttpResponse<String> login() throws Exception {
    return app.send("POST", "api/login", ALICE, "Origin", app.origin());
  }

  @Test
  void login_relaysIdentSpheresCookies_andTheProfileWorksWithThem() throws Exception {
    HttpResponse<String> r = login();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"sub\":\"alice\"");
    assertThat(r.headers().allValues("Set-Cookie")).hasSize(2)
        .allSatisfy(c -> assertThat(c).contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure"));
    assertThat(app.jar).containsKeys("identsphere_at", "identsphere_rt");
    HttpResponse<String> me = app.send("GET", "api/me", null);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).isEqualTo("alice of acme");
    HttpResponse<String> sessions = app.send("GET", "api/sessions", null);
    assertThat(sessions.statusCode()).isEqualTo(200);
    assertThat(sessions.body()).contains("\"current\":true");
  }

  @Test
  void revokedSession_isRefusedOnTheNextRequest() throws Exception {
    login();
    assertThat(app.send("GET", "api/me", null).statusCode()).isEqualTo(200);
    idp.revokeSessions("alice");                      // the admin call: "sign out everywhere"
    HttpResponse<String> after = app.send("GET", "api/me", null);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
  }

  @Test
  void logout_endsTheSessionAndClearsTheCookies() throws Exception {
    login();
    HttpResponse<String> out = app.send("POST", "api/logout", null, "Origin", app.origin());
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(out.headers().allValues("Set-Cookie")).allSatisfy(c -> assertThat(c).contains("Max-Age=0"));
    assertThat(app.jar).isEmpty();
    assertThat(idp.openSessions("alice")).isZero();
    assertThat(app.send("GET", "api/me", null).statusCode()).isEqualTo(401);
  }

  @Test
  void crossSiteLoginAndLogout_areRefused() throws Exception {
    assertThat(app.send("POST", "api/login", ALICE, "Origin", "https://evil.example").statusCode()).isEqualTo(403);
    assertThat(app.jar).isEmpty();
    int logins = idp.count(io.identsphere.testkit.Endpoint.API_LOGIN);
    login();
    assertThat(idp.count(io.identsphere.testkit.Endpoint.API_LOGIN)).isEqualTo(logins + 1); // only the same-origin one
    assertThat(app.send("POST", "api/logout", null, "Origin", "https://evil.example").statusCode()).isEqualTo(403);
    assertThat(app.send("GET", "api/me", null).statusCode()).isEqualTo(200);
  }

  @Test
  void wrongPassword_isRelayedAs401WithoutCookies() throws Exception {
    HttpResponse<String> r = app.send("POST", "api/login", "{\"email\":\"alice@example.test\",\"password\":\"nope\"}",
        "Origin", app.origin());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
  }
}
