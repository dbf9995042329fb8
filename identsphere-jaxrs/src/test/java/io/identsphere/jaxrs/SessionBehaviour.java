package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sessions that last: a signed-in browser stays signed in across several access-token lifetimes
 * while its refresh token is valid (rotation, one refresh for concurrent requests), is signed out
 * clearly when the refresh token is refused, and comes back to the page it asked for after the
 * sign-in. The clock is moved forward; one subclass per runtime.
 */
public abstract class SessionBehaviour extends WebLoginFixture {
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
  void session_outlivesSeveralAccessTokens_whileTheRefreshTokenIsValid_andRotates() throws Exception {
    signIn();
    String rt = jar.get("identsphere_rt");
    for (int i = 0; i < 4; i++) {
      String at = jar.get("identsphere_at");
      idp.clock().advance(Duration.ofMinutes(6)); // past the token's exp + skew: the browser drops the access cookie
      HttpResponse<String> me = browse(app.uri("me"), "GET", null);
      assertThat(me.statusCode()).as("request %d", i).isEqualTo(200);
      assertThat(me.body()).startsWith("alice ");
      assertThat(jar.get("identsphere_at")).isNotNull().isNotEqualTo(at);
      assertThat(jar.get("identsphere_rt")).as("rotated").isNotNull().isNotEqualTo(rt);
      rt = jar.get("identsphere_rt");
      assertThat(browse(app.uri("me"), "GET", null).statusCode()).isEqualTo(200); // the new cookie works as is
    }
    assertThat(idp.count(io.identsphere.testkit.Endpoint.TOKEN)).isEqualTo(5); // the code exchange and 4 refreshes
  }

  @Test
  void accessCookie_livesAsLongAsItsToken_byTheSameClock() throws Exception {
    idp.clock().advance(Duration.ofDays(3)); // the shared clock is far from the system clock
    HttpResponse<String> start = browse(app.uri("auth/login"), "GET", null);
    HttpResponse<String> atIdp = browse(URI.create(start.headers().firstValue("Location").orElseThrow()), "GET", null);
    HttpResponse<String> callback = browse(URI.create(atIdp.headers().firstValue("Location").orElseThrow()), "GET", null);
    assertThat(callback.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
        .startsWith("identsphere_at=").contains("; Max-Age=360;")); // 5 min token + 60 s skew
  }

  @Test
  void concurrentRequests_withTheSameExpiredSession_refreshOnce_andAllGetTheNewCookies() throws Exception {
    signIn();
    long before = idp.count(io.identsphere.testkit.Endpoint.TOKEN);
    idp.clock().advance(Duration.ofMinutes(7));
    assertThat(expiries.get("identsphere_at")).isBefore(idp.clock().instant()); // a browser sends only the refresh cookie
    String cookie = "identsphere_rt=" + jar.get("identsphere_rt");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(pool.submit(() -> HTTP.send(HttpRequest.newBuilder(app.uri("me")).header("Cookie", cookie).build(),
            HttpResponse.BodyHandlers.ofString())));
      }
      java.util.Set<String> newRefreshCookies = new java.util.HashSet<>();
      for (java.util.concurrent.Future<HttpResponse<String>> f : answers) {
        HttpResponse<String> r = f.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("alice ");
        r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("identsphere_rt=")).forEach(newRefreshCookies::add);
      }
      assertThat(newRefreshCookies).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(idp.count(io.identsphere.testkit.Endpoint.TOKEN) - before).isEqualTo(1);
    // A late request with the old cookie, within the grace period, gets the same session, not a reuse alarm.
    HttpResponse<String> late = HTTP.send(HttpRequest.newBuilder(app.uri("me")).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(late.statusCode()).isEqualTo(200);
    assertThat(idp.count(io.identsphere.testkit.Endpoint.TOKEN) - before).isEqualTo(1);
  }

  @Test
  void refusedRefreshToken_endsTheSession_clearly() throws Exception {
    signIn();
    idp.clock().advance(Duration.ofMinutes(6));
    idp.faultOnce(io.identsphere.testkit.Endpoint.TOKEN, io.identsphere.testkit.Fault.oauthError(400, "invalid_grant", "revoked"));
    HttpResponse<String> me = browse(app.uri("me"), "GET", null);
    assertThat(me.statusCode()).isEqualTo(401);
    assertThat(me.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"").contains("error_description=\"the session has ended; sign in again\"");
    assertThat(me.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("identsphere_rt=;").contains("Max-Age=0"))
        .anySatisfy(c -> assertThat(c).startsWith("identsphere_idt=;").contains("Max-Age=0"));
    assertThat(jar).isEmpty();
    assertThat(browse(app.uri("open"), "GET", null).body()).isEqualTo("anonymous");
  }

  @Test
  void refusedRefreshToken_onAPublicPage_signsOutAndShowsThePage() throws Exception {
    signIn();
    idp.clock().advance(Duration.ofMinutes(6));
    idp.faultOnce(io.identsphere.testkit.Endpoint.TOKEN, io.identsphere.testkit.Fault.oauthError(400, "invalid_grant", "revoked"));
    HttpResponse<String> open = browse(app.uri("open"), "GET", null);
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.body()).isEqualTo("anonymous");
    assertThat(jar).isEmpty();
  }

  @Test
  void identityServerDownDuringRefresh_is503_andTheSessionStays() throws Exception {
    signIn();
    idp.clock().advance(Duration.ofMinutes(6));
    idp.faultOnce(io.identsphere.testkit.Endpoint.TOKEN, io.identsphere.testkit.Fault.closeConnection());
    HttpResponse<String> me = browse(app.uri("me"), "GET", null);
    assertThat(me.statusCode()).isEqualTo(503);
    assertThat(me.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(jar).containsKey("identsphere_rt");
    assertThat(browse(app.uri("me"), "GET", null).statusCode()).isEqualTo(200); // once it is back
  }

  @Test
  void pageThatNeedsLogin_sendsAnAnonymousBrowserToTheLoginAndBack() throws Exception {
    HttpResponse<String> page = browse(app.uri("page?tab=2"), "GET", null);
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/auth/login?return_to=%2Fpage%3Ftab%3D2");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    HttpResponse<String> back = follow(app.uri("page?tab=2"));
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(back.uri()).isEqualTo(app.uri("page?tab=2"));
    assertThat(back.body()).isEqualTo("page:alice tab=2");
  }

  @Test
  void login_returnsOnlyToPathsOfThisApp() throws Exception {
    assertThat(follow(app.uri("auth/login?return_to=%2Fopen%3Fx%3D1")).uri()).isEqualTo(app.uri("open?x=1"));
    String[] foreign = {"//evil.example/x", "https://evil.example/", "/\\evil.example", "/\r\nSet-Cookie:x=1",
        "open", "/a b", "javascript:alert(1)", "/" + "a".repeat(3000)};
    for (String target : foreign) {
      jar.clear();
      expiries.clear();
      HttpResponse<String> r = follow(app.uri("auth/login?return_to=" + URLEncoder.encode(target, StandardCharsets.UTF_8)));
      assertThat(r.uri()).as(target).isEqualTo(app.uri("me"));
      assertThat(r.body()).startsWith("alice ");
    }
    assertThat(ReturnPath.check("/\\evil.example")).isNull();
    assertThat(ReturnPath.check("/ok/path?q=1")).isEqualTo("/ok/path?q=1");
  }
}
