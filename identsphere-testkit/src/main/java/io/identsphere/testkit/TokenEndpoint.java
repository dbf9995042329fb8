package io.identsphere.testkit;

import static io.identsphere.testkit.Exchanges.json;
import static io.identsphere.testkit.Exchanges.random;
import static io.identsphere.testkit.Exchanges.sha256;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.oidc.ClientAuthentication;
import io.identsphere.testkit.Exchanges.BadRequest;
import io.identsphere.testkit.Exchanges.Call;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fake server's token endpoint: client authentication and the code, refresh and client credentials grants. */
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
    TestClient client = authenticate(s, c);
    c.dpopKey = dpop.proofKey(c);
    String grant = String.valueOf(c.param("grant_type"));
    switch (grant) {
      case "authorization_code": codeGrant(c, client); break;
      case "refresh_token": refreshGrant(c, client); break;
      case "client_credentials": clientCredentials(c, client); break;
      default: throw new BadRequest(400, "unsupported_grant_type", "grant_type " + grant + " is not supported");
    }
  }

  static TestClient authenticate(FakeIdentSphere s, Call c) {
    String header = c.ex.getRequestHeaders().getFirst("Authorization");
    String id;
    String secret;
    boolean basic = header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
    if (basic) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
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
    json(c.ex, 200, tokens.issue(c.issuer, client, g.subject, g.scope, family, g.nonce, true, Map.of(), c.dpopKey), Map.of("Cache-Control", "no-store"));
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
    dpop.checkRefresh(rt, c.dpopKey);
    r.used = true;
    json(c.ex, 200, tokens.issue(r.issuer, client, r.subject, r.scope, r.family, null, r.scope.contains("openid"), c.idTokenClaims, c.dpopKey),
        Map.of("Cache-Control", "no-store"));
  }

  private void clientCredentials(Call c, TestClient client) throws IOException {
    if (client.authentication() == ClientAuthentication.NONE) {
      throw new BadRequest(400, "unauthorized_client", "public clients cannot use client_credentials");
    }
    String scope = c.param("scope") == null ? "" : c.param("scope");
    Map<String, Object> claims = tokens.base(c.issuer, client.clientId(), client.audience(), scope, null);
    Map<String, Object> body = new LinkedHashMap<>();
    String tokenType = DpopGrants.bind(claims, c.dpopKey);
    body.put("access_token", tokens.handOut(tokens.sign(claims, "at+jwt")));
    body.put("token_type", tokenType);
    body.put("expires_in", s.accessTokenTtl.getSeconds());
    if (!scope.isEmpty()) body.put("scope", scope);
    json(c.ex, 200, body, Map.of("Cache-Control", "no-store"));
  }
}
