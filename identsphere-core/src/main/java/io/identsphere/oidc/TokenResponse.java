package io.identsphere.oidc;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A successful token endpoint answer (RFC 6749 §5.1, OIDC Core §3.1.3.3).
 *
 * <p>What the client accepts: {@code access_token} a non-empty string; {@code token_type} present
 * and {@code Bearer} or {@code DPoP} (RFC 9449 §5) in any case, {@code DPoP} only when the client
 * has a DPoP key ({@code IdentSphereClientBuilder.dpop}: otherwise {@code UNEXPECTED_DPOP_TOKEN});
 * {@code expires_in}, when
 * present, a whole number of seconds from 0 to {@value #MAX_EXPIRES_IN} (about 68 years), so
 * negative, fractional, exponent, huge and non-number values are refused; {@code refresh_token},
 * {@code id_token} and {@code scope}, when present, strings. Anything else is an
 * {@link IdentityServerException} of kind {@code MALFORMED_RESPONSE}.
 *
 * <p><b>Security:</b> holds bearer credentials; {@link #toString()} never prints them.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenResponse {
  /** The largest {@code expires_in} accepted, in seconds. */
  public static final long MAX_EXPIRES_IN = Integer.MAX_VALUE;
  private static final String WHAT = "token endpoint answer";

  private final Map<String, Object> raw;
  private final Instant expiresAt;

  private TokenResponse(Map<String, Object> raw, Instant expiresAt) {
    this.raw = raw;
    this.expiresAt = expiresAt;
  }

  /**
   * Checks a token endpoint answer.
   *
   * @param body the parsed answer (unmodifiable)
   * @param receivedAt when it arrived; {@code expires_in} counts from here
   * @return the response
   * @throws IdentityServerException {@code MALFORMED_RESPONSE} as the class comment says
   */
  static TokenResponse from(Map<String, Object> body, Instant receivedAt) {
    String at = Members.string(body, "access_token", WHAT);
    if (at == null || at.isEmpty()) throw Members.malformed(WHAT, "access_token", "is missing or empty");
    String type = Members.string(body, "token_type", WHAT);
    if (type == null) throw Members.malformed(WHAT, "token_type", "is missing (RFC 6749 5.1: required)");
    if (!type.equalsIgnoreCase("Bearer") && !type.equalsIgnoreCase("DPoP")) {
      throw Members.malformed(WHAT, "token_type", "is " + io.identsphere.internal.text.Untrusted.quote(type)
          + "; only Bearer and DPoP are supported");
    }
    Members.string(body, "refresh_token", WHAT);
    Members.string(body, "id_token", WHAT);
    Members.string(body, "scope", WHAT);
    long seconds = Members.seconds(body, "expires_in", WHAT, MAX_EXPIRES_IN);
    return new TokenResponse(body, seconds < 0 ? null : receivedAt.plusSeconds(seconds));
  }

  /**
   * Copies this response with a refresh token added, for a refresh whose answer did not rotate
   * (and so did not carry) the refresh token.
   *
   * @param refreshToken the refresh token that stays valid
   * @return this response with {@code refresh_token} set
   */
  TokenResponse withRefreshToken(String refreshToken) {
    Map<String, Object> copy = new LinkedHashMap<>(raw);
    copy.put("refresh_token", refreshToken);
    return new TokenResponse(Collections.unmodifiableMap(copy), expiresAt);
  }

  private Optional<String> string(String name) {
    Object v = raw.get(name);
    return v instanceof String ? Optional.of((String) v) : Optional.empty();
  }

  /**
   * The access token. <b>Security:</b> a bearer credential; never log it.
   *
   * @return the {@code access_token}
   */
  public String accessToken() {
    return (String) raw.get("access_token");
  }

  /**
   * The token type, checked to be {@code Bearer} or {@code DPoP} in any letter case.
   *
   * @return the {@code token_type} as the server spelled it; {@code Bearer} or {@code DPoP} in some case
   */
  public String tokenType() {
    return (String) raw.get("token_type");
  }

  /**
   * Whether the server bound the access token to the client's DPoP key ({@code token_type: DPoP},
   * RFC 9449 §5): send it with {@link io.identsphere.dpop.DpopKey#authorize} rather than as a
   * bearer token. A client with a DPoP key may still get {@code Bearer} tokens from a server that
   * does not bind them.
   *
   * @return true when {@code token_type} is {@code DPoP} in any letter case
   */
  public boolean isDpopBound() {
    return tokenType().equalsIgnoreCase("DPoP");
  }

  /**
   * The refresh token. <b>Security:</b> a long-lived credential; never log it.
   *
   * @return the {@code refresh_token}, when issued (or rotated)
   */
  public Optional<String> refreshToken() {
    return string("refresh_token");
  }

  /**
   * The ID token (OIDC Core §3.1.3.3); {@code handleCallback} has validated it.
   *
   * @return the {@code id_token}, when issued
   */
  public Optional<String> idToken() {
    return string("id_token");
  }

  /**
   * The access token's expiry as the server announced it.
   *
   * @return when the access token expires, from {@code expires_in} and the time of receipt
   */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * The scopes the server granted (RFC 6749 §5.1).
   *
   * @return the granted scopes; empty when the server did not say
   */
  public Set<String> scopes() {
    Set<String> out = new LinkedHashSet<>();
    for (String s : string("scope").orElse("").split(" ")) if (!s.isEmpty()) out.add(s);
    return Collections.unmodifiableSet(out);
  }

  /**
   * The whole answer as plain JDK values.
   *
   * @return every member of the answer, extra fields included (unmodifiable)
   */
  public Map<String, Object> raw() {
    return raw;
  }

  @Override
  public String toString() {
    return "TokenResponse{tokenType=" + tokenType() + ", expiresAt=" + expiresAt
        + ", scopes=" + io.identsphere.internal.text.Untrusted.escape(String.valueOf(scopes()))
        + ", refreshToken=" + (refreshToken().isPresent() ? "present" : "absent")
        + ", idToken=" + (idToken().isPresent() ? "present" : "absent") + "}";
  }
}
