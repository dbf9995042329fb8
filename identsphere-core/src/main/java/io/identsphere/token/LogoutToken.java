package io.identsphere.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A logout token that passed {@link LogoutTokenValidator}: the identity server says that a session
 * ({@code sid}) or every session of a subject ({@code sub}) has ended (OpenID Connect Back-Channel
 * Logout 1.0 §2.4). Apply it with {@link SessionRevocations#revoke(LogoutToken)}.
 *
 * <p>Immutable and thread-safe. Its {@code toString()} names the issuer and the presence of the
 * members, never their values.
 */
public final class LogoutToken {
  private final String issuer;
  private final String subject;
  private final String sessionId;
  private final Instant issuedAt;
  private final String id;

  LogoutToken(String issuer, String subject, String sessionId, Instant issuedAt, String id) {
    this.issuer = Objects.requireNonNull(issuer, "issuer == null");
    this.subject = subject;
    this.sessionId = sessionId;
    this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt == null");
    this.id = Objects.requireNonNull(id, "id == null");
  }

  /**
   * Returns the issuer ({@code iss}).
   *
   * @return the identity server that logged the user out
   */
  public String issuer() {
    return issuer;
  }

  /**
   * Returns the subject ({@code sub}), when the token names one.
   *
   * @return the subject whose sessions ended, if named
   */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /**
   * Returns the session ({@code sid}), when the token names one.
   *
   * @return the session that ended, if named
   */
  public Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  /**
   * Returns the time of the logout: the token's {@code iat}.
   *
   * @return when the identity server issued the logout token
   */
  public Instant issuedAt() {
    return issuedAt;
  }

  /**
   * Returns the token's unique identifier ({@code jti}), which a replay cache remembers.
   *
   * @return the {@code jti}
   */
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return "LogoutToken{issuer=" + issuer + ", sid " + (sessionId != null ? "present" : "absent") + ", sub "
        + (subject != null ? "present" : "absent") + ", iat=" + issuedAt + "}";
  }
}
