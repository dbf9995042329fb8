package io.identsphere.dpop;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code jti}s of accepted proofs until their proofs could no longer be accepted anyway.
 * Bounded: at most {@code capacity} entries of a fixed size (a 32-byte hash), so a flood of valid
 * proofs costs at most capacity times about 150 bytes. When it is full of live entries it refuses
 * (fails closed) rather than forgetting a live {@code jti}. Thread-safe (one lock; each call does
 * amortised constant work, plus at most one full sweep per second when full).
 */
final class ReplayCache {
  private final int capacity;
  private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();
  private long lastSweep = Long.MIN_VALUE;

  /** The outcome of {@link #add}. */
  enum Outcome { ADDED, SEEN, FULL }

  ReplayCache(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Records a key unless it is present.
   *
   * @param key the fixed-size key of a proof
   * @param expiresAt when the proof stops being acceptable (the entry may go then)
   * @param now the current time
   * @return whether it was added, seen before, or the cache is full
   */
  synchronized Outcome add(String key, Instant expiresAt, Instant now) {
    Instant old = seen.get(key);
    if (old != null) {
      if (old.isAfter(now)) return Outcome.SEEN;
      seen.remove(key);
    }
    dropExpiredHead(now);
    if (seen.size() >= capacity) {
      long second = now.getEpochSecond();
      if (second != lastSweep) { // entries expire out of insertion order only by the clock skew: rarely needed
        lastSweep = second;
        seen.values().removeIf(e -> !e.isAfter(now));
      }
      if (seen.size() >= capacity) return Outcome.FULL;
    }
    seen.put(key, expiresAt);
    return Outcome.ADDED;
  }

  private void dropExpiredHead(Instant now) {
    Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().isAfter(now)) return;
      it.remove();
    }
  }

  synchronized int size() {
    return seen.size();
  }
}
