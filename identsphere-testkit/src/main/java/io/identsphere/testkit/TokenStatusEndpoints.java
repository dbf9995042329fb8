package io.identsphere.testkit;

import static io.identsphere.testkit.Exchanges.json;
import static io.identsphere.testkit.Exchanges.send;

import io.identsphere.testkit.Exchanges.Call;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.VerifiedToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fake server's introspection (RFC 7662) and revocation (RFC 7009) endpoints. */
final class TokenStatusEndpoints {
  private final FakeIdentSphere s;
  private final FakeTokens tokens;

  TokenStatusEndpoints(FakeIdentSphere s, FakeTokens tokens) {
    this.s = s;
    this.tokens = tokens;
  }

  void introspect(Call c) throws IOException {
    ClientAuthChecks.authenticate(s, c);
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
        VerifiedToken t = tokens.active(c.issuer, token);
        body.putAll(t.claims());
        body.put("active", true);
        body.put("token_type", "Bearer");
      } catch (TokenRejectedException e) {
        body.put("active", false);
      }
    }
    json(c.ex, 200, body, Map.of());
  }

  void revoke(Call c) throws IOException {
    ClientAuthChecks.authenticate(s, c);
    String token = String.valueOf(c.param("token"));
    Grants.Refresh r = s.grants.refreshTokens.get(token);
    if (r != null) {
      s.grants.revokeFamily(r.family);
    } else {
      try {
        VerifiedToken t = tokens.active(c.issuer, token);
        Object jti = t.claims().get("jti");
        if (jti instanceof String) s.grants.revokedJtis.add((String) jti);
      } catch (TokenRejectedException e) {
        // RFC 7009 §2.2: invalid tokens do not cause an error
      }
    }
    send(c.ex, 200, null, "", Map.of());
  }
}
