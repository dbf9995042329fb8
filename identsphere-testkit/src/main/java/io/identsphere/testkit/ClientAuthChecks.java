package io.identsphere.testkit;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.testkit.Exchanges.BadRequest;
import io.identsphere.testkit.Exchanges.Call;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.VerifiedToken;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * How the fake server authenticates a client at the token, introspection, revocation and PAR
 * endpoints: exactly by the method the client registered (OIDC Core §9). JWT assertions
 * (RFC 7523 §3) must be signed by the registered key (HS256 over the secret for
 * {@code client_secret_jwt}), have {@code iss} = {@code sub} = the client id, an {@code aud} that
 * is the issuer or the token endpoint (or, at the PAR endpoint, the PAR endpoint, RFC 9126 §2),
 * an {@code exp} in the future and a {@code jti} not seen before.
 */
final class ClientAuthChecks {
  static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private ClientAuthChecks() {}

  static TestClient authenticate(FakeIdentSphere s, Call c) {
    String header = c.ex.getRequestHeaders().getFirst("Authorization");
    boolean basic = header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
    String assertion = c.form.get("client_assertion");
    String id;
    String secret = null;
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
    } else if (assertion != null) {
      if (!ASSERTION_TYPE.equals(c.form.get("client_assertion_type"))) {
        throw invalidClient("client_assertion_type must be " + ASSERTION_TYPE);
      }
      id = unverifiedIssuer(assertion);
      String named = c.form.get("client_id");
      if (named != null && !named.equals(id)) throw invalidClient("client_id does not match the assertion's iss");
    } else {
      id = c.form.get("client_id");
      secret = c.form.get("client_secret");
    }
    TestClient client = id == null ? null : s.clients.get(id);
    if (client == null) throw invalidClient("unknown client");
    String m = client.authenticationMethod();
    boolean jwt = m.equals("client_secret_jwt") || m.equals("private_key_jwt");
    if (m.equals("client_secret_basic") && !basic) throw invalidClient("client must use client_secret_basic");
    if (m.equals("client_secret_post") && (basic || assertion != null || secret == null)) {
      throw invalidClient("client must use client_secret_post");
    }
    if (jwt && (basic || secret != null || assertion == null)) throw invalidClient("client must use " + m);
    if (m.equals("none")) {
      if (secret != null || basic || assertion != null) throw invalidClient("public client must not send credentials");
      return client;
    }
    if (jwt) {
      checkAssertion(s, c, client, assertion);
      return client;
    }
    if (!MessageDigest.isEqual(client.secret().getBytes(StandardCharsets.UTF_8), String.valueOf(secret).getBytes(StandardCharsets.UTF_8))) {
      throw invalidClient("wrong client secret");
    }
    return client;
  }

  private static String unverifiedIssuer(String assertion) {
    String[] parts = assertion.split("\\.", -1);
    if (parts.length != 3) throw invalidClient("client_assertion is not a compact JWS");
    try {
      Object claims = Json.parse(Base64Url.decode(parts[1]));
      Object iss = claims instanceof Map ? ((Map<?, ?>) claims).get("iss") : null;
      if (!(iss instanceof String)) throw invalidClient("client_assertion has no iss");
      return (String) iss;
    } catch (RuntimeException e) {
      if (e instanceof BadRequest) throw e;
      throw invalidClient("client_assertion is malformed");
    }
  }

  private static void checkAssertion(FakeIdentSphere s, Call c, TestClient client, String assertion) {
    boolean secretJwt = client.authenticationMethod().equals("client_secret_jwt");
    Jwk key = secretJwt
        ? Jwk.fromSecret(client.secret().getBytes(StandardCharsets.UTF_8), null, JwsAlgorithm.HS256)
        : client.publicKey();
    TokenValidator.Builder b = TokenValidator.newBuilder().keySource(JwkSet.of(key)).expectIssuer(client.clientId())
        .clock(s.clock).clockSkew(Duration.ZERO).requireClaims("sub", "jti");
    if (secretJwt) b.allowAlgorithms(JwsAlgorithm.HS256);
    if (c.endpoint == Endpoint.PUSHED_AUTHORIZATION) {
      b.expectAudience(c.issuer, c.base() + "/token", c.base() + "/par");
    } else {
      b.expectAudience(c.issuer, c.base() + "/token");
    }
    VerifiedToken t;
    try {
      t = b.build().validate(assertion);
    } catch (TokenRejectedException e) {
      throw invalidClient("client_assertion refused: " + e.getMessage());
    }
    if (!client.clientId().equals(t.claims().get("sub"))) throw invalidClient("client_assertion sub must be the client id");
    Object jti = t.claims().get("jti");
    if (!(jti instanceof String)) throw invalidClient("client_assertion jti must be a string");
    Instant exp = t.expiresAt().orElse(s.clock.instant());
    if (!s.grants.rememberAssertion(client.clientId() + " " + jti, exp, s.clock.instant())) {
      throw invalidClient("client_assertion jti " + Untrusted.quote((String) jti) + " was already used");
    }
  }

  static BadRequest invalidClient(String why) {
    return new BadRequest(401, "invalid_client", why, Map.of("WWW-Authenticate", "Basic realm=\"fake-identsphere\""));
  }
}
