package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Server-side login, logout and the login proxy, over real HTTP (the test plays the browser); one subclass per runtime. */
public abstract class WebLoginBehaviour extends WebLoginFixture {
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
  void apiLoginProxy_relaysStatusBodyAndCookies() throws Exception {
    HttpResponse<String> bad = browse(app.uri("auth/api-login"), "POST", "{\"email\":\"bob@example.test\",\"password\":\"x\"}");
    assertThat(bad.statusCode()).isEqualTo(401);
    HttpResponse<String> ok = browse(app.uri("auth/api-login"), "POST", "{\"email\":\"bob@example.test\",\"password\":\"password\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("\"sub\":\"bob\"");
    assertThat(ok.headers().allValues("Set-Cookie")).hasSize(2);
    assertThat(browse(app.uri("me"), "GET", null).body()).startsWith("bob ");
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
    // The fake server advertises RFC 9207, so an error response carries iss like a success does.
    URI callback = app.uri("auth/callback?state=" + state.group(1) + "&error=%3Cimg%20src%3Dx%3E&error_description="
        + URLEncoder.encode(description, StandardCharsets.UTF_8) + "&iss=" + URLEncoder.encode(idp.issuer(), StandardCharsets.UTF_8));
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
}
