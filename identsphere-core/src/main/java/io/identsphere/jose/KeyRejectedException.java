package io.identsphere.jose;

/**
 * Why a JWK was refused, so that a published set can count its dropped keys by cause. Callers of
 * the public API see it as the {@link IllegalArgumentException} it is.
 *
 * <p>The message never holds key material; any member value it quotes has gone through
 * {@code Untrusted}.
 */
final class KeyRejectedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The cause of a refusal. */
  enum Cause {
    /** A {@code kty} or {@code crv} this library does not verify with (for example {@code OKP}, P-521). */
    UNSUPPORTED,
    /** A well-formed key that is too weak: small RSA modulus or exponent, ROCA, short HMAC secret. */
    WEAK,
    /** Anything else: missing or mistyped members, bad base64url, points off the curve, contradictions. */
    INVALID
  }

  private final Cause cause;

  KeyRejectedException(Cause cause, String message) {
    super(message);
    this.cause = cause;
  }

  KeyRejectedException(Cause cause, String message, Throwable reason) {
    super(message, reason);
    this.cause = cause;
  }

  static KeyRejectedException invalid(String message) {
    return new KeyRejectedException(Cause.INVALID, message);
  }

  static KeyRejectedException weak(String message) {
    return new KeyRejectedException(Cause.WEAK, message);
  }

  static KeyRejectedException unsupported(String message) {
    return new KeyRejectedException(Cause.UNSUPPORTED, message);
  }

  Cause rejection() {
    return cause;
  }
}
