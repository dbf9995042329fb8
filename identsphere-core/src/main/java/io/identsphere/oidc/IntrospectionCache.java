package io.identsphere.oidc;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers of an {@link IntrospectingVerifier}, keyed by the SHA-256 of the token (the token
 * itself is never kept), each until its own deadline, at most {@code maxEntries} (least recently
 * used first out). Outages are never stored.
 *
 * <p>Thread-safe.
 */
final class IntrospectionCache {
  /** A judged answer: a verified token, or why the token is refused; valid until {@code until}. */
  static final class Entry {
    final VerifiedToken token;
    final TokenRejectedException.Reason reason;
    final String message;
    final Instant until;

    private Entry(VerifiedToken token, TokenRejectedException.Reason reason, String message, Instant until) {
      this.token = token;
      this.reason = reason;
      this.message = message;
      this.until = until;
    }

    static Entry accepted(VerifiedToken token, Instant until) {
      return new Entry(token, null, null, until);
    }

    static Entry refused(TokenRejectedException e, Instant until) {
      return new Entry(null, e.reason(), e.getMessage(), until);
    }

    /** The token, or the refusal thrown afresh. */
    VerifiedToken get() {
      if (token != null) return token;
      throw new TokenRejectedException(reason, message);
    }
  }

  private final Map<String, Entry> entries;

  IntrospectionCache(int maxEntries) {
    this.entries = new LinkedHashMap<>(Math.min(maxEntries, 1024), 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** The entry for a key that is still valid at {@code now}, else null (an outdated one is dropped). */
  synchronized Entry get(String key, Instant now) {
    Entry e = entries.get(key);
    if (e == null) return null;
    if (now.isBefore(e.until)) return e;
    entries.remove(key);
    return null;
  }

  /** Stores an entry unless its deadline has already passed. */
  synchronized void put(String key, Entry e, Instant now) {
    if (now.isBefore(e.until)) entries.put(key, e); else entries.remove(key);
  }

  synchronized int size() {
    return entries.size();
  }

  static String key(String token) {
    try {
      return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
