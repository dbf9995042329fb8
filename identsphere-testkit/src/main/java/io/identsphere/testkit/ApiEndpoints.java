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
import java.util.Map;

/** The fake server's IdentSphere {@code /v1} API: login, profile, logout. */
final class ApiEndpoints {
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
    Map<String, Object> at = tokens.base(c.issuer, u.subject(), s.apiAudience, "openid profile email", family);
    at.put("client_id", "identsphere");
    String token = tokens.sign(at, "at+jwt");
    String rt = random();
    s.grants.refreshTokens.put(rt, new Grants.Refresh(family, "identsphere", u.subject(), "openid", c.issuer,
        s.clock.instant().plus(s.refreshTokenTtl)));
    c.ex.getResponseHeaders().add("Set-Cookie", "identsphere_at=" + token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age="
        + s.accessTokenTtl.getSeconds());
    c.ex.getResponseHeaders().add("Set-Cookie", "identsphere_rt=" + rt + "; Path=/; HttpOnly; SameSite=Lax; Max-Age="
        + s.refreshTokenTtl.getSeconds());
    json(c.ex, 200, u.claims(), Map.of());
  }

  void apiMe(Call c) throws IOException {
    String token = bearer(c.ex);
    if (token == null) token = cookie(c.ex, "identsphere_at");
    try {
      if (token == null) throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "not signed in");
      VerifiedToken t = tokens.active(c.issuer, token);
      TestUser u = s.users.get(t.subject());
      json(c.ex, 200, u != null ? u.claims() : Map.of("sub", t.subject()), Map.of());
    } catch (TokenRejectedException e) {
      json(c.ex, 401, Map.of("error", "unauthorized", "error_description", e.getMessage()),
          Map.of("WWW-Authenticate", "Bearer realm=\"identsphere\""));
    }
  }

  void apiLogout(Call c) throws IOException {
    String token = cookie(c.ex, "identsphere_at");
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
    c.ex.getResponseHeaders().add("Set-Cookie", "identsphere_at=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    c.ex.getResponseHeaders().add("Set-Cookie", "identsphere_rt=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    json(c.ex, 200, Map.of("signed_out", true), Map.of());
  }
}
