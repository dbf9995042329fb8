package io.identsphere.token;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The logout-token identifiers ({@code iss} and {@code jti}) seen recently, each remembered until
 * its token would be refused as too old anyway. Bounded: when full, expired identifiers go first,
 * then the oldest. Forgetting one only lets its logout be applied twice, which changes nothing.
 *
 * <p>Thread-safe (synchronized).
 */
final class ReplayCache {
  private final int maxEntries;
  private final Map<String, Long> seen = new LinkedHashMap<>(); // key -> clock millis it may be forgotten at

  ReplayCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /**
   * Records an identifier unless it is already known.
   *
   * @param key the issuer and {@code jti}
   * @param forgetAt clock millis from which the identifier need not be remembered
   * @param now the clock's millis
   * @return true the first time, false for a replay
   */
  synchronized boolean firstSighting(String key, long forgetAt, long now) {
    Long known = seen.get(key);
    if (known != null && known > now) return false;
    if (known == null && seen.size() >= maxEntries) {
      for (Iterator<Long> i = seen.values().iterator(); i.hasNext(); ) if (i.next() <= now) i.remove();
      if (seen.size() >= maxEntries) {
        Iterator<String> oldest = seen.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
    }
    seen.put(key, forgetAt);
    return true;
  }

  synchronized int size() {
    return seen.size();
  }
}
