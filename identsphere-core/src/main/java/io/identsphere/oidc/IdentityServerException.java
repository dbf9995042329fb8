package io.identsphere.oidc;

import io.identsphere.IdentSphereException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A call to the identity server failed, or its answer was refused. {@link #kind()} says how; where
 * the server answered, {@link #status()} holds the HTTP status, and {@link #error()} /
 * {@link #errorDescription()} the OAuth 2.0 error it gave (RFC 6749 §5.2). Messages never contain
 * client secrets, codes, verifiers or tokens.
 *
 * <p>Immutable.
 */
public final class IdentityServerException extends IdentSphereException {
  private static final long serialVersionUID = 1L;

  /** How a call failed. */
  public enum Kind {
    /** The connection could not be made or broke. */
    UNREACHABLE,
    /** The server did not answer within the configured time. */
    TIMEOUT,
    /** The server answered with an OAuth error body ({@link #error()} is set). */
    OAUTH_ERROR,
    /** The server answered with an unexpected HTTP status and no OAuth error. */
    HTTP_STATUS,
    /** The server answered with a redirect where none is followed. */
    REDIRECT_REFUSED,
    /** The answer was not the JSON (or content type) expected. */
    MALFORMED_RESPONSE,
    /** The answer exceeded the configured size bound. */
    RESPONSE_TOO_LARGE,
    /** The discovery document or callback named another issuer. */
    ISSUER_MISMATCH,
    /** The authorization response's {@code state} did not match the request's. */
    STATE_MISMATCH,
    /** The identity server redirected back with an {@code error} (the user declined, for example). */
    AUTHORIZATION_ERROR,
    /** A URL is not HTTPS and not loopback, and insecure HTTP was not allowed. */
    INSECURE_URL,
    /** Userinfo or another answer describes a different user than expected. */
    SUBJECT_MISMATCH
  }

  private final Kind kind;
  private final int status;
  private final String error;
  private final String errorDescription;

  /**
   * @param kind how the call failed
   * @param message what happened, without secrets
   * @param status the HTTP status, or 0 when there was no answer
   * @param error the OAuth {@code error}, or null
   * @param errorDescription the OAuth {@code error_description}, or null
   * @param cause the underlying failure, or null
   */
  public IdentityServerException(Kind kind, String message, int status, String error, String errorDescription,
      Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind == null");
    this.status = status;
    this.error = error;
    this.errorDescription = errorDescription;
  }

  static IdentityServerException of(Kind kind, String message) {
    return new IdentityServerException(kind, message, 0, null, null, null);
  }

  /** @return how the call failed */
  public Kind kind() {
    return kind;
  }

  /** @return the HTTP status, when the server answered */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** @return the OAuth {@code error} code, when the server gave one */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /** @return the OAuth {@code error_description}, when the server gave one */
  public Optional<String> errorDescription() {
    return Optional.ofNullable(errorDescription);
  }
}
