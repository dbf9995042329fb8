package io.identsphere.testkit;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.jose.JwsSigner;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonWriter;
import io.identsphere.jose.JwsAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints signed tokens as the fake server would, and deliberately bad ones for negative tests.
 *
 * <pre>{@code
 * String ok = server.minter().accessToken("alice").sign();
 * String expired = server.minter().accessToken("alice").expired().sign();
 * String forged = server.minter().accessToken("alice").algorithmConfusion().sign();
 * }</pre>
 *
 * <p>The minter is thread-safe; each {@link Draft} is not. <b>For testing only.</b>
 */
public final class TokenMinter {
  private static final KeyPair FOREIGN = KeyRing.pooled("RSA-foreign", 0);

  private final KeyRing keys;
  private final String issuer;
  private final Clock clock;
  private final String audience;
  private final byte[] hmacSecret;
  private final java.util.function.Function<String, TestUser> users;

  TokenMinter(KeyRing keys, String issuer, Clock clock, String audience, byte[] hmacSecret,
      java.util.function.Function<String, TestUser> users) {
    this.keys = keys;
    this.issuer = issuer;
    this.clock = clock;
    this.audience = audience;
    this.hmacSecret = hmacSecret;
    this.users = users;
  }

  /**
   * An access token for a registered user (their profile claims included), or for an unknown
   * subject (just {@code sub}).
   *
   * @param subject the {@code sub}
   * @return a draft with iss, aud, sub, iat, exp (5 minutes), jti and {@code typ: at+jwt}
   */
  public Draft accessToken(String subject) {
    Draft d = new Draft();
    TestUser u = users.apply(subject);
    if (u != null) d.claims.putAll(u.claims());
    d.claims.put("sub", subject);
    d.header.put("typ", "at+jwt");
    return d;
  }

  /**
   * An OpenID Connect ID token as the fake server's token endpoint mints it after a login: the
   * user's profile claims, {@code sub}, {@code aud} = the client id, {@code iat}, {@code exp}
   * (5 minutes), {@code auth_time}, a random {@code nonce}, header {@code typ: JWT}, and no
   * {@code jti}. Add {@code at_hash}, {@code azp} or Keycloak's {@code typ: "ID"} with
   * {@link Draft#claim}, or drop the header's {@code typ} with {@code header("typ", null)}.
   *
   * <p>For negative tests of APIs: an access-token validator must refuse it (an ID token is
   * addressed to the client, never to an API). A client's {@code validateIdToken} accepts it when
   * given its nonce ({@code claim("nonce", request.nonce())}).
   *
   * @param subject the {@code sub}
   * @param clientId the client the token is addressed to, for example {@code "demo-web"}
   * @return a draft of the ID token
   */
  public Draft idToken(String subject, String clientId) {
    Objects.requireNonNull(clientId, "clientId == null");
    Draft d = new Draft();
    TestUser u = users.apply(subject);
    if (u != null) d.claims.putAll(u.claims());
    d.claims.put("sub", subject);
    d.claims.put("aud", clientId);
    d.claims.remove("jti");
    d.claims.put("auth_time", clock.instant().getEpochSecond());
    d.claims.put("nonce", UUID.randomUUID().toString());
    d.header.put("typ", "JWT");
    return d;
  }

  /**
   * A back-channel logout token (OpenID Connect Back-Channel Logout 1.0 §2.4) as the fake server
   * sends it: {@code aud} = the client id, {@code iat}, {@code exp} (2 minutes), a fresh
   * {@code jti}, the {@code events} member {@code {"http://schemas.openid.net/event/backchannel-logout": {}}},
   * the given {@code sid} and {@code sub}, and header {@code typ: logout+jwt}. For the bad variants
   * a validator must refuse, change it: {@code claim("nonce", "n")}, {@code withoutClaim("jti")},
   * {@code withoutClaim("events")}, {@code claim("events", Map.of())}, {@code header("typ", "JWT")},
   * {@code issuedAt(...)}, {@code expired()}, {@code wrongAudience()}, {@code tamperedSignature()}.
   *
   * @param clientId the client the token is addressed to
   * @param sid the session that ended, or null
   * @param subject the subject whose session ended, or null
   * @return a draft of the logout token
   */
  public Draft logoutToken(String clientId, String sid, String subject) {
    Objects.requireNonNull(clientId, "clientId == null");
    Draft d = new Draft();
    d.claims.putAll(BackChannelLogouts.claims(issuer, clientId, sid, subject, clock.instant()));
    d.header.put("typ", "logout+jwt");
    return d;
  }

  /**
   * A bare token: no subject, no profile and no {@code typ} header.
   *
   * @return a draft with only iss, aud, iat, exp and jti
   */
  public Draft token() {
    return new Draft();
  }

  /**
   * A DPoP proof (RFC 9449) for one request, signed by {@code key}, with {@code iat} from the
   * fake server's clock. Good by default; the draft's presets make the usual bad proofs.
   *
   * <pre>{@code
   * DpopKey key = DpopKey.generate();
   * String token = server.minter().accessToken("alice").boundTo(key).sign();
   * String proof = server.minter().dpopProof(key, "GET", uri).accessToken(token).sign();
   * String stale = server.minter().dpopProof(key, "GET", uri).accessToken(token).oldIssuedAt().sign();
   * }</pre>
   *
   * @param key the client's DPoP key
   * @param method the request's HTTP method
   * @param uri the request's URI
   * @return a proof draft
   */
  public DpopProofDraft dpopProof(io.identsphere.dpop.DpopKey key, String method, java.net.URI uri) {
    return new DpopProofDraft(key, method, uri, clock);
  }

  /** A token being built. Not thread-safe. */
  public final class Draft {
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private JwsAlgorithm alg = JwsAlgorithm.RS256;
    private Key key;
    private String forcedAlgName;
    private boolean tamper;
    private boolean noSignature;
    private int padTo;

    private Draft() {
      Instant now = clock.instant();
      claims.put("iss", issuer);
      claims.put("aud", audience);
      claims.put("iat", now.getEpochSecond());
      claims.put("exp", now.plus(Duration.ofMinutes(5)).getEpochSecond());
      claims.put("jti", UUID.randomUUID().toString());
    }

    /**
     * Sets or removes a claim.
     *
     * @param name the claim's name
     * @param value a plain JDK value (map, collection, string, number, boolean), or null to remove
     *     the claim
     * @return this draft
     */
    public Draft claim(String name, Object value) {
      if (value == null) claims.remove(name); else claims.put(name, value);
      return this;
    }

    /**
     * Sets or removes a JOSE header parameter. A parameter set here, {@code alg} and {@code kid}
     * included, replaces the one {@link #sign()} would write; the key and the algorithm that sign
     * the token stay the same.
     *
     * @param name the header parameter's name
     * @param value a plain JDK value, or null to remove the parameter
     * @return this draft
     */
    public Draft header(String name, Object value) {
      if (value == null) header.remove(name); else header.put(name, value);
      return this;
    }

    /**
     * Binds the token to a DPoP key: {@code cnf: {jkt: <the key's RFC 7638 thumbprint>}}, as an
     * identity server does for a token request with a valid DPoP proof (RFC 9449 §6.1).
     *
     * @param key the client's DPoP key
     * @return this draft
     */
    public Draft boundTo(io.identsphere.dpop.DpopKey key) {
      return boundTo(key.thumbprint());
    }

    /**
     * Binds the token to the key with this RFC 7638 thumbprint ({@code cnf.jkt}), for example
     * {@code VerifiedDpopProof.thumbprint()} of a token request's proof.
     *
     * @param thumbprint the base64url SHA-256 JWK thumbprint
     * @return this draft
     */
    public Draft boundTo(String thumbprint) {
      return claim("cnf", Map.of("jkt", java.util.Objects.requireNonNull(thumbprint, "thumbprint == null")));
    }

    /**
     * Sets the {@code iss} claim.
     *
     * @param value the {@code iss}
     * @return this draft
     */
    public Draft issuer(String value) {
      return claim("iss", value);
    }

    /**
     * Sets the {@code aud} claim.
     *
     * @param values the {@code aud} (one value is written as a string)
     * @return this draft
     */
    public Draft audience(String... values) {
      return claim("aud", values.length == 1 ? values[0] : List.of(values));
    }

    /**
     * Sets the {@code roles} claim, the built-in roles of the default claim mapping.
     *
     * @param roles the {@code roles} claim
     * @return this draft
     */
    public Draft roles(String... roles) {
      return claim("roles", List.of(roles));
    }

    /**
     * Sets the {@code custom_roles} claim, the custom roles of the default claim mapping.
     *
     * @param roles the {@code custom_roles} claim
     * @return this draft
     */
    public Draft customRoles(String... roles) {
      return claim("custom_roles", List.of(roles));
    }

    /**
     * Sets the {@code scope} claim, joining the scopes with spaces.
     *
     * @param scopes the space-separated {@code scope} claim
     * @return this draft
     */
    public Draft scope(String... scopes) {
      return claim("scope", String.join(" ", scopes));
    }

    /**
     * Sets the tenant: both the {@code org} and the {@code tenant_id} claim.
     *
     * @param tenant the tenant id, written to {@code org} and {@code tenant_id}
     * @return this draft
     */
    public Draft tenant(String tenant) {
      claim("org", tenant);
      return claim("tenant_id", tenant);
    }

    /**
     * Sets {@code exp} to a time after now on the minter's clock.
     *
     * @param ttl lifetime from now on the minter's clock
     * @return this draft
     */
    public Draft expiresIn(Duration ttl) {
      return claim("exp", clock.instant().plus(ttl).getEpochSecond());
    }

    /**
     * Sets the {@code nbf} claim, the time before which the token is not valid (whole seconds).
     *
     * @param at the {@code nbf}
     * @return this draft
     */
    public Draft notBefore(Instant at) {
      return claim("nbf", at.getEpochSecond());
    }

    /**
     * Sets the {@code iat} claim, the time the token was issued (whole seconds).
     *
     * @param at the {@code iat}
     * @return this draft
     */
    public Draft issuedAt(Instant at) {
      return claim("iat", at.getEpochSecond());
    }

    /**
     * Chooses the signature algorithm (default RS256).
     *
     * @param alg the algorithm; signed with the server's key for it (HMAC: the server's test
     *     secret)
     * @return this draft
     */
    public Draft algorithm(JwsAlgorithm alg) {
      this.alg = Objects.requireNonNull(alg, "alg == null");
      return this;
    }

    /**
     * Writes another {@code kid} header; the token is still signed with the key that would be used
     * anyway.
     *
     * @param kid the {@code kid} header to write (the key used stays the server's)
     * @return this draft
     */
    public Draft keyId(String kid) {
      return header("kid", kid);
    }

    /**
     * Signs with this HMAC secret instead of the server's test secret; the secret is copied.
     *
     * @param secret the HMAC secret to sign with (for HS* algorithms)
     * @return this draft
     */
    public Draft hmacSecret(byte[] secret) {
      this.key = new SecretKeySpec(secret.clone(), "HMAC");
      return this;
    }

    // ---- bad-token presets ------------------------------------------------------------------

    /**
     * Makes the token expired: {@code exp} one hour ago, {@code iat} two hours ago, on the minter's
     * clock.
     *
     * @return this draft, expired one hour ago
     */
    public Draft expired() {
      claim("iat", clock.instant().minus(Duration.ofHours(2)).getEpochSecond());
      return claim("exp", clock.instant().minus(Duration.ofHours(1)).getEpochSecond());
    }

    /**
     * Makes the token not yet valid: {@code nbf} one hour from now, on the minter's clock.
     *
     * @return this draft, not valid until an hour from now
     */
    public Draft notYetValid() {
      return notBefore(clock.instant().plus(Duration.ofHours(1)));
    }

    /**
     * Makes the token name an issuer the server is not ({@code https://wrong-issuer.example.test}).
     *
     * @return this draft with another issuer
     */
    public Draft wrongIssuer() {
      return issuer("https://wrong-issuer.example.test");
    }

    /**
     * Makes the token name an audience no test API uses ({@code some-other-api}).
     *
     * @return this draft with another audience
     */
    public Draft wrongAudience() {
      return audience("some-other-api");
    }

    /**
     * Removes a claim, to test that a required claim is enforced.
     *
     * @param name a claim to drop
     * @return this draft
     */
    public Draft withoutClaim(String name) {
      return claim(name, null);
    }

    /**
     * Flips one bit of the signature after signing, so the signature no longer verifies.
     *
     * @return this draft with one signature bit flipped
     */
    public Draft tamperedSignature() {
      this.tamper = true;
      return this;
    }

    /**
     * Writes a random {@code kid} the server never published; the token is still signed with the
     * server's key.
     *
     * @return this draft naming a {@code kid} the server never published
     */
    public Draft unknownKid() {
      return keyId("unknown-" + UUID.randomUUID());
    }

    /**
     * Signs the token with an RS256 key the server never published; no {@code kid} header is
     * written unless {@link #keyId} sets one.
     *
     * @return this draft signed by a key the server never published
     */
    public Draft signedByForeignKey() {
      this.key = FOREIGN.getPrivate();
      this.alg = JwsAlgorithm.RS256;
      return this;
    }

    /**
     * Makes the token an unsecured JWS: header {@code alg: none} and an empty signature.
     *
     * @return this draft as an unsecured JWS ({@code alg: none}, empty signature)
     */
    public Draft algNone() {
      this.forcedAlgName = "none";
      this.noSignature = true;
      return this;
    }

    /**
     * The RS256-to-HS256 confusion attack: HS256 keyed with the server's published RSA public key
     * bytes.
     *
     * @return this draft
     */
    public Draft algorithmConfusion() {
      this.alg = JwsAlgorithm.HS256;
      this.key = new SecretKeySpec(keys.current(JwsAlgorithm.RS256).pair.getPublic().getEncoded(), "HMAC");
      header("kid", keys.current(JwsAlgorithm.RS256).kid);
      return this;
    }

    /**
     * Pads the claims with a {@code padding} member so the token is longer than 16 KiB, beyond the
     * validator's default 8 KiB limit.
     *
     * @return this draft
     */
    public Draft oversized() {
      this.padTo = 16 * 1024;
      return this;
    }

    /**
     * Signs the draft as it stands (or leaves the signature empty, after {@link #algNone()}).
     *
     * @return the compact JWS
     */
    public String sign() {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("alg", forcedAlgName != null ? forcedAlgName : alg.name());
      Key signingKey = key;
      if (signingKey == null) {
        if (alg.isSymmetric()) {
          signingKey = new SecretKeySpec(hmacSecret, "HMAC");
        } else {
          KeyRing.Entry e = keys.current(alg);
          signingKey = e.pair.getPrivate();
          h.put("kid", e.kid);
        }
      }
      h.putAll(header);
      Map<String, Object> c = new LinkedHashMap<>(claims);
      if (padTo > 0) c.put("padding", "x".repeat(padTo));
      if (noSignature) {
        return Base64Url.encode(JsonWriter.write(h).getBytes(StandardCharsets.UTF_8)) + "."
            + Base64Url.encode(JsonWriter.write(c).getBytes(StandardCharsets.UTF_8)) + ".";
      }
      String jws = JwsSigner.sign(h, c, alg, signingKey);
      if (tamper) {
        int dot = jws.lastIndexOf('.');
        byte[] sig = Base64Url.decode(jws.substring(dot + 1));
        sig[sig.length / 2] ^= 0x01;
        jws = jws.substring(0, dot + 1) + Base64Url.encode(sig);
      }
      return jws;
    }
  }

  /**
   * Describes a token for assertion messages: header, claims, and times relative to {@code clock}
   * ("exp: 2026-11-22T12:05:00Z (in 300 s)"). Does not verify anything; the signature is not shown.
   *
   * @param token a compact JWS
   * @param clock the test clock
   * @return a multi-line description, or a one-line note when the token cannot be decoded
   */
  public static String explain(String token, Clock clock) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) return "not a JWS compact serialization (" + parts.length + " parts)";
    try {
      Object header = Json.parse(Base64Url.decode(parts[0]));
      Object claims = Json.parse(Base64Url.decode(parts[1]));
      StringBuilder sb = new StringBuilder("header: ").append(JsonWriter.write(header)).append('\n');
      if (claims instanceof Map) {
        Instant now = clock.instant();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) claims).entrySet()) {
          sb.append("  ").append(e.getKey()).append(": ").append(JsonWriter.write(e.getValue()));
          if (("exp".equals(e.getKey()) || "iat".equals(e.getKey()) || "nbf".equals(e.getKey()))
              && e.getValue() instanceof Long) {
            Instant t = Instant.ofEpochSecond((Long) e.getValue());
            long secs = Duration.between(now, t).getSeconds();
            sb.append(" (").append(t).append(", ").append(secs >= 0 ? "in " + secs + " s" : -secs + " s ago").append(')');
          }
          sb.append('\n');
        }
      }
      sb.append("signature: ").append(parts[2].isEmpty() ? "none" : parts[2].length() + " chars");
      return sb.toString();
    } catch (RuntimeException e) {
      return "undecodable token: " + e.getMessage();
    }
  }
}
