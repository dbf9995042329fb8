package io.identsphere.oidc;

import io.identsphere.IdentSphereException;
import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.watch.Watch;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenVerifier;
import io.identsphere.token.ValidationListener;
import io.identsphere.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** Local validation plus "is it still active?" at the identity server, cached by token hash. */
final class SessionCheck implements TokenVerifier {
  private static final int MAX_ENTRIES = 10_000;
  private final TokenVerifier local;
  private final Predicate<String> active;
  private final Duration ttl;
  private final Clock clock;
  private final ValidationListener listener; // or null
  private final Map<String, Instant> confirmed = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  /** Local validation by the client's access-token validator, then introspection or {@code /v1/users/me}. */
  static SessionCheck create(IdentSphereClient client, Duration cacheTtl, ValidationListener listener) {
    return new SessionCheck(client.accessTokenValidator(), token -> {
      // A validate-only client (no client id) cannot introspect: it asks IdentSphere's /v1/users/me.
      if (client.clientId() != null && client.metadata().introspectionEndpoint().isPresent()) {
        return client.introspect(token).active();
      }
      try {
        client.api().me(null, token);
        return true;
      } catch (IdentityServerException e) {
        if (e.status().isPresent() && (e.status().getAsInt() == 401 || e.status().getAsInt() == 403)) return false;
        throw e;
      }
    }, cacheTtl, client.clock(), listener);
  }

  SessionCheck(TokenVerifier local, Predicate<String> active, Duration ttl, Clock clock, ValidationListener listener) {
    this.listener = listener;
    this.local = local;
    this.active = active;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public VerifiedToken verify(String token) {
    VerifiedToken t = local.verify(token);
    String key = hash(token);
    Instant now = clock.instant();
    synchronized (confirmed) {
      Instant at = confirmed.get(key);
      if (at != null && now.isBefore(at.plus(ttl))) return t;
    }
    long start = System.nanoTime();
    boolean isActive;
    try {
      isActive = active.test(token);
    } catch (IdentSphereException e) {
      Watch.sessionCheck(listener, false, e, Duration.ofNanos(System.nanoTime() - start));
      throw e;
    }
    Watch.sessionCheck(listener, isActive, null, Duration.ofNanos(System.nanoTime() - start));
    if (!isActive) {
      synchronized (confirmed) {
        confirmed.remove(key);
      }
      throw new TokenRejectedException(TokenRejectedException.Reason.INACTIVE,
          "the identity server says the token is no longer active (revoked or logged out)");
    }
    synchronized (confirmed) {
      confirmed.put(key, now);
    }
    return t;
  }

  private static String hash(String token) {
    try {
      return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
