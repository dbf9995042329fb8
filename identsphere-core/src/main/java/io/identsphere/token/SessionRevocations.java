package io.identsphere.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The sessions and subjects an identity server has logged out (OpenID Connect Back-Channel Logout
 * 1.0), which a {@link TokenValidator} consults after every other check, on cache hits too: a token
 * of a revoked session ({@code sid}) or subject ({@code sub}) of that issuer, issued at or before the
 * logout ({@code iat} at or before it, or no {@code iat}), is refused as
 * {@link TokenRejectedException.Reason#REVOKED}.
 *
 * <p>{@link #inMemory} keeps the list in this process: <b>one list per instance</b>. An application
 * with several instances behind a load balancer receives each logout at one of them; to refuse the
 * tokens on all of them, implement this interface over a store the instances share (Redis, a
 * database table): {@code revoke*} writes a key per session or subject with the logout time and a
 * time to live of the longest token lifetime, {@code isRevoked} reads the token's keys. Keep
 * {@code isRevoked} fast (it runs on every request); an implementation that cannot answer should
 * throw {@link io.identsphere.IdentSphereException}, which fails the request (the JAX-RS adapter
 * answers 503) rather than let a logged-out token in.
 *
 * <pre>{@code
 * SessionRevocations revocations = SessionRevocations.inMemory(Duration.ofHours(1), 100_000);
 * TokenValidator validator = client.accessTokenValidator().toBuilder().sessionRevocations(revocations).build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe.
 */
public interface SessionRevocations {
  /** The most entries {@link #inMemory} accepts. */
  int MAX_ENTRIES = 10_000_000;

  /**
   * Refuses the tokens of one session from now on.
   *
   * @param issuer the issuer the session belongs to (the tokens' {@code iss})
   * @param sessionId the session, as the tokens' {@code sid} claim names it
   * @param loggedOutAt tokens issued at or before this instant are refused
   */
  void revokeSession(String issuer, String sessionId, Instant loggedOutAt);

  /**
   * Refuses the tokens of every session of one subject from now on.
   *
   * @param issuer the issuer the subject belongs to (the tokens' {@code iss})
   * @param subject the subject, as the tokens' {@code sub} claim names it
   * @param loggedOutAt tokens issued at or before this instant are refused
   */
  void revokeSubject(String issuer, String subject, Instant loggedOutAt);

  /**
   * Applies a validated logout token: with a {@code sid}, that session is revoked; with only a
   * {@code sub}, every session of the subject (Back-Channel Logout 1.0 §2.4); the logout time is
   * the token's {@code iat}.
   *
   * @param logout the validated logout token
   */
  default void revoke(LogoutToken logout) {
    Objects.requireNonNull(logout, "logout == null");
    if (logout.sessionId().isPresent()) {
      revokeSession(logout.issuer(), logout.sessionId().get(), logout.issuedAt());
    } else {
      revokeSubject(logout.issuer(), logout.subject().orElseThrow(), logout.issuedAt());
    }
  }

  /**
   * Tells whether a verified token belongs to a revoked session or subject and was issued at or
   * before its logout.
   *
   * @param token a token that passed every other check
   * @return true when it must be refused
   */
  boolean isRevoked(VerifiedToken token);

  /**
   * A list kept in this process's memory: per instance, see the class comment. An entry lives as
   * long as the longest token it can refuse ({@code loggedOutAt} plus {@code maxTokenLifetime}
   * plus {@link TokenValidator#MAX_CLOCK_SKEW}), then it is dropped. When {@code maxEntries} live
   * entries are held, the one that would expire first is folded into a watermark that refuses
   * every token issued at or before its logout, whatever its session: the list fails closed
   * (users sign in again), it never forgets a logout while its tokens can still be valid.
   *
   * <p><b>Security:</b> a token that lives longer than {@code maxTokenLifetime} can outlive its
   * revocation; set it to the identity server's longest access-token lifetime.
   *
   * @param maxTokenLifetime the longest lifetime ({@code exp - iat}) of the tokens validated
   * @param maxEntries the most sessions and subjects remembered, from 1 to {@value #MAX_ENTRIES}
   * @return a new, empty list, on the system UTC clock
   * @throws IllegalArgumentException if {@code maxTokenLifetime} is not positive or
   *     {@code maxEntries} is out of range
   */
  static SessionRevocations inMemory(Duration maxTokenLifetime, int maxEntries) {
    return inMemory(maxTokenLifetime, maxEntries, Clock.systemUTC());
  }

  /**
   * As {@link #inMemory(Duration, int)}, with the clock that decides when entries expire.
   *
   * @param maxTokenLifetime the longest lifetime ({@code exp - iat}) of the tokens validated
   * @param maxEntries the most sessions and subjects remembered, from 1 to {@value #MAX_ENTRIES}
   * @param clock the time source of the entries' expiry
   * @return a new, empty list
   * @throws IllegalArgumentException if {@code maxTokenLifetime} is not positive or
   *     {@code maxEntries} is out of range
   */
  static SessionRevocations inMemory(Duration maxTokenLifetime, int maxEntries, Clock clock) {
    return new RevocationList(maxTokenLifetime, maxEntries, clock);
  }
}
