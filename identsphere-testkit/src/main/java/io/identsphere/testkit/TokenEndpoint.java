package io.identsphere.testkit;

import static io.identsphere.testkit.Exchanges.json;
import static io.identsphere.testkit.Exchanges.random;
import static io.identsphere.testkit.Exchanges.sha256;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.testkit.Exchanges.BadRequest;
import io.identsphere.testkit.Exchanges.Call;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fake server's token endpoint: the code, refresh and client credentials grants, after
 * {@link ClientAuthChecks}; {@code resource} parameters choose the access token's {@code aud}
 * ({@link ResourceRules}).
 */
final class TokenEndpoint {
  private final FakeIdentSphere s;
  private final FakeTokens tokens;
  private final DpopGrants dpop;

  TokenEndpoint(FakeIdentSphere s, FakeTokens tokens) {
    this.s = s;
    this.tokens = tokens;
    this.dpop = new DpopGrants(s);
  }

  void token(Call c) throws IOException {
    if (!"POST".equals(c.ex.getRequestMethod())) throw new BadRequest(405, "invalid_request", "use POST");
    TestClient client = ClientAuthChecks.authenticate(s, c);
    c.dpopKey = dpop.proofKey(c);
    String grant = String.valueOf(c.param("grant_type"));
    switch (grant) {
      case "authorization_code": codeGrant(c, client); break;
      case "refresh_token": refreshGrant(c, client); break;
      case "client_credentials": clientCredentials(c, client); break;
      default: throw new BadRequest(400, "unsupported_grant_type", "grant_type " + grant + " is not supported");
    }
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
    Object aud = ResourceRules.audience(s, c.resources, g.resources, client.audience());
    List<String> covered = c.resources.isEmpty() ? g.resources : c.resources;
    json(c.ex, 200, tokens.issue(c.issuer, client, g.subject, g.scope, family, g.nonce, true, aud, covered, Map.of(),
        c.dpopKey),
        Map.of("Cache-Control", "no-store"));
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
    Object aud = ResourceRules.audience(s, c.resources, r.resources, client.audience());
    dpop.checkRefresh(rt, c.dpopKey);
    r.used = true;
    json(c.ex, 200, tokens.issue(r.issuer, client, r.subject, r.scope, r.family, null, r.scope.contains("openid"), aud,
        r.resources, c.idTokenClaims, c.dpopKey), Map.of("Cache-Control", "no-store"));
  }

  private void clientCredentials(Call c, TestClient client) throws IOException {
    if (client.authenticationMethod().equals("none")) {
      throw new BadRequest(400, "unauthorized_client", "public clients cannot use client_credentials");
    }
    String scope = c.param("scope") == null ? "" : c.param("scope");
    Object aud = ResourceRules.audience(s, c.resources, List.of(), client.audience());
    Map<String, Object> claims = tokens.base(c.issuer, client.clientId(), aud, scope, null);
    Map<String, Object> body = new LinkedHashMap<>();
    String tokenType = DpopGrants.bind(claims, c.dpopKey);
    body.put("access_token", tokens.handOut(tokens.sign(claims, "at+jwt")));
    body.put("token_type", tokenType);
    body.put("expires_in", s.accessTokenTtl.getSeconds());
    if (!scope.isEmpty()) body.put("scope", scope);
    json(c.ex, 200, body, Map.of("Cache-Control", "no-store"));
  }
}
