package io.identsphere.testkit;

import static io.identsphere.testkit.Exchanges.random;
import static io.identsphere.testkit.Exchanges.sha256;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.jose.JwsSigner;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tokens the fake server mints for its grants and /v1 login, and its check that a presented one is still active. */
final class FakeTokens {
  private final FakeIdentSphere s;

  FakeTokens(FakeIdentSphere s) {
    this.s = s;
  }

  /** The claims every token shares; {@code audience} is a string or a list of strings. */
  Map<String, Object> base(String issuer, String subject, Object audience, String scope, String family) {
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

  /**
   * The token answer of a code or refresh grant: an access token for {@code audience} (a string or
   * a list), a refresh token covering {@code resources}, and an ID token when asked.
   */
  Map<String, Object> issue(String issuer, TestClient client, String subject, String scope, String family, String nonce,
      boolean idToken, Object audience, java.util.List<String> resources) {
    return issue(issuer, client, subject, scope, family, nonce, idToken, audience, resources, Map.of());
  }

  /** The access token as handed out: the JWT itself, or in opaque mode a random handle for it. */
  String handOut(String jwt) {
    return s.opaqueAccessTokens ? s.grants.opaque(jwt) : jwt;
  }

  Map<String, Object> issue(String issuer, TestClient client, String subject, String scope, String family, String nonce,
      boolean idToken, Object audience, java.util.List<String> resources, Map<String, Object> idTokenClaims) {
    return issue(issuer, client, subject, scope, family, nonce, idToken, audience, resources, idTokenClaims, null);
  }

  /** Issues the tokens of a grant; with {@code dpopKey} (a thumbprint) both are bound to that DPoP key. */
  Map<String, Object> issue(String issuer, TestClient client, String subject, String scope, String family, String nonce,
      boolean idToken, Object audience, java.util.List<String> resources, Map<String, Object> idTokenClaims,
      String dpopKey) {
    TestUser u = s.users.get(subject);
    String fullScope = scope;
    if (u != null) for (String extra : u.scopes()) if (!(" " + fullScope + " ").contains(" " + extra + " ")) fullScope += " " + extra;
    Map<String, Object> at = base(issuer, subject, audience, fullScope, family);
    at.put("client_id", client.clientId());
    String tokenType = DpopGrants.bind(at, dpopKey);
    String accessToken = handOut(sign(at, "at+jwt"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", accessToken);
    body.put("token_type", tokenType);
    body.put("expires_in", s.accessTokenTtl.getSeconds());
    body.put("scope", fullScope);
    String rt = random();
    s.grants.refreshTokens.put(rt, new Grants.Refresh(family, client.clientId(), subject, scope, issuer,
        s.clock.instant().plus(s.refreshTokenTtl), resources));
    if (dpopKey != null) s.grants.refreshKeys.put(rt, dpopKey);
    body.put("refresh_token", rt);
    if (idToken) {
      Map<String, Object> id = base(issuer, subject, client.clientId(), null, family);
      id.remove("jti");
      if (nonce != null) id.put("nonce", nonce);
      byte[] h = sha256(accessToken);
      id.put("at_hash", Base64Url.encode(Arrays.copyOf(h, 16)));
      id.put("auth_time", s.grants.authTime(family, s.clock.instant()).getEpochSecond());
      idTokenClaims.forEach((k, v) -> {
        if (v == null) id.remove(k); else id.put(k, v);
      });
      body.put("id_token", sign(id, "JWT"));
    }
    return body;
  }

  String sign(Map<String, Object> claims, String typ) {
    KeyRing.Entry key = s.keys.current(JwsAlgorithm.RS256);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("kid", key.kid);
    header.put("typ", typ);
    return JwsSigner.sign(header, claims, JwsAlgorithm.RS256, key.pair.getPrivate());
  }

  VerifiedToken active(String issuer, String token) {
    TokenValidator v = TokenValidator.newBuilder().keySource(JwkSet.of(s.keys.jwkSet().keys())).expectIssuer(issuer)
        .ignoreAudience().clock(s.clock).clockSkew(Duration.ZERO).build();
    VerifiedToken t = v.validate(s.grants.opaqueTokens.getOrDefault(token, token));
    Object sid = t.claims().get("sid");
    Object jti = t.claims().get("jti");
    if ((sid != null && s.grants.revokedFamilies.contains(sid)) || (jti != null && s.grants.revokedJtis.contains(jti))) {
      throw new TokenRejectedException(TokenRejectedException.Reason.INACTIVE, "token revoked");
    }
    return t;
  }
}
