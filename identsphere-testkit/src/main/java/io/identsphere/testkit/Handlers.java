package io.identsphere.testkit;

import com.sun.net.httpserver.HttpExchange;
import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.jose.JwsSigner;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonWriter;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.oidc.ClientAuthentication;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.VerifiedToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The fake server's endpoints. */
final class Handlers {
  private static final int MAX_BODY = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Map<String, Endpoint> SUFFIXES = Map.ofEntries(
      Map.entry("/.well-known/openid-configuration", Endpoint.DISCOVERY), Map.entry("/jwks", Endpoint.JWKS),
      Map.entry("/authorize", Endpoint.AUTHORIZE), Map.entry("/token", Endpoint.TOKEN),
      Map.entry("/userinfo", Endpoint.USERINFO), Map.entry("/introspect", Endpoint.INTROSPECTION),
      Map.entry("/revoke", Endpoint.REVOCATION), Map.entry("/logout", Endpoint.END_SESSION),
      Map.entry("/v1/auth/login", Endpoint.API_LOGIN), Map.entry("/v1/users/me", Endpoint.API_ME),
      Map.entry("/v1/auth/logout", Endpoint.API_LOGOUT));

  private final FakeIdentSphere s;

  Handlers(FakeIdentSphere s) {
    this.s = s;
  }

  /** A request being answered. */
  private static final class Call {
    final HttpExchange ex;
    final String issuer;
    final Endpoint endpoint;
    final Map<String, String> query;
    final Map<String, String> form;
    final String body;

    Call(HttpExchange ex, String issuer, Endpoint endpoint, Map<String, String> query, Map<String, String> form, String body) {
      this.ex = ex;
      this.issuer = issuer;
      this.endpoint = endpoint;
      this.query = query;
      this.form = form;
      this.body = body;
    }

    String param(String name) {
      String v = form.get(name);
      return v != null ? v : query.get(name);
    }

    String base() {
      return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
  }

  void handle(HttpExchange ex) throws IOException {
    try {
      Call call = route(ex);
      if (call == null) {
        json(ex, 404, Map.of("error", "not_found"), Map.of());
        return;
      }
      Fault f = s.takeFault(call.endpoint);
      if (f != null && apply(f, call)) return;
      dispatch(call);
    } catch (BadRequest e) {
      json(ex, e.status, e.body, e.headers);
    } catch (RuntimeException e) {
      json(ex, 500, Map.of("error", "server_error", "error_description", String.valueOf(e)), Map.of());
    } finally {
      ex.close();
    }
  }

  private Call route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    List<String> issuers = new ArrayList<>(s.issuers());
    issuers.sort(Comparator.comparingInt(String::length).reversed());
    for (String issuer : issuers) {
      String basePath = URI.create(issuer).getRawPath();
      if (basePath.endsWith("/")) basePath = basePath.substring(0, basePath.length() - 1);
      if (!path.startsWith(basePath + "/")) continue;
      Endpoint e = SUFFIXES.get(path.substring(basePath.length()));
      if (e == null) continue;
      byte[] raw = readBody(ex.getRequestBody());
      String body = new String(raw, StandardCharsets.UTF_8);
      Map<String, String> query = parse(ex.getRequestURI().getRawQuery());
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      Map<String, String> form = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
          ? parse(body) : Map.of();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      s.record(new RecordedRequest(e, issuer, ex.getRequestMethod(), path, query, headers, form, body, s.clock.instant()));
      return new Call(ex, issuer, e, query, form, body);
    }
    return null;
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] b = in.readNBytes(MAX_BODY + 1);
    if (b.length > MAX_BODY) throw new BadRequest(413, "invalid_request", "request body too large");
    return b;
  }

  static Map<String, String> parse(String q) {
    Map<String, String> out = new LinkedHashMap<>();
    if (q == null || q.isEmpty()) return out;
    for (String pair : q.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (out.putIfAbsent(k, v) != null) throw new BadRequest(400, "invalid_request", "parameter " + k + " repeated");
    }
    return out;
  }

  private boolean apply(Fault f, Call call) throws IOException {
    switch (f.kind) {
      case DELAY:
        try {
          Thread.sleep(f.delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return false;
      case MALFORMED_JSON:
        send(call.ex, 200, "application/json", "{\"issuer\": \"truncated", Map.of());
        return true;
      case CLOSE_CONNECTION:
        call.ex.getResponseBody().close();
        return true;
      default:
        Map<String, String> headers = f.retryAfterSeconds >= 0 ? Map.of("Retry-After", String.valueOf(f.retryAfterSeconds)) : Map.of();
        if (f.error == null) {
          send(call.ex, f.status, null, "", headers);
        } else {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("error", f.error);
          if (f.description != null) body.put("error_description", f.description);
          json(call.ex, f.status, body, headers);
        }
        return true;
    }
  }

  private void dispatch(Call c) throws IOException {
    switch (c.endpoint) {
      case DISCOVERY: discovery(c); break;
      case JWKS: send(c.ex, 200, "application/json", s.keys.jwkSet().toPublicJson(), Map.of("Cache-Control", s.keys.cacheControl())); break;
      case AUTHORIZE: authorize(c); break;
      case TOKEN: token(c); break;
      case USERINFO: userinfo(c); break;
      case INTROSPECTION: introspect(c); break;
      case REVOCATION: revoke(c); break;
      case END_SESSION: endSession(c); break;
      case API_LOGIN: apiLogin(c); break;
      case API_ME: apiMe(c); break;
      case API_LOGOUT: apiLogout(c); break;
      default: throw new IllegalStateException();
    }
  }

  private void discovery(Call c) throws IOException {
    String b = c.base();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("issuer", c.issuer);
    d.put("authorization_endpoint", b + "/authorize");
    d.put("token_endpoint", b + "/token");
    d.put("userinfo_endpoint", b + "/userinfo");
    d.put("jwks_uri", b + "/jwks");
    d.put("end_session_endpoint", b + "/logout");
    d.put("revocation_endpoint", b + "/revoke");
    d.put("introspection_endpoint", b + "/introspect");
    d.put("response_types_supported", List.of("code"));
    d.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
    d.put("subject_types_supported", List.of("public"));
    d.put("id_token_signing_alg_values_supported", List.of("RS256"));
    d.put("code_challenge_methods_supported", List.of("S256"));
    d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
    d.put("authorization_response_iss_parameter_supported", true);
    d.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
    json(c.ex, 200, d, Map.of());
  }

  // ---- authorize --------------------------------------------------------------------------------

  private void authorize(Call c) throws IOException {
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
      TestUser u = byEmail(c.param("email"));
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
    String code = random();
    s.grants.codes.put(code, new Grants.Code(client.clientId(), redirect, challenge, c.param("nonce"),
        c.param("scope") == null ? "openid" : c.param("scope"), subject, c.issuer, s.clock.instant().plus(s.codeTtl)));
    Map<String, String> p = new LinkedHashMap<>();
    p.put("code", code);
    if (state != null) p.put("state", state);
    p.put("iss", c.issuer);
    redirect(c.ex, withQuery(redirect, p));
  }

  private boolean redirectAllowed(TestClient client, URI redirect) {
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

  private TestUser byEmail(String email) {
    if (email == null) return null;
    for (TestUser u : s.users.values()) if (u.email().equalsIgnoreCase(email)) return u;
    return null;
  }

  private String loginForm(Call c, String email, String error) {
    Map<String, String> carried = new LinkedHashMap<>(c.query);
    carried.putAll(c.form);
    carried.keySet().removeAll(LoginPage.CREDENTIALS);
    return LoginPage.html(c.base() + "/authorize", carried, email, error, s.users.values());
  }

  // ---- token ------------------------------------------------------------------------------------

  private void token(Call c) throws IOException {
    if (!"POST".equals(c.ex.getRequestMethod())) throw new BadRequest(405, "invalid_request", "use POST");
    TestClient client = authenticate(c);
    String grant = String.valueOf(c.param("grant_type"));
    switch (grant) {
      case "authorization_code": codeGrant(c, client); break;
      case "refresh_token": refreshGrant(c, client); break;
      case "client_credentials": clientCredentials(c, client); break;
      default: throw new BadRequest(400, "unsupported_grant_type", "grant_type " + grant + " is not supported");
    }
  }

  private TestClient authenticate(Call c) {
    String header = c.ex.getRequestHeaders().getFirst("Authorization");
    String id;
    String secret;
    boolean basic = header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
    if (basic) {
      String decoded;
      try {
        decoded = new String(java.util.Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw invalidClient("malformed Basic credentials");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) throw invalidClient("malformed Basic credentials");
      id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
      secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
    } else {
      id = c.form.get("client_id");
      secret = c.form.get("client_secret");
    }
    TestClient client = id == null ? null : s.clients.get(id);
    if (client == null) throw invalidClient("unknown client");
    ClientAuthentication m = client.authentication();
    if (m == ClientAuthentication.CLIENT_SECRET_BASIC && !basic) throw invalidClient("client must use client_secret_basic");
    if (m == ClientAuthentication.CLIENT_SECRET_POST && (basic || secret == null)) throw invalidClient("client must use client_secret_post");
    if (m == ClientAuthentication.NONE) {
      if (secret != null || basic) throw invalidClient("public client must not send a secret");
      return client;
    }
    if (!MessageDigest.isEqual(client.secret().getBytes(StandardCharsets.UTF_8), String.valueOf(secret).getBytes(StandardCharsets.UTF_8))) {
      throw invalidClient("wrong client secret");
    }
    return client;
  }

  private static BadRequest invalidClient(String why) {
    return new BadRequest(401, "invalid_client", why, Map.of("WWW-Authenticate", "Basic realm=\"fake-identsphere\""));
  }

  private void codeGrant(Call c, TestClient client) throws IOException {
    String code = String.valueOf(c.param("code"));
    Grants.Code g = s.grants.codes.get(code);
    if (g == null) throw new BadRequest(400, "invalid_grant", "unknown authorization code");
    if (g.used) {
      s.grants.revokeFamily(g.family); // code replay: revoke what it issued (RFC 6749 §4.1.2)
      throw new BadRequest(400, "invalid_grant", "authorization code already used");
    }
    if (!g.clientId.equals(client.clientId())) throw new BadRequest(400, "invalid_grant", "code was issued to another client");
    if (!g.issuer.equals(c.issuer)) throw new BadRequest(400, "invalid_grant", "code was issued by another issuer");
    if (!String.valueOf(g.redirectUri).equals(c.param("redirect_uri"))) {
      throw new BadRequest(400, "invalid_grant", "redirect_uri does not match the authorization request");
    }
    if (!s.clock.instant().isBefore(g.expiresAt)) throw new BadRequest(400, "invalid_grant", "authorization code expired");
    String verifier = c.param("code_verifier");
    if (verifier == null) throw new BadRequest(400, "invalid_grant", "code_verifier is required (PKCE)");
    if (!verifier.matches("[A-Za-z0-9._~-]{43,128}")) throw new BadRequest(400, "invalid_grant", "code_verifier is malformed");
    String expected = Base64Url.encode(sha256(verifier));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), g.challenge.getBytes(StandardCharsets.US_ASCII))) {
      throw new BadRequest(400, "invalid_grant", "code_verifier does not match code_challenge");
    }
    g.used = true;
    String family = random();
    g.family = family;
    s.grants.familySubjects.put(family, g.subject);
    json(c.ex, 200, issue(c.issuer, client, g.subject, g.scope, family, g.nonce, true), Map.of("Cache-Control", "no-store"));
  }

  private void refreshGrant(Call c, TestClient client) throws IOException {
    String rt = String.valueOf(c.param("refresh_token"));
    Grants.Refresh r = s.grants.refreshTokens.get(rt);
    if (r == null) throw new BadRequest(400, "invalid_grant", "unknown refresh token");
    if (!r.clientId.equals(client.clientId())) throw new BadRequest(400, "invalid_grant", "refresh token belongs to another client");
    if (s.grants.revokedFamilies.contains(r.family)) throw new BadRequest(400, "invalid_grant", "grant revoked");
    if (r.used) {
      s.grants.revokeFamily(r.family);
      throw new BadRequest(400, "invalid_grant", "refresh token reuse detected; grant revoked");
    }
    if (!s.clock.instant().isBefore(r.expiresAt)) throw new BadRequest(400, "invalid_grant", "refresh token expired");
    r.used = true;
    json(c.ex, 200, issue(r.issuer, client, r.subject, r.scope, r.family, null, r.scope.contains("openid")),
        Map.of("Cache-Control", "no-store"));
  }

  private void clientCredentials(Call c, TestClient client) throws IOException {
    if (client.authentication() == ClientAuthentication.NONE) {
      throw new BadRequest(400, "unauthorized_client", "public clients cannot use client_credentials");
    }
    String scope = c.param("scope") == null ? "" : c.param("scope");
    Map<String, Object> claims = base(c.issuer, client.clientId(), client.audience(), scope, null);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", sign(claims, "at+jwt"));
    body.put("token_type", "Bearer");
    body.put("expires_in", s.accessTokenTtl.getSeconds());
    if (!scope.isEmpty()) body.put("scope", scope);
    json(c.ex, 200, body, Map.of("Cache-Control", "no-store"));
  }

  private Map<String, Object> base(String issuer, String subject, String audience, String scope, String family) {
    Instant now = s.clock.instant();
    Map<String, Object> claims = new LinkedHashMap<>();
    TestUser u = s.users.get(subject);
    if (u != null) claims.putAll(u.claims());
    claims.put("iss", issuer);
    claims.put("sub", subject);
    claims.put("aud", audience);
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(s.accessTokenTtl).getEpochSecond());
    claims.put("jti", random());
    if (scope != null && !scope.isEmpty()) claims.put("scope", scope);
    if (family != null) claims.put("sid", family);
    return claims;
  }

  Map<String, Object> issue(String issuer, TestClient client, String subject, String scope, String family, String nonce,
      boolean idToken) {
    TestUser u = s.users.get(subject);
    String fullScope = scope;
    if (u != null) for (String extra : u.scopes()) if (!(" " + fullScope + " ").contains(" " + extra + " ")) fullScope += " " + extra;
    Map<String, Object> at = base(issuer, subject, client.audience(), fullScope, family);
    at.put("client_id", client.clientId());
    String accessToken = sign(at, "at+jwt");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", accessToken);
    body.put("token_type", "Bearer");
    body.put("expires_in", s.accessTokenTtl.getSeconds());
    body.put("scope", fullScope);
    String rt = random();
    s.grants.refreshTokens.put(rt, new Grants.Refresh(family, client.clientId(), subject, scope, issuer,
        s.clock.instant().plus(s.refreshTokenTtl)));
    body.put("refresh_token", rt);
    if (idToken) {
      Map<String, Object> id = base(issuer, subject, client.clientId(), null, family);
      id.remove("jti");
      if (nonce != null) id.put("nonce", nonce);
      byte[] h = sha256(accessToken);
      id.put("at_hash", Base64Url.encode(Arrays.copyOf(h, 16)));
      id.put("auth_time", s.clock.instant().getEpochSecond());
      body.put("id_token", sign(id, "JWT"));
    }
    return body;
  }

  private String sign(Map<String, Object> claims, String typ) {
    KeyRing.Entry key = s.keys.current(JwsAlgorithm.RS256);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("kid", key.kid);
    header.put("typ", typ);
    return JwsSigner.sign(header, claims, JwsAlgorithm.RS256, key.pair.getPrivate());
  }

  // ---- token checks for userinfo, introspection, /v1 ------------------------------------------

  private VerifiedToken active(String issuer, String token) {
    TokenValidator v = TokenValidator.newBuilder().keySource(JwkSet.of(s.keys.jwkSet().keys())).expectIssuer(issuer)
        .ignoreAudience().clock(s.clock).clockSkew(Duration.ZERO).build();
    VerifiedToken t = v.validate(token);
    Object sid = t.claims().get("sid");
    Object jti = t.claims().get("jti");
    if ((sid != null && s.grants.revokedFamilies.contains(sid)) || (jti != null && s.grants.revokedJtis.contains(jti))) {
      throw new TokenRejectedException(TokenRejectedException.Reason.INACTIVE, "token revoked");
    }
    return t;
  }

  private static String bearer(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
    return h.substring(7).trim();
  }

  private void userinfo(Call c) throws IOException {
    String token = bearer(c.ex);
    VerifiedToken t;
    try {
      if (token == null) throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "no bearer token");
      t = active(c.issuer, token);
    } catch (TokenRejectedException e) {
      json(c.ex, 401, Map.of("error", "invalid_token", "error_description", e.getMessage()),
          Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
      return;
    }
    TestUser u = s.users.get(t.subject());
    json(c.ex, 200, u != null ? u.claims() : Map.of("sub", t.subject()), Map.of());
  }

  private void introspect(Call c) throws IOException {
    authenticate(c);
    String token = String.valueOf(c.param("token"));
    Map<String, Object> body = new LinkedHashMap<>();
    Grants.Refresh r = s.grants.refreshTokens.get(token);
    if (r != null) {
      boolean ok = !r.used && !s.grants.revokedFamilies.contains(r.family) && s.clock.instant().isBefore(r.expiresAt);
      body.put("active", ok);
      if (ok) {
        body.put("sub", r.subject);
        body.put("client_id", r.clientId);
        body.put("token_type", "refresh_token");
      }
    } else {
      try {
        VerifiedToken t = active(c.issuer, token);
        body.putAll(t.claims());
        body.put("active", true);
        body.put("token_type", "Bearer");
      } catch (TokenRejectedException e) {
        body.put("active", false);
      }
    }
    json(c.ex, 200, body, Map.of());
  }

  private void revoke(Call c) throws IOException {
    authenticate(c);
    String token = String.valueOf(c.param("token"));
    Grants.Refresh r = s.grants.refreshTokens.get(token);
    if (r != null) {
      s.grants.revokeFamily(r.family);
    } else {
      try {
        VerifiedToken t = active(c.issuer, token);
        Object jti = t.claims().get("jti");
        if (jti instanceof String) s.grants.revokedJtis.add((String) jti);
      } catch (TokenRejectedException e) {
        // RFC 7009 §2.2: invalid tokens do not cause an error
      }
    }
    send(c.ex, 200, null, "", Map.of());
  }

  private void endSession(Call c) throws IOException {
    String hint = c.param("id_token_hint");
    if (hint != null) {
      String[] parts = hint.split("\\.");
      try {
        Object claims = Json.parse(Base64Url.decode(parts[1]));
        Object sid = ((Map<?, ?>) claims).get("sid");
        Object sub = ((Map<?, ?>) claims).get("sub");
        if (sid instanceof String) s.grants.revokeFamily((String) sid);
        if (sub instanceof String) s.grants.revokeSubject((String) sub);
      } catch (RuntimeException e) {
        throw new BadRequest(400, "invalid_request", "id_token_hint is not a JWT");
      }
    }
    String post = c.param("post_logout_redirect_uri");
    if (post != null) {
      URI u = URI.create(post);
      if (!"http".equals(u.getScheme()) || !("127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost()))) {
        throw new BadRequest(400, "invalid_request", "post_logout_redirect_uri must be a loopback URL");
      }
      Map<String, String> p = new LinkedHashMap<>();
      if (c.param("state") != null) p.put("state", c.param("state"));
      redirect(c.ex, withQuery(u, p));
      return;
    }
    html(c.ex, 200, "<!doctype html><html><body><h1 id=\"signed-out\">You are signed out</h1></body></html>");
  }

  // ---- IdentSphere API ----------------------------------------------------------------------------

  private void apiLogin(Call c) throws IOException {
    Object doc;
    try {
      doc = Json.parse(c.body);
    } catch (RuntimeException e) {
      throw new BadRequest(400, "invalid_request", "body must be JSON with email and password");
    }
    Map<?, ?> m = doc instanceof Map ? (Map<?, ?>) doc : Map.of();
    TestUser u = byEmail(m.get("email") instanceof String ? (String) m.get("email") : null);
    Object password = m.get("password");
    if (u == null || !(password instanceof String)
        || !MessageDigest.isEqual(u.password().getBytes(StandardCharsets.UTF_8), ((String) password).getBytes(StandardCharsets.UTF_8))) {
      json(c.ex, 401, Map.of("error", "invalid_credentials", "error_description", "wrong email or password"), Map.of());
      return;
    }
    String family = random();
    s.grants.familySubjects.put(family, u.subject());
    Map<String, Object> at = base(c.issuer, u.subject(), s.apiAudience, "openid profile email", family);
    at.put("client_id", "identsphere");
    String token = sign(at, "at+jwt");
    String rt = random();
    s.grants.refreshTokens.put(rt, new Grants.Refresh(family, "identsphere", u.subject(), "openid", c.issuer,
        s.clock.instant().plus(s.refreshTokenTtl)));
    c.ex.getResponseHeaders().add("Set-Cookie", "identsphere_at=" + token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age="
        + s.accessTokenTtl.getSeconds());
    c.ex.getResponseHeaders().add("Set-Cookie", "identsphere_rt=" + rt + "; Path=/; HttpOnly; SameSite=Lax; Max-Age="
        + s.refreshTokenTtl.getSeconds());
    json(c.ex, 200, u.claims(), Map.of());
  }

  private static String cookie(HttpExchange ex, String name) {
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String part : header.split(";")) {
        String p = part.trim();
        if (p.startsWith(name + "=")) return p.substring(name.length() + 1);
      }
    }
    return null;
  }

  private void apiMe(Call c) throws IOException {
    String token = bearer(c.ex);
    if (token == null) token = cookie(c.ex, "identsphere_at");
    try {
      if (token == null) throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "not signed in");
      VerifiedToken t = active(c.issuer, token);
      TestUser u = s.users.get(t.subject());
      json(c.ex, 200, u != null ? u.claims() : Map.of("sub", t.subject()), Map.of());
    } catch (TokenRejectedException e) {
      json(c.ex, 401, Map.of("error", "unauthorized", "error_description", e.getMessage()),
          Map.of("WWW-Authenticate", "Bearer realm=\"identsphere\""));
    }
  }

  private void apiLogout(Call c) throws IOException {
    String token = cookie(c.ex, "identsphere_at");
    if (token == null) token = bearer(c.ex);
    if (token != null) {
      try {
        Object sid = active(c.issuer, token).claims().get("sid");
        if (sid instanceof String) s.grants.revokeFamily((String) sid);
      } catch (TokenRejectedException e) {
        // already invalid: nothing to end
      }
    }
    c.ex.getResponseHeaders().add("Set-Cookie", "identsphere_at=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    c.ex.getResponseHeaders().add("Set-Cookie", "identsphere_rt=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    json(c.ex, 200, Map.of("signed_out", true), Map.of());
  }

  // ---- plumbing -----------------------------------------------------------------------------------

  private static String random() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64Url.encode(b);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static URI withQuery(URI base, Map<String, String> params) {
    StringBuilder sb = new StringBuilder(base.toString());
    char sep = base.getRawQuery() == null ? '?' : '&';
    for (Map.Entry<String, String> e : params.entrySet()) {
      sb.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
      sep = '&';
    }
    return URI.create(sb.toString());
  }

  private static String enc(String v) {
    return java.net.URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void redirect(HttpExchange ex, URI to) throws IOException {
    ex.getResponseHeaders().set("Location", to.toString());
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(302, -1);
  }

  private static void html(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, "text/html; charset=utf-8", body, Map.of());
  }

  private static void json(HttpExchange ex, int status, Map<String, ?> body, Map<String, String> headers) throws IOException {
    send(ex, status, "application/json", JsonWriter.write(body), headers);
  }

  private static void send(HttpExchange ex, int status, String type, String body, Map<String, String> headers)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    if (type != null) ex.getResponseHeaders().set("Content-Type", type);
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) ex.getResponseBody().write(b);
  }

  /** An OAuth error answer, thrown from deep inside a handler. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final Map<String, Object> body;
    final Map<String, String> headers;

    BadRequest(int status, String error, String description) {
      this(status, error, description, Map.of());
    }

    BadRequest(int status, String error, String description, Map<String, String> headers) {
      super(error + ": " + description, null, false, false);
      this.status = status;
      this.body = Map.of("error", error, "error_description", description);
      this.headers = headers;
    }
  }
}
