package io.identsphere.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Something an endpoint does instead of (or before) its normal answer. Combine with
 * {@link FakeIdentSphere#fault(Endpoint, Fault, int)} to apply it once, n times or always.
 *
 * <p>Immutable and thread-safe.
 */
public final class Fault {
  enum Kind { STATUS, DELAY, MALFORMED_JSON, CLOSE_CONNECTION, ID_TOKEN_CLAIMS }

  final Kind kind;
  final int status;
  final String error;
  final String description;
  final Duration delay;
  final long retryAfterSeconds;
  /** For {@code ID_TOKEN_CLAIMS}: the claims that replace the normal ones. */
  final java.util.Map<String, Object> claims;

  private Fault(Kind kind, int status, String error, String description, Duration delay, long retryAfter) {
    this(kind, status, error, description, delay, retryAfter, java.util.Map.of());
  }

  private Fault(Kind kind, int status, String error, String description, Duration delay, long retryAfter,
      java.util.Map<String, Object> claims) {
    this.claims = claims;
    this.kind = kind;
    this.status = status;
    this.error = error;
    this.description = description;
    this.delay = delay;
    this.retryAfterSeconds = retryAfter;
  }

  /**
   * Returns a fault answering with that status and an OAuth error body.
   *
   * @param status the HTTP status
   * @param error the OAuth {@code error}
   * @param description the {@code error_description}, or null
   * @return a fault answering with that status and an OAuth error body
   */
  public static Fault oauthError(int status, String error, String description) {
    return new Fault(Kind.STATUS, status, Objects.requireNonNull(error, "error == null"), description, null, -1);
  }

  /**
   * Returns a fault answering with that status and an empty body.
   *
   * @param status the HTTP status
   * @return a fault answering with that status and an empty body
   */
  public static Fault status(int status) {
    return new Fault(Kind.STATUS, status, null, null, null, -1);
  }

  /**
   * Returns a 429 with {@code Retry-After} and error {@code slow_down}.
   *
   * @param retryAfter the {@code Retry-After} value
   * @return a 429 with {@code Retry-After} and error {@code slow_down}
   */
  public static Fault tooManyRequests(Duration retryAfter) {
    return new Fault(Kind.STATUS, 429, "slow_down", "too many requests", null, retryAfter.getSeconds());
  }

  /**
   * Returns a fault that answers normally, but only after {@code delay}.
   *
   * @param delay how long to wait before answering normally (real time, on the server thread)
   * @return a delay fault
   */
  public static Fault delay(Duration delay) {
    return new Fault(Kind.DELAY, 0, null, null, Objects.requireNonNull(delay, "delay == null"), -1);
  }

  /**
   * Returns a fault that answers 200 with a truncated JSON body.
   *
   * @return a 200 with a truncated JSON body
   */
  public static Fault malformedJson() {
    return new Fault(Kind.MALFORMED_JSON, 200, null, null, null, -1);
  }

  /**
   * Returns a fault that closes the connection without answering.
   *
   * @return a fault that closes the connection without answering
   */
  public static Fault closeConnection() {
    return new Fault(Kind.CLOSE_CONNECTION, 0, null, null, null, -1);
  }

  /**
   * Returns a fault for {@link Endpoint#TOKEN} that answers normally, except that the ID token a
   * refresh issues carries these claims in place of the normal ones (still signed with the
   * server's key): a wrong {@code sub} or {@code iss}, another {@code aud}, a past {@code exp}, to
   * test OIDC Core §12.2 checks. A {@code null} value removes the claim.
   *
   * @param claims the claims to set or (with a null value) remove
   * @return the fault
   */
  public static Fault refreshedIdTokenClaims(java.util.Map<String, ?> claims) {
    java.util.Map<String, Object> copy = new java.util.LinkedHashMap<>();
    claims.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "claim name == null"), v));
    return new Fault(Kind.ID_TOKEN_CLAIMS, 0, null, null, null, -1, java.util.Collections.unmodifiableMap(copy));
  }

  @Override
  public String toString() {
    return "Fault{" + kind + (status > 0 ? " " + status : "") + (error == null ? "" : " " + error)
        + (delay == null ? "" : " " + delay) + "}";
  }
}
