package io.identsphere.token;

import io.identsphere.IdentSphereException;
import java.util.Objects;

/**
 * A token was refused. {@link #reason()} says why in a form code can branch on, and maps to the
 * RFC 6750 error code a resource server returns. The message gives expected versus actual values
 * with units; it never contains the token, its signature, a key or a secret.
 *
 * <p>Immutable.
 */
public final class TokenRejectedException extends IdentSphereException {
  private static final long serialVersionUID = 1L;

  /** Why a token was refused. */
  public enum Reason {
    /**
     * Not a well-formed JWS compact serialization with JSON header and claims: bad syntax, a header
     * member the validator reads ({@code alg}, {@code kid}, {@code typ}, {@code crit}) with the wrong
     * JSON type or {@code null}, or an {@code aud} that is not a string or an array of strings.
     */
    MALFORMED,
    /** Longer than the validator's maximum token length. */
    TOO_LARGE,
    /** {@code alg} is {@code none}, unknown, or not in the validator's allow-list. */
    UNSUPPORTED_ALGORITHM,
    /** The header has a {@code crit} parameter this library does not understand. */
    UNSUPPORTED_CRITICAL_HEADER,
    /** No key with the token's {@code kid} permits its algorithm. */
    UNKNOWN_KEY,
    /** The signature does not verify. */
    BAD_SIGNATURE,
    /** {@code exp} has passed (beyond the allowed clock skew). */
    EXPIRED,
    /** {@code nbf} is still in the future (beyond the allowed clock skew). */
    NOT_YET_VALID,
    /** {@code iat} is in the future (beyond the allowed clock skew). */
    ISSUED_IN_FUTURE,
    /** {@code iss} is not an expected issuer. */
    WRONG_ISSUER,
    /** {@code aud} contains no expected audience. */
    WRONG_AUDIENCE,
    /** A required claim is absent. */
    MISSING_CLAIM,
    /**
     * A claim the validator reads is present with the wrong JSON type or {@code null} (a string
     * {@code exp}, a numeric {@code sub}, {@code "nbf": null}, a role claim that is neither a string
     * nor an array of strings), or a NumericDate outside 0 .. 253402300799 (the year 9999).
     */
    INVALID_CLAIM,
    /** The {@code typ} header is not an accepted type. */
    WRONG_TYPE,
    /**
     * The token is an ID token or another non-access token presented as an access token: it
     * carries an ID-token claim ({@code at_hash}, {@code c_hash}, {@code s_hash}), a {@code typ}
     * claim other than {@code Bearer} (Keycloak's {@code ID}, {@code Refresh}, {@code Logout}), a
     * {@code nonce} without declaring itself an access token ({@code typ} claim {@code Bearer} or
     * an {@code at+jwt} header), or, for a client's validator, this client's own id in {@code aud}
     * (RFC 9068 §4, RFC 8725 §3.11).
     */
    NOT_AN_ACCESS_TOKEN,
    /** An ID token's {@code nonce}, {@code azp} or {@code at_hash} does not match. */
    ID_TOKEN_MISMATCH,
    /** The identity server says the token is no longer active (session-check mode). */
    INACTIVE,
    /**
     * The token's session or subject was logged out after it was issued (OpenID Connect
     * Back-Channel Logout, see {@link SessionRevocations}).
     */
    REVOKED,
    /** A logout token whose {@code jti} was already received (Back-Channel Logout 1.0 §2.6). */
    REPLAYED;

    /**
     * The error code a resource server answers with for this reason.
     *
     * @return the RFC 6750 §3.1 error code: always {@code invalid_token}, the code for an
     *     expired, revoked, malformed or otherwise invalid access token
     */
    public String errorCode() {
      return "invalid_token";
    }
  }

  /** Why the token was refused. */
  private final Reason reason;

  /**
   * Creates the exception for a refused token.
   *
   * @param reason why the token was refused
   * @param message expected versus actual, without secrets
   */
  public TokenRejectedException(Reason reason, String message) {
    super(message, null);
    this.reason = Objects.requireNonNull(reason, "reason == null");
  }

  /**
   * Returns why the token was refused.
   *
   * @return why the token was refused
   */
  public Reason reason() {
    return reason;
  }
}
