package io.identsphere.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory {@link SessionRevocations}: a map from (kind, issuer, sid or sub) to the logout
 * time, each entry dropped once no token it can refuse is still valid, and a watermark that takes
 * over the oldest entry when the map is full (failing closed).
 *
 * <p>Thread-safe: a concurrent map; revocations and the watermark are serialized by a lock, lookups
 * take none and allocate nothing while the list is empty.
 */
final class RevocationList implements SessionRevocations {
  private final Map<Key, Instant> entries = new ConcurrentHashMap<>();
  private final Duration keep; // the longest a revoked token can still pass the time rules
  private final int maxEntries;
  private final Clock clock;
  private volatile Instant watermark; // refuses every token issued at or before it; null: none
  private final Object lock = new Object();

  RevocationList(Duration maxTokenLifetime, int maxEntries, Clock clock) {
    Objects.requireNonNull(maxTokenLifetime, "maxTokenLifetime == null");
    if (maxTokenLifetime.isNegative() || maxTokenLifetime.isZero()) {
      throw new IllegalArgumentException("maxTokenLifetime must be positive: " + maxTokenLifetime);
    }
    if (maxEntries < 1 || maxEntries > MAX_ENTRIES) {
      throw new IllegalArgumentException("maxEntries must be in [1, " + MAX_ENTRIES + "]: " + maxEntries);
    }
    this.keep = maxTokenLifetime.plus(TokenValidator.MAX_CLOCK_SKEW);
    this.maxEntries = maxEntries;
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /** The (kind, issuer, value) an entry is stored under. */
  private record Key(boolean session, String issuer, String value) {}

  @Override
  public void revokeSession(String issuer, String sessionId, Instant loggedOutAt) {
    put(new Key(true, Objects.requireNonNull(issuer, "issuer == null"), Objects.requireNonNull(sessionId, "sessionId == null")),
        loggedOutAt);
  }

  @Override
  public void revokeSubject(String issuer, String subject, Instant loggedOutAt) {
    put(new Key(false, Objects.requireNonNull(issuer, "issuer == null"), Objects.requireNonNull(subject, "subject == null")),
        loggedOutAt);
  }

  private void put(Key key, Instant at) {
    Objects.requireNonNull(at, "loggedOutAt == null");
    Instant now = clock.instant();
    if (expired(at, now)) return; // every token it could refuse has expired
    synchronized (lock) {
      entries.merge(key, at, (a, b) -> a.isAfter(b) ? a : b); // the later logout refuses more
      if (entries.size() <= maxEntries) return;
      entries.values().removeIf(t -> expired(t, now));
      while (entries.size() > maxEntries) foldOldest();
    }
  }

  /** Moves the entry with the earliest logout into the watermark (holding the lock). */
  private void foldOldest() {
    Map.Entry<Key, Instant> oldest = null;
    for (Map.Entry<Key, Instant> e : entries.entrySet()) {
      if (oldest == null || e.getValue().isBefore(oldest.getValue())) oldest = e;
    }
    if (oldest == null) return;
    entries.remove(oldest.getKey());
    Instant w = watermark;
    if (w == null || oldest.getValue().isAfter(w)) watermark = oldest.getValue();
  }

  private boolean expired(Instant loggedOutAt, Instant now) {
    return !now.isBefore(loggedOutAt.plus(keep));
  }

  @Override
  public boolean isRevoked(VerifiedToken token) {
    Instant w = watermark;
    if (w == null && entries.isEmpty()) return false; // the common case: nothing allocated
    Optional<Instant> iat = token.user().issuedAt();
    Instant now = clock.instant();
    if (w != null) {
      if (expired(w, now)) {
        synchronized (lock) {
          if (watermark == w) watermark = null;
        }
      } else if (issuedBy(iat, w)) {
        return true;
      }
    }
    if (entries.isEmpty()) return false;
    String issuer = token.issuer().orElse("");
    Object sid = token.claims().get("sid");
    return (sid instanceof String && refuses(new Key(true, issuer, (String) sid), iat, now))
        || refuses(new Key(false, issuer, token.subject()), iat, now);
  }

  private boolean refuses(Key key, Optional<Instant> iat, Instant now) {
    Instant at = entries.get(key);
    if (at == null) return false;
    if (expired(at, now)) {
      entries.remove(key, at);
      return false;
    }
    return issuedBy(iat, at);
  }

  /** Issued at or before {@code at}; a token without {@code iat} cannot show it was issued later. */
  private static boolean issuedBy(Optional<Instant> iat, Instant at) {
    return iat.isEmpty() || !iat.get().isAfter(at);
  }

  /** The live entries, for tests. */
  int size() {
    Instant now = clock.instant();
    int n = 0;
    for (Iterator<Instant> i = entries.values().iterator(); i.hasNext(); ) if (!expired(i.next(), now)) n++;
    return n;
  }

  /** The watermark, for tests. */
  Optional<Instant> watermark() {
    return Optional.ofNullable(watermark);
  }
}
