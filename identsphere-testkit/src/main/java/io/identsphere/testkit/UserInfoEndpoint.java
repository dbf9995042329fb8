package io.identsphere.testkit;

import static io.identsphere.testkit.Exchanges.bearer;
import static io.identsphere.testkit.Exchanges.json;

import io.identsphere.testkit.Exchanges.Call;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.VerifiedToken;
import java.io.IOException;
import java.util.Map;

/** The fake server's userinfo endpoint. */
final class UserInfoEndpoint {
  private final FakeIdentSphere s;
  private final FakeTokens tokens;

  UserInfoEndpoint(FakeIdentSphere s, FakeTokens tokens) {
    this.s = s;
    this.tokens = tokens;
  }

  void userinfo(Call c) throws IOException {
    String token = bearer(c.ex);
    VerifiedToken t;
    try {
      if (token == null) throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "no bearer token");
      t = tokens.active(c.issuer, token);
    } catch (TokenRejectedException e) {
      json(c.ex, 401, Map.of("error", "invalid_token", "error_description", e.getMessage()),
          Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
      return;
    }
    TestUser u = s.users.get(t.subject());
    json(c.ex, 200, u != null ? u.claims() : Map.of("sub", t.subject()), Map.of());
  }
}
