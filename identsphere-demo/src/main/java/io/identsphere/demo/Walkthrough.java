package io.identsphere.demo;

import io.identsphere.oidc.AuthorizationRequest;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.TokenResponse;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Walks through the flows against a running demo, printing each step's HTTP status. */
final class Walkthrough {
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final DemoServer demo;
  private final PrintStream out;
  private int step;
  private int failures;

  Walkthrough(DemoServer demo, PrintStream out) {
    this.demo = demo;
    this.out = out;
  }

  /**
   * Returns the number of failed steps.
   *
   * @return the number of failed steps
   */
  int run() throws Exception {
    TokenResponse alice = signIn("alice@example.test");
    call("GET /api/me with alice's access token", "/api/me", alice.accessToken(), 200);
    call("GET /api/admin as alice (role admin)", "/api/admin", alice.accessToken(), 200);
    TokenResponse bob = signIn("bob@example.test");
    call("GET /api/admin as bob (no admin role)", "/api/admin", bob.accessToken(), 403);
    call("GET /api/admin without a token", "/api/admin", null, 401);
    call("GET /api/me with a tampered token", "/api/me", tamper(alice.accessToken()), 401);
    TokenResponse refreshed = demo.client.refresh(alice.refreshToken().orElseThrow());
    check("Refresh alice's tokens (refresh token rotated: " + !refreshed.refreshToken().equals(alice.refreshToken()) + ")",
        200, 200);
    call("GET /api/me with the refreshed access token", "/api/me", refreshed.accessToken(), 200);
    demo.client.revoke(refreshed.refreshToken().orElseThrow(), "refresh_token");
    check("Revoke the refresh token (RFC 7009)", 200, 200);
    int after;
    try {
      demo.client.refresh(refreshed.refreshToken().orElseThrow());
      after = 200;
    } catch (IdentityServerException e) {
      after = e.status().orElse(0);
    }
    check("Refresh with the revoked refresh token", after, 400);
    HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(demo.app.resolve("/auth/api-login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"bob@example.test\",\"password\":\"password\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    check("POST /auth/api-login (cookie login through the IdentSphere API, " + login.headers().allValues("Set-Cookie").size()
        + " cookies relayed)", login.statusCode(), 200);
    String cookies = login.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';')))
        .reduce((a, b) -> a + "; " + b).orElse("");
    HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(demo.app.resolve("/api/me")).header("Cookie", cookies).build(),
        HttpResponse.BodyHandlers.ofString());
    check("GET /api/me with the identsphere_at cookie -> " + me.body(), me.statusCode(), 200);
    String appOrigin = "http://127.0.0.1:" + demo.app.getPort();
    HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(demo.app.resolve("/auth/logout")).header("Cookie", cookies)
        .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    check("POST /auth/logout from another site (Origin: https://evil.example) is refused", forged.statusCode(), 403);
    HttpResponse<String> logout = HTTP.send(HttpRequest.newBuilder(demo.app.resolve("/auth/logout")).header("Cookie", cookies)
        .header("Origin", appOrigin).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    check("POST /auth/logout from the app (clears cookies, redirects to end-session)", logout.statusCode(), 303);
    out.println();
    out.println(failures == 0 ? "Walkthrough: all " + step + " steps behaved as expected." : "Walkthrough: " + failures + " of "
        + step + " steps FAILED.");
    return failures;
  }

  /** Signs in like a browser: authorize, the login form, credentials, the callback. */
  private TokenResponse signIn(String email) throws Exception {
    AuthorizationRequest req = demo.client.authorizationRequest();
    HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(req.uri()).build(), HttpResponse.BodyHandlers.ofString());
    check("GET the identity server's login form (authorization code + PKCE S256)", form.statusCode(), 200);
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(form.body());
    while (m.find()) fields.put(m.group(1), m.group(2).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
    fields.put("email", email);
    fields.put("password", "password");
    StringBuilder body = new StringBuilder();
    fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    URI action = req.uri().resolve(req.uri().getPath());
    HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(action)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build(), HttpResponse.BodyHandlers.ofString());
    check("Sign in as " + email + " (redirect back with a code)", posted.statusCode(), 302);
    URI callback = URI.create(posted.headers().firstValue("Location").orElseThrow());
    TokenResponse tokens = demo.client.handleCallback(req, callback);
    check("Exchange the code with the verifier; ID token checked (nonce, at_hash); sub="
        + URLDecoder.decode(demo.client.validateIdToken(tokens.idToken().orElseThrow(), req.nonce(), tokens.accessToken())
        .subject(), StandardCharsets.UTF_8), 200, 200);
    return tokens;
  }

  private void call(String what, String path, String token, int expected) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(demo.app.resolve(path));
    if (token != null) b.header("Authorization", "Bearer " + token);
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String detail = r.statusCode() == 200 ? " -> " + r.body()
        : r.headers().firstValue("WWW-Authenticate").map(h -> " (" + h + ")").orElse("");
    check(what + detail, r.statusCode(), expected);
  }

  private void check(String what, int status, int expected) {
    step++;
    boolean ok = status == expected;
    if (!ok) failures++;
    out.printf("[%2d] %-4s %d  %s%n", step, ok ? "ok" : "FAIL", status, what + (ok ? "" : " (expected " + expected + ")"));
  }

  private static String tamper(String token) {
    char c = token.charAt(token.length() - 5);
    return token.substring(0, token.length() - 5) + (c == 'A' ? 'B' : 'A') + token.substring(token.length() - 4);
  }
}
