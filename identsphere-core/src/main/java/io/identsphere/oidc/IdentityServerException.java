package io.identsphere.oidc;

import io.identsphere.IdentSphereException;
import io.identsphere.internal.text.Untrusted;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A call to the identity server failed, or its answer was refused. {@link #kind()} says how; where
 * the server answered, {@link #status()} holds the HTTP status, and {@link #error()} /
 * {@link #errorDescription()} the OAuth 2.0 error it gave (RFC 6749 §5.2). Messages never contain
 * client secrets, codes, verifiers or tokens.
 *
 * <p><b>Server text is untrusted.</b> The message is printable ASCII of at most 2000 characters
 * (anything else is written as an escape such as {@code \n} or {@code \}{@code u2028}, and a longer
 * message is cut and marked {@code ...(N chars)}), so a server cannot forge log lines with it.
 * {@link #error()} keeps at most the first {@value #MAX_ERROR_LENGTH} characters of what the server
 * sent, {@link #errorDescription()} at most the first {@value #MAX_DESCRIPTION_LENGTH}; in both,
 * characters outside printable ASCII are written as escapes ({@code \n}, {@code \}{@code u0000}; a
 * backslash is kept, so escaping is idempotent), and a cut value ends with {@code ...(N chars)}, N being the length
 * the server sent. When a server echoes a credential of the request (the client secret, a code, a
 * code verifier, a refresh or access token) in its error, the client replaces it with
 * {@code [redacted]} before it reaches the message or these accessors.
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
    SUBJECT_MISMATCH,
    /**
     * An ID token in an answer was refused (a refresh answer's, OIDC Core §12.2: bad signature,
     * expired, another audience, a changed {@code auth_time}); the cause is the
     * {@link io.identsphere.token.TokenRejectedException} when the validator refused it.
     */
    ID_TOKEN_REJECTED,
    /**
     * The token endpoint issued a DPoP-bound token ({@code token_type: DPoP}, RFC 9449 §5) to a
     * client that has no DPoP key ({@code IdentSphereClientBuilder.dpop}), so it could not use it.
     */
    UNEXPECTED_DPOP_TOKEN
  }

  /** The most characters of the server's {@code error} that {@link #error()} keeps. */
  public static final int MAX_ERROR_LENGTH = 100;
  /** The most characters of the server's {@code error_description} that {@link #errorDescription()} keeps. */
  public static final int MAX_DESCRIPTION_LENGTH = 500;

  /** How the call failed. */
  private final Kind kind;
  /** The HTTP status of the answer, or 0 when there was no answer. */
  private final int status;
  /** The server's OAuth {@code error}, escaped and bounded, or null when it gave none. */
  private final String error;
  /** The server's OAuth {@code error_description}, escaped and bounded, or null when it gave none. */
  private final String errorDescription;

  /**
   * Creates the exception; the message, {@code error} and {@code errorDescription} are escaped and
   * bounded as the class comment says.
   *
   * @param kind how the call failed
   * @param message what happened, without secrets
   * @param status the HTTP status, or 0 when there was no answer
   * @param error the OAuth {@code error} as the server sent it, or null
   * @param errorDescription the OAuth {@code error_description} as the server sent it, or null
   * @param cause the underlying failure, or null
   */
  public IdentityServerException(Kind kind, String message, int status, String error, String errorDescription,
      Throwable cause) {
    super(ServerText.message(message), cause);
    this.kind = Objects.requireNonNull(kind, "kind == null");
    this.status = status;
    this.error = error == null ? null : Untrusted.escape(error, MAX_ERROR_LENGTH);
    this.errorDescription = errorDescription == null ? null : Untrusted.escape(errorDescription, MAX_DESCRIPTION_LENGTH);
  }

  static IdentityServerException of(Kind kind, String message) {
    return new IdentityServerException(kind, message, 0, null, null, null);
  }

  /**
   * The category of failure, for deciding what to do (retry, sign in again, report).
   *
   * @return how the call failed
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The HTTP status of the answer.
   *
   * @return the HTTP status, when the server answered
   */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /**
   * The OAuth error code the server gave, escaped and bounded (class comment).
   *
   * @return the OAuth {@code error} code, when the server gave one
   */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /**
   * The OAuth error description the server gave, escaped, bounded and redacted (class comment).
   *
   * @return the OAuth {@code error_description}, when the server gave one
   */
  public Optional<String> errorDescription() {
    return Optional.ofNullable(errorDescription);
  }
}
