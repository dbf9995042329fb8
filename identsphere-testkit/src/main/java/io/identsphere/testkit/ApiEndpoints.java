package io.identsphere.testkit;

import static io.identsphere.testkit.Exchanges.bearer;
import static io.identsphere.testkit.Exchanges.cookie;
import static io.identsphere.testkit.Exchanges.json;
import static io.identsphere.testkit.Exchanges.random;

import io.identsphere.internal.json.Json;
import io.identsphere.testkit.Exchanges.BadRequest;
import io.identsphere.testkit.Exchanges.Call;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.VerifiedToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fake server's IdentSphere {@code /v1} API, as the product behaves: login sets the
 * {@code identsphere_at} (access token) and {@code identsphere_rt} (refresh) cookies, both
 * {@code HttpOnly; SameSite=Lax}; every login opens a session (the access token's {@code sid}) in
 * the session table; {@code /v1/users/me} and {@code /v1/users/me/sessions} check that table on
 * every call; refresh rotates both cookies while the session lasts; logout and the admin call
 * {@link FakeIdentSphere#revokeSessions} end sessions.
 */
final class ApiEndpoints {
  static final String ACCESS_COOKIE = "identsphere_at";
  static final String REFRESH_COOKIE = "identsphere_rt";

  private final FakeIdentSphere s;
  private final FakeTokens tokens;

  ApiEndpoints(FakeIdentSphere s, FakeTokens tokens) {
    this.s = s;
    this.tokens = tokens;
  }

  void apiLogin(Call c) throws IOException {
    Object doc;
    try {
      doc = Json.parse(c.body);
    } catch (RuntimeException e) {
      throw new BadRequest(400, "invalid_request", "body must be JSON with email and password");
    }
    Map<?, ?> m = doc instanceof Map ? (Map<?, ?>) doc : Map.of();
    TestUser u = AuthorizeEndpoint.byEmail(s, m.get("email") instanceof String ? (String) m.get("email") : null);
    Object password = m.get("password");
    if (u == null || !(password instanceof String)
        || !MessageDigest.isEqual(u.password().getBytes(StandardCharsets.UTF_8), ((String) password).getBytes(StandardCharsets.UTF_8))) {
      json(c.ex, 401, Map.of("error", "invalid_credentials", "error_description", "wrong email or password"), Map.of());
      return;
    }
    String family = random();
    s.grants.familySubjects.put(family, u.subject());
    setSessionCookies(c, u.subject(), family);
    json(c.ex, 200, u.claims(), Map.of());
  }

  /** A new access token and refresh token of the session {@code family}, as cookies. */
  private void setSessionCookies(Call c, String subject, String family) {
    Map<String, Object> at = tokens.base(c.issuer, subject, s.apiAudience, "openid profile email", family);
    at.put("client_id", "identsphere");
    String token = tokens.sign(at, "at+jwt");
    String rt = random();
    s.grants.refreshTokens.put(rt, new Grants.Refresh(family, "identsphere", subject, "openid", c.issuer,
        s.clock.instant().plus(s.refreshTokenTtl)));
    c.ex.getResponseHeaders().add("Set-Cookie", ACCESS_COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age="
        + s.accessTokenTtl.getSeconds());
    c.ex.getResponseHeaders().add("Set-Cookie", REFRESH_COOKIE + "=" + rt + "; Path=/; HttpOnly; SameSite=Lax; Max-Age="
        + s.refreshTokenTtl.getSeconds());
  }

  private static void clearSessionCookies(Call c) {
    c.ex.getResponseHeaders().add("Set-Cookie", ACCESS_COOKIE + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    c.ex.getResponseHeaders().add("Set-Cookie", REFRESH_COOKIE + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  }

  /** The caller's active token: bearer header first, then the access cookie; null when none is valid. */
  private VerifiedToken caller(Call c) {
    String token = bearer(c.ex);
    if (token == null) token = cookie(c.ex, ACCESS_COOKIE);
    if (token == null) return null;
    try {
      return tokens.active(c.issuer, token);
    } catch (TokenRejectedException e) {
      return null;
    }
  }

  private static void unauthorized(Call c) throws IOException {
    json(c.ex, 401, Map.of("error", "unauthorized", "error_description", "not signed in, or the session has ended"),
        Map.of("WWW-Authenticate", "Bearer realm=\"identsphere\""));
  }

  void apiMe(Call c) throws IOException {
    VerifiedToken t = caller(c);
    if (t == null) {
      unauthorized(c);
      return;
    }
    TestUser u = s.users.get(t.subject());
    json(c.ex, 200, u != null ? u.claims() : Map.of("sub", t.subject()), Map.of());
  }

  /** {@code GET /v1/users/me/sessions}: the caller's open sessions, from the session table. */
  void apiSessions(Call c) throws IOException {
    VerifiedToken t = caller(c);
    if (t == null) {
      unauthorized(c);
      return;
    }
    List<Map<String, Object>> open = new ArrayList<>();
    Object current = t.claims().get("sid");
    for (String sid : s.grants.sessionsOf(t.subject())) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", sid);
      e.put("current", sid.equals(current));
      open.add(e);
    }
    json(c.ex, 200, Map.of("sessions", open), Map.of());
  }

  /** {@code POST /v1/auth/refresh}: rotates both cookies while the refresh token and its session last. */
  void apiRefresh(Call c) throws IOException {
    if (!"POST".equals(c.ex.getRequestMethod())) throw new BadRequest(405, "invalid_request", "use POST");
    String rt = cookie(c.ex, REFRESH_COOKIE);
    Grants.Refresh r = rt == null ? null : s.grants.refreshTokens.get(rt);
    synchronized (s.grants) {
      if (r == null || r.used || !s.clock.instant().isBefore(r.expiresAt) || s.grants.revokedFamilies.contains(r.family)) {
        clearSessionCookies(c);
        json(c.ex, 401, Map.of("error", "invalid_session", "error_description", "the session has ended; sign in again"), Map.of());
        return;
      }
      r.used = true;
    }
    setSessionCookies(c, r.subject, r.family);
    json(c.ex, 200, Map.of("refreshed", true), Map.of());
  }

  void apiLogout(Call c) throws IOException {
    String token = cookie(c.ex, ACCESS_COOKIE);
    if (token == null) token = bearer(c.ex);
    if (token != null) {
      try {
        VerifiedToken t = tokens.active(c.issuer, token);
        Object sid = t.claims().get("sid");
        if (sid instanceof String) s.grants.revokeFamily((String) sid);
        BackChannelLogouts.send(s, c.issuer, sid instanceof String ? (String) sid : null, t.subject()); // back-channel logout
      } catch (TokenRejectedException e) {
        // already invalid: nothing to end
      }
    }
    String rt = cookie(c.ex, REFRESH_COOKIE);
    Grants.Refresh r = rt == null ? null : s.grants.refreshTokens.get(rt);
    if (r != null) s.grants.revokeFamily(r.family);
    clearSessionCookies(c);
    json(c.ex, 200, Map.of("signed_out", true), Map.of());
  }
}
