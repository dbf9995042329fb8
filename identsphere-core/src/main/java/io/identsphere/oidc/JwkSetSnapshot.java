package io.identsphere.oidc;

import io.identsphere.jose.JwkSet;
import java.time.Duration;
import java.time.Instant;

/**
 * The keys of one fetch of a {@link RemoteJwkSet} and the instants that govern them: a background
 * refresh is due from 80% of the lifetime, and the keys are fresh until the lifetime ends.
 * Immutable and thread-safe.
 */
final class JwkSetSnapshot {
  final JwkSet keys;
  final Instant fetchedAt;
  final Instant refreshAt;
  final Instant expiresAt;

  JwkSetSnapshot(JwkSet keys, Instant fetchedAt, Duration ttl) {
    this.keys = keys;
    this.fetchedAt = fetchedAt;
    this.refreshAt = fetchedAt.plus(ttl.multipliedBy(8).dividedBy(10));
    this.expiresAt = fetchedAt.plus(ttl);
  }

  /** Fresh, or expired no longer than {@code maxStale} after the fetch. */
  boolean usable(Instant now, Duration maxStale) {
    return now.isBefore(expiresAt) || !now.isAfter(fetchedAt.plus(maxStale));
  }
}
