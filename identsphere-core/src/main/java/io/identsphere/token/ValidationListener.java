package io.identsphere.token;

import io.identsphere.IdentSphereException;
import io.identsphere.jose.Jwk;
import java.time.Duration;

/**
 * Watches what token validation does: the key set behind it and each token. Every method has an
 * empty default, so a listener implements only what it counts. Register one on a
 * {@link TokenValidator.Builder#listener TokenValidator} (token events) and on a
 * {@code RemoteJwkSet} (key-set events); a listener shared by several sources cannot tell them
 * apart, so register one per source when that matters.
 *
 * <pre>{@code
 * ValidationListener counting = new ValidationListener() {
 *   public void tokenRejected(TokenRejectedException e) { rejected.increment(); }
 * };
 * }</pre>
 *
 * <p>Calls are made on the validating thread (token events) or on the thread that completes a
 * fetch (key-set events), synchronously: keep them short and non-blocking. A listener that throws
 * never breaks validation: the exception is logged (at most once a minute) and dropped. Without a
 * listener nothing is allocated for events.
 *
 * <p><b>Security:</b> no event carries a token; {@code kid}s from tokens are escaped and shortened
 * before they reach {@link #unknownKeyId}. Implementations must be thread-safe.
 */
public interface ValidationListener {
  /**
   * The first successful fetch of a key set.
   *
   * @param keyCount the usable keys in it
   */
  default void keySetFetched(int keyCount) {}

  /**
   * A later successful fetch of a key set (a refresh).
   *
   * @param keyCount the usable keys in it
   */
  default void keySetRefreshed(int keyCount) {}

  /**
   * A fetch of a key set failed; cached keys, if any, keep serving within the outage policy.
   *
   * @param failure what went wrong (its message names the URL, never a secret)
   */
  default void keySetFetchFailed(IdentSphereException failure) {}

  /**
   * Keys past their cache lifetime were used because no fresh ones could be fetched.
   *
   * @param age how long ago the keys were fetched
   */
  default void keySetServedStale(Duration age) {}

  /**
   * A key appeared in a refreshed key set (not reported for the first fetch).
   *
   * @param key the new key
   */
  default void keyAdded(Jwk key) {}

  /**
   * A key left a refreshed key set; tokens it verified are no longer accepted from the cache.
   *
   * @param key the removed key
   */
  default void keyRemoved(Jwk key) {}

  /**
   * A token named a {@code kid} the cached key set does not hold.
   *
   * @param keyId the token's {@code kid}, escaped and at most 64 characters (untrusted text)
   * @param fetchStarted whether it started a fetch of the key set (at most one per cooldown)
   */
  default void unknownKeyId(String keyId, boolean fetchStarted) {}

  /**
   * A token passed every check.
   *
   * @param token the verified token
   * @param cacheHit true when it came from the verified-token cache (no signature verified)
   */
  default void tokenAccepted(VerifiedToken token, boolean cacheHit) {}

  /**
   * A token was refused.
   *
   * @param rejection why; its message never holds the token
   */
  default void tokenRejected(TokenRejectedException rejection) {}

  /**
   * An introspection call (RFC 7662) completed.
   *
   * @param active the server's {@code active} answer
   * @param took how long the call took
   */
  default void introspected(boolean active, Duration took) {}

  /**
   * An introspection call failed (server down, refused, malformed answer).
   *
   * @param failure what went wrong
   * @param took how long the call took
   */
  default void introspectionFailed(IdentSphereException failure, Duration took) {}

  /**
   * A session check with the identity server completed.
   *
   * @param active whether the session is still active
   * @param took how long the call took
   */
  default void sessionChecked(boolean active, Duration took) {}

  /**
   * A session check with the identity server failed.
   *
   * @param failure what went wrong
   * @param took how long the call took
   */
  default void sessionCheckFailed(IdentSphereException failure, Duration took) {}
}
