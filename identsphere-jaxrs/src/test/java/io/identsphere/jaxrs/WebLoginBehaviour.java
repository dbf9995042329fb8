package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server-side login, logout, the login proxy and cookie refresh, over real HTTP (the test plays the browser). */
public abstract class WebLoginBehaviour {
  /**
   * Returns the runtime this subclass tests.
   *
   * @return the runtime
   */
  protected abstract TestRuntime runtime();

  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private FakeIdentSphere idp;
  private IdentSphereClient client;
  private TestRuntime.Served app;
  private final Map<String, String> jar = new LinkedHashMap<>();
  /** When each cookie in the jar expires, by the shared clock (from its Max-Age), as a browser drops it. */
  private final Map<String, java.time.Instant> expiries = new LinkedHashMap<>();

  @BeforeEach
  void start() {
    idp = FakeIdentSphere.newBuilder().build().start();
    int port = freePort();
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web")
        .clientSecret(FakeIdentSphere.DEMO_SECRET).audience("api").clock(idp.clock()).build();
    WebLogin login = WebLogin.newBuilder(client, base.resolve("/auth/callback")).afterLogin(base.resolve("/me"))
        .afterLogout(base.resolve("/open")).insecureCookiesOnLoopback().clock(idp.clock()).build();
    app = runtime().serve(TestApp.of(Resources.Me.class, Resources.Open.class, new Resources.LoginRequired(login),
        IdentSphereFeature.newBuilder(client).refreshExpiredCookies().insecureCookiesOnLoopback().build(), login), port);
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
    return browse(uri, method, body, body == null ? null : "application/json");
  }

  /** The same with a content type and extra headers (name, value, ...). */
  private HttpResponse<String> browse(URI uri, String method, String body, String contentType, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    expiries.entrySet().removeIf(e -> {
      boolean gone = !idp.clock().instant().isBefore(e.getValue());
      if (gone) jar.remove(e.getKey());
      return gone;
    });
    if (uri.getPort() == app.base().getPort() && !jar.isEmpty()) {
      b.header("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
    }
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    if (contentType != null) b.header("Content-Type", contentType);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (uri.getPort() == app.base().getPort()) {
      for (String c : r.headers().allValues("Set-Cookie")) {
        String pair = c.substring(0, c.indexOf(';'));
        String name = pair.substring(0, pair.indexOf('='));
        Matcher maxAge = Pattern.compile("; Max-Age=(\\d+)").matcher(c);
        long seconds = maxAge.find() ? Long.parseLong(maxAge.group(1)) : Long.MAX_VALUE / 2;
        if (seconds == 0) {
          jar.remove(name);
          expiries.remove(name);
        } else {
          jar.put(name, pair.substring(name.length() + 1));
          expiries.put(name, idp.clock().instant().plusSeconds(Math.min(seconds, 100L * 365 * 86400)));
        }
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

    HttpResponse<String> out = browse(app.uri("auth/logout"), "POST", null, null, "Origin", origin());
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

  private String origin() {
    return "http://127.0.0.1:" + app.base().getPort();
  }

  private void signIn() throws Exception {
    assertThat(follow(app.uri("auth/login")).statusCode()).isEqualTo(200);
    assertThat(jar).containsKeys("identsphere_at", "identsphere_idt");
  }

  private static void assertForbiddenProblem(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void logoutGet_showsAFormThatPosts_andSignsNobodyOut() throws Exception {
    signIn();
    HttpResponse<String> page = browse(app.uri("auth/logout"), "GET", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(page.body()).contains("<form class=\"identsphere-logout\" method=\"post\" action=\"/auth/logout\">")
        .containsPattern("<input type=\"hidden\" name=\"csrf\" value=\"[A-Za-z0-9_-]{43}\">");
    assertThat(browse(app.uri("me"), "GET", null).statusCode()).isEqualTo(200);
  }

  @Test
  void logoutPost_fromAnotherSite_isRefused_andTheSessionStays() throws Exception {
    signIn();
    String[][] crossSite = {
        {"Origin", "https://evil.example"},
        {"Origin", "null"},
        {"Origin", "http://127.0.0.1:" + idp.issuer().replaceAll(".*:(\\d+).*", "$1")}, // same site, another origin
        {"Origin", origin() + "/path"},
        {"Sec-Fetch-Site", "cross-site"},
        {"Sec-Fetch-Site", "same-site"},
        {"Sec-Fetch-Site", "same-origin", "Origin", "https://evil.example"},
        {"Sec-Fetch-Site", "cross-site", "Origin", origin()},
    };
    for (String[] headers : crossSite) {
      assertForbiddenProblem(browse(app.uri("auth/logout"), "POST", null, null, headers));
    }
    assertThat(browse(app.uri("me"), "GET", null).statusCode()).isEqualTo(200);
  }

  @Test
  void logoutPost_withSameOriginHeaders_signsOut() throws Exception {
    signIn();
    HttpResponse<String> out = browse(app.uri("auth/logout"), "POST", null, null, "Sec-Fetch-Site", "same-origin");
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(jar).isEmpty();
    signIn();
    assertThat(browse(app.uri("auth/logout"), "POST", null, null, "Origin", origin()).statusCode()).isEqualTo(303);
    assertThat(jar).isEmpty();
  }

  @Test
  void logoutPost_withoutBrowserHeaders_needsTheFormsToken() throws Exception {
    signIn();
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(browse(app.uri("auth/logout"), "GET", null).body());
    assertThat(m.find()).isTrue();
    String token = m.group(1);
    String form = "application/x-www-form-urlencoded";
    assertForbiddenProblem(browse(app.uri("auth/logout"), "POST", null, null));
    assertForbiddenProblem(browse(app.uri("auth/logout"), "POST", "csrf=" + token.substring(1), form));
    assertForbiddenProblem(browse(app.uri("auth/logout"), "POST", "csrf=" + token, "text/plain"));
    // A token rendered for another session (here: none) does not sign this one out.
    Map<String, String> mine = new LinkedHashMap<>(jar);
    jar.clear();
    Matcher other = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(browse(app.uri("auth/logout"), "GET", null).body());
    assertThat(other.find()).isTrue();
    jar.putAll(mine);
    assertForbiddenProblem(browse(app.uri("auth/logout"), "POST", "csrf=" + other.group(1), form));
    assertThat(browse(app.uri("me"), "GET", null).statusCode()).isEqualTo(200);

    HttpResponse<String> out = browse(app.uri("auth/logout"), "POST", "x=1&csrf=" + token, form);
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(jar).isEmpty();
  }

  @Test
  void callback_withAnErrorFromTheServer_answersAGenericProblem_andLogsTheDetailsEscaped() throws Exception {
    HttpResponse<String> start = browse(app.uri("auth/login"), "GET", null);
    Matcher state = Pattern.compile("[?&]state=([^&]+)").matcher(start.headers().firstValue("Location").orElseThrow());
    assertThat(state.find()).isTrue();
    String description = "<script>alert(1)</script>\r\nINFO: forged log line";
    URI callback = app.uri("auth/callback?state=" + state.group(1) + "&error=%3Cimg%20src%3Dx%3E&error_description="
        + URLEncoder.encode(description, StandardCharsets.UTF_8));
    try (LogCapture logs = new LogCapture(WebLogin.class)) {
      HttpResponse<String> r = browse(callback, "GET", null);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(r.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Sign-in failed\",\"status\":400,"
          + "\"detail\":\"the sign-in did not complete; start again at /auth/login\"}");
      assertThat(logs.at(Level.FINE)).singleElement().satisfies(line -> assertThat(line)
          .contains("<img src=x>").contains("<script>alert(1)</script>\\r\\nINFO: forged log line").doesNotContain("\n"));
    }
    assertThat(jar).doesNotContainKey("identsphere_login"); // the attempt is over
  }

  @Test
  void builder_refusesRedirectsToAnotherOrigin() {
    URI callback = URI.create("https://app.example.com/auth/callback");
    WebLogin.Builder b = WebLogin.newBuilder(client, callback);
    for (String target : new String[] {"https://evil.example/", "//evil.example/x", "http://app.example.com/", "evil"}) {
      assertThatThrownBy(() -> b.afterLogin(URI.create(target))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("https://app.example.com");
      assertThatThrownBy(() -> b.afterLogout(URI.create(target))).isInstanceOf(IllegalArgumentException.class);
    }
    b.afterLogin(URI.create("/profile")).afterLogin(URI.create("https://app.example.com:443/x")).afterLogout(URI.create("/bye"));
    assertThatThrownBy(() -> WebLogin.newBuilder(client, URI.create("/auth/callback")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void apiLogin_refusesWhatIsNotASameOriginJsonObject() throws Exception {
    String body = "{\"email\":\"bob@example.test\",\"password\":\"password\"}";
    URI login = app.uri("auth/api-login");
    assertThat(browse(login, "POST", body, "text/plain").statusCode()).isEqualTo(415);
    assertThat(browse(login, "POST", body, "application/x-www-form-urlencoded").statusCode()).isEqualTo(415);
    assertThat(browse(login, "POST", body, null).statusCode()).isEqualTo(415);
    assertThat(browse(login, "POST", body, "application/json; charset=iso-8859-1").statusCode()).isEqualTo(415);
    assertThat(browse(login, "POST", "[1]", "application/json").statusCode()).isEqualTo(400);
    assertThat(browse(login, "POST", "{\"a\":", "application/json").statusCode()).isEqualTo(400);
    HttpResponse<String> big = browse(login, "POST", "{\"email\":\"" + "x".repeat(20_000) + "\"}", "application/json");
    assertThat(big.statusCode()).isEqualTo(413);
    assertForbiddenProblem(browse(login, "POST", body, "application/json", "Origin", "https://evil.example"));
    assertForbiddenProblem(browse(login, "POST", body, "application/json", "Sec-Fetch-Site", "cross-site"));
    assertThat(idp.count(io.identsphere.testkit.Endpoint.API_LOGIN)).isZero();
    HttpResponse<String> ok = browse(login, "POST", body, "application/json; charset=utf-8", "Origin", origin());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(ok.headers().allValues("Set-Cookie")).hasSize(2).allSatisfy(c -> assertThat(c).startsWith("identsphere_")
        .contains("; Path=/").contains("; HttpOnly").contains("; SameSite=Lax"));
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
    assertThat(WebLogin.returnPath("/\\evil.example")).isNull();
    assertThat(WebLogin.returnPath("/ok/path?q=1")).isEqualTo("/ok/path?q=1");
  }
}
