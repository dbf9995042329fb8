package io.identsphere.oidc;

import java.time.Duration;
import java.util.Locale;

/**
 * How long a fetched JWK Set is cached: the response's {@code Cache-Control: max-age}, clamped to
 * [{@code min}, {@code max}]; {@code fallback} (also clamped) without one; {@code min} for
 * {@code no-cache}, {@code no-store} or an invalid {@code max-age}. Immutable and thread-safe.
 */
final class CacheLifetime {
  /** The largest configurable {@code max}, so that instant arithmetic can never overflow. */
  static final Duration LONGEST = Duration.ofDays(30);

  private final Duration min;
  private final Duration max;
  private final Duration fallback;

  CacheLifetime(Duration min, Duration max, Duration fallback) {
    this.min = min;
    this.max = max;
    this.fallback = fallback;
  }

  /**
   * Decides the lifetime of one response.
   *
   * @param cacheControl the {@code Cache-Control} header, or null
   * @return the clamped lifetime
   */
  Duration of(String cacheControl) {
    Duration ttl = fallback;
    boolean noCache = false;
    if (cacheControl != null) {
      for (String part : cacheControl.toLowerCase(Locale.ROOT).split(",", 64)) {
        String p = part.trim();
        if (p.equals("no-store") || p.equals("no-cache")) noCache = true;
        if (p.startsWith("max-age=")) {
          String v = p.substring(8).trim();
          if (v.matches("[0-9]{1,18}")) ttl = Duration.ofSeconds(Long.parseLong(v));
          else if (v.matches("[0-9]+")) ttl = max; // more digits than a long holds: as long as allowed
          else ttl = min; // an invalid max-age means stale (RFC 9111 §5.2.2.1)
        }
      }
    }
    if (noCache) return min;
    if (ttl.compareTo(min) < 0) return min;
    if (ttl.compareTo(max) > 0) return max;
    return ttl;
  }
}
