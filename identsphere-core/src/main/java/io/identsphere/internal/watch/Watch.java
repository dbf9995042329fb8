package io.identsphere.internal.watch;

import io.identsphere.IdentSphereException;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.jose.Jwk;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.ValidationListener;
import io.identsphere.token.VerifiedToken;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Delivers validation events: to the application's {@link ValidationListener} (which may be null,
 * then nothing is allocated), to JDK Flight Recorder and to {@link System.Logger}. A listener that
 * throws is logged, at most once a minute, and otherwise ignored: it never breaks validation.
 *
 * <p>Stateless apart from the rate limits; thread-safe.
 */
public final class Watch {
  private static final System.Logger TOKENS = System.getLogger("io.identsphere.token.TokenValidator");
  private static final System.Logger LISTENERS = System.getLogger("io.identsphere.token.ValidationListener");
  private static final OncePer LISTENER_FAILURES = new OncePer(Duration.ofMinutes(1), java.time.Clock.systemUTC());

  private Watch() {}

  /**
   * Reports an accepted token.
   *
   * @param l the listener, or null
   * @param token the verified token
   * @param cacheHit whether it came from the cache
   */
  public static void accepted(ValidationListener l, VerifiedToken token, boolean cacheHit) {
    if (l == null) return;
    try {
      l.tokenAccepted(token, cacheHit);
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
  }

  /**
   * Reports a rejected token: a DEBUG log line with the reason and message (never the token), a
   * Flight Recorder event, and the listener.
   *
   * @param l the listener, or null
   * @param e the rejection
   */
  public static void rejected(ValidationListener l, TokenRejectedException e) {
    if (TOKENS.isLoggable(Level.DEBUG)) TOKENS.log(Level.DEBUG, "token rejected, {0}: {1}", e.reason(), e.getMessage());
    TokenRejectedEvent event = new TokenRejectedEvent();
    if (event.shouldCommit()) {
      event.reason = e.reason().name();
      event.message = e.getMessage();
      event.commit();
    }
    if (l == null) return;
    try {
      l.tokenRejected(e);
    } catch (RuntimeException x) {
      listenerFailed(x);
    }
  }

  /**
   * Starts timing one key-set fetch (a Flight Recorder event when recording).
   *
   * @return the fetch, to be finished once
   */
  public static Fetch fetchStarted() {
    return new Fetch();
  }

  /**
   * Reports a successful fetch to the listener.
   *
   * @param l the listener, or null
   * @param keyCount usable keys
   * @param first whether it is the first successful fetch
   */
  public static void keySetFetched(ValidationListener l, int keyCount, boolean first) {
    if (l == null) return;
    try {
      if (first) l.keySetFetched(keyCount); else l.keySetRefreshed(keyCount);
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
  }

  /**
   * Reports a key that appeared or left in a refresh.
   *
   * @param l the listener, or null
   * @param key the key
   * @param added true when it appeared, false when it left
   */
  public static void keyChanged(ValidationListener l, Jwk key, boolean added) {
    if (l == null) return;
    try {
      if (added) l.keyAdded(key); else l.keyRemoved(key);
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
  }

  /**
   * Reports a failed fetch to the listener.
   *
   * @param l the listener, or null
   * @param failure the failure
   */
  public static void keySetFetchFailed(ValidationListener l, IdentSphereException failure) {
    if (l == null) return;
    try {
      l.keySetFetchFailed(failure);
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
  }

  /**
   * Reports keys used past their lifetime to the listener.
   *
   * @param l the listener, or null
   * @param age the keys' age
   */
  public static void servedStale(ValidationListener l, Duration age) {
    if (l == null) return;
    try {
      l.keySetServedStale(age);
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
  }

  /**
   * Reports an unknown {@code kid} to the listener, escaped and shortened.
   *
   * @param l the listener, or null
   * @param keyId the token's {@code kid} (untrusted)
   * @param fetchStarted whether a fetch started
   */
  public static void unknownKeyId(ValidationListener l, String keyId, boolean fetchStarted) {
    if (l == null) return;
    try {
      l.unknownKeyId(Untrusted.escape(keyId, 64), fetchStarted);
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
  }

  /**
   * Reports a completed or failed introspection call.
   *
   * @param l the listener, or null
   * @param active the server's answer (ignored on failure)
   * @param failure the failure, or null when the call completed
   * @param took how long the call took
   */
  public static void introspection(ValidationListener l, boolean active, IdentSphereException failure, Duration took) {
    if (l == null) return;
    try {
      if (failure == null) l.introspected(active, took); else l.introspectionFailed(failure, took);
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
  }

  /**
   * Reports a completed or failed session check.
   *
   * @param l the listener, or null
   * @param active whether the session is active (ignored on failure)
   * @param failure the failure, or null when the check completed
   * @param took how long the check took
   */
  public static void sessionCheck(ValidationListener l, boolean active, IdentSphereException failure, Duration took) {
    if (l == null) return;
    try {
      if (failure == null) l.sessionChecked(active, took); else l.sessionCheckFailed(failure, took);
    } catch (RuntimeException e) {
      listenerFailed(e);
    }
  }

  private static void listenerFailed(RuntimeException e) {
    long suppressed = LISTENER_FAILURES.tryAcquire();
    if (suppressed < 0) return;
    LISTENERS.log(Level.WARNING, "a ValidationListener threw " + e.getClass().getName() + "; ignored"
        + (suppressed > 0 ? " (" + suppressed + " more since the last report)" : ""), e);
  }

  /** One key-set fetch being timed. Not thread-safe: finished once, by the thread that completes it. */
  public static final class Fetch {
    private final KeySetFetchEvent event = new KeySetFetchEvent();

    private Fetch() {
      event.begin();
    }

    /**
     * Records the fetch as successful.
     *
     * @param url the URL fetched, safe for logs
     * @param keys usable keys
     */
    public void succeeded(String url, int keys) {
      event.end();
      if (!event.shouldCommit()) return;
      event.url = url;
      event.succeeded = true;
      event.keys = keys;
      event.commit();
    }

    /**
     * Records the fetch as failed.
     *
     * @param url the URL fetched, safe for logs, or null when it was not known
     * @param failure the failure's message (already safe)
     */
    public void failed(String url, String failure) {
      event.end();
      if (!event.shouldCommit()) return;
      event.url = url;
      event.failure = Untrusted.escape(failure, 500);
      event.commit();
    }
  }
}
