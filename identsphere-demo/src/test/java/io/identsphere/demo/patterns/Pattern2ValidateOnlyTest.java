package io.identsphere.demo.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.testkit.Endpoint;
import io.identsphere.testkit.FakeIdentSphere;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pattern 2 over real HTTP, from {@code IDENTSPHERE_URL} alone, against a fake IdentSphere without discovery. */
class Pattern2ValidateOnlyTest {
  FakeIdentSphere idp;
  PatternApps app;

  @BeforeEach
  void start() {
    idp = FakeIdentSphere.newBuilder().withoutDiscovery().accessExpirySecs(900).build().start();
    app = new PatternApps(PatternApps.freeBase(), Pattern2ValidateOnly.app(Map.of("IDENTSPHERE_URL", idp.issuer())));
  }

  @AfterEach
  void stop() {
    app.close();
    idp.close();
  }

  @Test
  void theLoginCookie_andABearerToken_areValidatedLocally() throws Exception {
    app.jar.put("identsphere_at", idp.minter().accessToken("alice").sign());
    HttpResponse<String> cookie = app.send("GET", "orders", null);
    assertThat(cookie.statusCode()).isEqualTo(200);
    assertThat(cookie.body()).isEqualTo("orders of alice in acme");
    app.jar.clear();
    HttpResponse<String> bearer = app.send("GET", "orders", null, "Authorization", "Bearer " + idp.minter().accessToken("bob").sign());
    assertThat(bearer.body()).isEqualTo("orders of bob in acme");
    assertThat(idp.count(Endpoint.WELL_KNOWN_JWKS)).isEqualTo(1);   // keys fetched once, from /.well-known/jwks.json
    assertThat(idp.count(Endpoint.API_ME)).isZero();                // no per-request call to IdentSphere
  }

  @Test
  void roles_anonymous_andIdTokens_areJudged() throws Exception {
    assertThat(app.send("GET", "orders", null).statusCode()).isEqualTo(401);
    String bob = "Bearer " + idp.minter().accessToken("bob").sign();
    assertThat(app.send("DELETE", "orders/7", null, "Authorization", bob).statusCode()).isEqualTo(403);
    HttpResponse<String> admin = app.send("DELETE", "orders/7", null, "Authorization", "Bearer " + idp.minter().accessToken("alice").sign());
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(admin.body()).isEqualTo("deleted 7");
    app.jar.put("identsphere_at", idp.minter().idToken("alice", "demo-web").sign());
    assertThat(app.send("GET", "orders", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aRevokedSession_keepsWorkingUntilItsTokenExpires_theDocumentedLag() throws Exception {
    String cookie = PatternAppsLogin.accessCookie(idp);
    app.jar.put("identsphere_at", cookie);
    idp.revokeSessions("alice");
    assertThat(app.send("GET", "orders", null).statusCode()).isEqualTo(200);
    app.jar.put("identsphere_at", idp.minter().accessToken("alice").expired().sign()); // once it has expired
    assertThat(app.send("GET", "orders", null).statusCode()).isEqualTo(401);
  }
}
