package io.identsphere.testkit;

import static io.identsphere.testkit.Exchanges.html;
import static io.identsphere.testkit.Exchanges.random;
import static io.identsphere.testkit.Exchanges.redirect;
import static io.identsphere.testkit.Exchanges.withQuery;

import io.identsphere.testkit.Exchanges.Call;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fake server's authorization endpoint and its login page. A {@code request_uri} from the PAR
 * endpoint (RFC 9126 §4) stands for the parameters pushed with it: it must be presented with the
 * same {@code client_id}, before it expires, and it is used up when a code is issued.
 */
final class AuthorizeEndpoint {
  private final FakeIdentSphere s;

  AuthorizeEndpoint(FakeIdentSphere s) {
    this.s = s;
  }

  void authorize(Call c) throws IOException {
    String requestUri = c.param("request_uri");
    if (requestUri != null) {
      Grants.Pushed p = s.grants.pushed.get(requestUri);
      if (p == null || !p.clientId.equals(c.param("client_id"))) {
        html(c.ex, 400, "<h1>Unknown or used request_uri</h1>");
        return;
      }
      if (!s.clock.instant().isBefore(p.expiresAt)) {
        s.grants.pushed.remove(requestUri);
        redirectError(c, URI.create(p.params.get("redirect_uri")), p.params.get("state"), "invalid_request_uri",
            "request_uri expired");
        return;
      }
      Map<String, String> params = new LinkedHashMap<>(p.params);
      params.put("request_uri", requestUri);
      c = c.withQuery(params, p.resources);
    }
    TestClient client = s.clients.get(String.valueOf(c.param("client_id")));
    if (client == null) {
      html(c.ex, 400, "<h1>Unknown client</h1>");
      return;
    }
    URI redirect;
    try {
      redirect = URI.create(String.valueOf(c.param("redirect_uri")));
    } catch (IllegalArgumentException e) {
      html(c.ex, 400, "<h1>Invalid redirect_uri</h1>");
      return;
    }
    if (!redirectAllowed(client, redirect)) {
      html(c.ex, 400, "<h1>redirect_uri is not registered for this client</h1>");
      return;
    }
    String state = c.param("state");
    if (requestUri == null && s.requirePushedAuthorizationRequests) {
      redirectError(c, redirect, state, "invalid_request", "pushed authorization requests are required (RFC 9126)");
      return;
    }
    String unknownResource = ResourceRules.unknown(s, c.resources);
    if (unknownResource != null) {
      redirectError(c, redirect, state, "invalid_target", "resource is not registered with this server");
      return;
    }
    if (!"code".equals(c.param("response_type"))) {
      redirectError(c, redirect, state, "unsupported_response_type", "only response_type=code is supported");
      return;
    }
    String challenge = c.param("code_challenge");
    if (challenge == null || !"S256".equals(c.param("code_challenge_method"))) {
      redirectError(c, redirect, state, "invalid_request", "PKCE with code_challenge_method=S256 is required");
      return;
    }
    String subject;
    if ("POST".equals(c.ex.getRequestMethod())) {
      TestUser u = byEmail(s, c.param("email"));
      if (u == null || !MessageDigest.isEqual(u.password().getBytes(StandardCharsets.UTF_8),
          String.valueOf(c.param("password")).getBytes(StandardCharsets.UTF_8))) {
        html(c.ex, 200, loginForm(c, c.form.get("email"), "Invalid email or password."));
        return;
      }
      subject = u.subject();
    } else if (s.autoLoginSubject() != null) {
      subject = s.autoLoginSubject();
    } else {
      html(c.ex, 200, loginForm(c, c.query.get("login_hint"), null));
      return;
    }
    if (requestUri != null && s.grants.pushed.remove(requestUri) == null) {
      html(c.ex, 400, "<h1>Unknown or used request_uri</h1>");
      return;
    }
    String code = random();
    s.grants.codes.put(code, new Grants.Code(client.clientId(), redirect, challenge, c.param("nonce"),
        c.param("scope") == null ? "openid" : c.param("scope"), subject, c.issuer, s.clock.instant().plus(s.codeTtl),
        c.resources));
    Map<String, String> p = new LinkedHashMap<>();
    p.put("code", code);
    if (state != null) p.put("state", state);
    p.put("iss", c.issuer);
    redirect(c.ex, withQuery(redirect, p));
  }

  static boolean redirectAllowed(TestClient client, URI redirect) {
    if (!client.redirectUris().isEmpty()) return client.redirectUris().contains(redirect);
    String host = redirect.getHost();
    return "http".equals(redirect.getScheme()) && ("127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host));
  }

  private void redirectError(Call c, URI redirect, String state, String error, String description) throws IOException {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("error", error);
    p.put("error_description", description);
    if (state != null) p.put("state", state);
    p.put("iss", c.issuer);
    redirect(c.ex, withQuery(redirect, p));
  }

  static TestUser byEmail(FakeIdentSphere s, String email) {
    if (email == null) return null;
    for (TestUser u : s.users.values()) if (u.email().equalsIgnoreCase(email)) return u;
    return null;
  }

  private String loginForm(Call c, String email, String error) {
    Map<String, Object> carried = new LinkedHashMap<>(c.query);
    carried.putAll(c.form);
    carried.keySet().removeAll(LoginPage.CREDENTIALS);
    if (!c.resources.isEmpty() && c.param("request_uri") == null) carried.put("resource", c.resources);
    return LoginPage.html(c.base() + "/authorize", carried, email, error, s.users.values());
  }
}
