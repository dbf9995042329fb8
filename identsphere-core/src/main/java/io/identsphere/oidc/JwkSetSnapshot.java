package io.identsphere.oidc;

import io.identsphere.internal.watch.Watch;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.token.ValidationListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  private JwkSetSnapshot(JwkSet keys, JwkSetSnapshot times) {
    this.keys = keys;
    this.fetchedAt = times.fetchedAt;
    this.refreshAt = times.refreshAt;
    this.expiresAt = times.expiresAt;
  }

  /** The same fetch with other key instances (the previous fetch's, for keys that did not change). */
  JwkSetSnapshot withKeys(JwkSet keys) {
    return new JwkSetSnapshot(keys, this);
  }

  /** Fresh, or expired no longer than {@code maxStale} after the fetch. */
  boolean usable(Instant now, Duration maxStale) {
    return now.isBefore(expiresAt) || !now.isAfter(fetchedAt.plus(maxStale));
  }

  /**
   * A fresh fetch with the previous fetch's instance of every key whose public JSON did not change
   * (so a verified-token cache, which remembers key instances, keeps their tokens), reporting the
   * first fetch, keys added and keys removed to the listener.
   *
   * @param before the previous fetch, or null
   * @param fresh the new fetch
   * @param listener told of the differences, or null
   * @return the snapshot to keep
   */
  static JwkSetSnapshot carryOver(JwkSetSnapshot before, JwkSetSnapshot fresh, ValidationListener listener) {
    List<Jwk> now = fresh.keys.keys();
    if (before == null) {
      Watch.keySetFetched(listener, now.size(), true);
      return fresh;
    }
    Map<String, Jwk> previous = new LinkedHashMap<>();
    for (Jwk k : before.keys.keys()) previous.putIfAbsent(k.toPublicJson(), k);
    List<Jwk> merged = new ArrayList<>(now.size());
    List<Jwk> added = new ArrayList<>();
    for (Jwk k : now) {
      Jwk same = previous.remove(k.toPublicJson());
      merged.add(same != null ? same : k);
      if (same == null) added.add(k);
    }
    JwkSetSnapshot result = added.size() == now.size() ? fresh : fresh.withKeys(JwkSet.of(merged));
    for (Jwk k : added) Watch.keyChanged(listener, k, true);
    for (Jwk k : previous.values()) Watch.keyChanged(listener, k, false);
    Watch.keySetFetched(listener, now.size(), false);
    return result;
  }
}
