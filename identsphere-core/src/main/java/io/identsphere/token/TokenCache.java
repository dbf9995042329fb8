package io.identsphere.token;

import io.identsphere.internal.watch.Watch;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The storage of a validator's verified-token cache: a bounded, two-way set-associative table of
 * successful validations keyed by the whole token text, and beside it a table of validations in
 * progress so that concurrent first sightings of one token verify it once.
 *
 * <p>A slot is picked by a hash of the token's length and its last 32 characters (inside the
 * signature, so they differ between tokens) mixed with a per-cache random seed; a hit needs the
 * whole text to be equal. Each entry remembers the key that verified the token and a window of
 * time, in clock milliseconds, within which the validator's time rules are known to pass (from
 * {@code nbf}/{@code iat} minus the skew to {@code exp} plus the skew, and no longer than the
 * maximum age). Outside it the caller validates the token again, so that the real rules decide and
 * explain; the cache never accepts what validation would refuse. Only validations that succeeded
 * are stored; a validation in progress lives in the second table, which never evicts a stored
 * entry, so a flood of bad tokens cannot empty the cache.
 *
 * <p>Memory: at most {@code maxEntries} rounded up to a power of two entries, each holding a token
 * of at most {@link TokenValidator#CACHED_TOKEN_CHARS} characters with its parsed claims.
 *
 * <p>Thread-safe, lock-free: entries are immutable and published through atomic arrays.
 */
final class TokenCache {
  private final AtomicReferenceArray<Entry> entries;
  private final AtomicReferenceArray<Pending> pending;
  private final int mask; // of the even slot index: entries pair up as (i, i + 1)
  private final int seed = ThreadLocalRandom.current().nextInt() | 1;
  final int maxEntries;
  final long maxAgeMillis;

  TokenCache(int maxEntries, long maxAgeMillis) {
    int slots = Integer.highestOneBit(Math.max(2, maxEntries - 1)) << 1; // a power of two >= maxEntries
    this.entries = new AtomicReferenceArray<>(slots);
    this.pending = new AtomicReferenceArray<>(slots);
    this.mask = slots - 2;
    this.maxEntries = maxEntries;
    this.maxAgeMillis = maxAgeMillis;
  }

  /**
   * Validates a token through the cache: a stored entry within its window whose key the key
   * source still offers is returned as it is; otherwise the token is validated (or the validation
   * another thread runs for it is awaited) and, when it passes, stored.
   *
   * @param token the token
   * @param v the validator that owns this cache
   * @return the verified token
   * @throws TokenRejectedException if validation refuses it
   */
  VerifiedToken validate(String token, TokenValidator v) {
    Objects.requireNonNull(token, "token == null");
    if (token.length() > TokenValidator.CACHED_TOKEN_CHARS) {
      return v.steps.admit(v.steps.validateUncached(token), false);
    }
    Entry e = find(token);
    if (e != null) {
      if (usable(e, v)) return v.steps.admit(e.verified, true);
      remove(e);
    }
    Pending p = inProgress(token);
    if (p == null) {
      Pending mine = new Pending(token);
      p = announce(mine);
      if (p == null) return validateAndStore(token, v, mine);
    }
    return v.steps.admit(await(p), true);
  }

  /** Within its window, and its key still among the key source's candidates (it may throw, as validation would). */
  private static boolean usable(Entry e, TokenValidator v) {
    long now = v.steps.times.nowMillis();
    if (now < e.validFrom || now >= e.validUntil) return false;
    if (v.steps.signature.keySource instanceof JwkSet) return true; // immutable: its keys never leave
    List<Jwk> keys = v.steps.signature.keySource.candidates(e.keyId);
    for (int i = 0; i < keys.size(); i++) { // indexed: no iterator on the hit path
      if (keys.get(i) == e.key) return true;
    }
    return false;
  }

  private VerifiedToken validateAndStore(String token, TokenValidator v, Pending mine) {
    try {
      // Another thread may have stored it and withdrawn its announcement since this one looked.
      Entry again = find(token);
      if (again != null && usable(again, v)) {
        v.steps.refuseRevoked(again.verified);
        mine.result.complete(again.verified);
        Watch.accepted(v.steps.listener, again.verified, true);
        return again.verified;
      }
      CompactJws jws = v.steps.signature.verify(token);
      v.steps.expectations.checkType(jws.type);
      Map<String, Object> claims = jws.claims();
      VerifiedToken t = v.steps.checkClaims(jws, claims);
      v.steps.refuseRevoked(t); // before it is stored: a revoked token never enters the cache
      long now = v.steps.times.nowMillis();
      long until = Math.min(v.steps.times.validUntilMillis(claims), now + maxAgeMillis);
      if (jws.key != null) put(new Entry(token, t, jws.key, v.steps.times.validFromMillis(claims), until), now);
      mine.result.complete(t);
      Watch.accepted(v.steps.listener, t, false);
      return t;
    } catch (Throwable x) {
      mine.result.completeExceptionally(x);
      throw x;
    } finally {
      finished(mine); // after put: whoever misses the announcement finds the entry
    }
  }

  /** The outcome of another thread's validation of the same token; a rejection is this caller's own copy. */
  private static VerifiedToken await(Pending p) {
    try {
      return p.result.join();
    } catch (CompletionException ce) {
      Throwable c = ce.getCause();
      if (c instanceof TokenRejectedException) {
        TokenRejectedException r = (TokenRejectedException) c;
        throw new TokenRejectedException(r.reason(), r.getMessage());
      }
      if (c instanceof RuntimeException) throw (RuntimeException) c;
      if (c instanceof Error) throw (Error) c;
      throw ce;
    }
  }

  /** A stored validation. Immutable. */
  static final class Entry {
    final String token;
    final VerifiedToken verified;
    final Jwk key; // the key that verified it: a hit needs it still among the key source's candidates
    final Optional<String> keyId; // the token's kid, as the key source is asked
    final long validFrom; // clock millis, inclusive
    final long validUntil; // clock millis, exclusive

    Entry(String token, VerifiedToken verified, Jwk key, long validFrom, long validUntil) {
      this.token = token;
      this.verified = verified;
      this.key = key;
      this.keyId = verified.keyId();
      this.validFrom = validFrom;
      this.validUntil = validUntil;
    }
  }

  /** A validation in progress, which others with the same token wait for. */
  static final class Pending {
    final String token;
    final CompletableFuture<VerifiedToken> result = new CompletableFuture<>();

    Pending(String token) {
      this.token = token;
    }
  }

  private int slot(String token) {
    int n = token.length();
    int h = n * seed;
    for (int i = Math.max(0, n - 32); i < n; i++) h = (h ^ token.charAt(i)) * 0x01000193;
    h ^= h >>> 16;
    h *= seed;
    return (h ^ (h >>> 15)) & mask;
  }

  /**
   * The stored entry with exactly this text, or null.
   *
   * @param token the token
   * @return the entry, in or out of its window, or null
   */
  Entry find(String token) {
    int i = slot(token);
    Entry e = entries.get(i);
    if (e != null && e.token.equals(token)) return e;
    e = entries.get(i + 1);
    return e != null && e.token.equals(token) ? e : null;
  }

  /** Stores an entry over an empty slot, an entry out of its window, or the one that ends sooner. */
  void put(Entry fresh, long now) {
    int i = slot(fresh.token);
    Entry a = entries.get(i);
    Entry b = entries.get(i + 1);
    int victim;
    if (a == null || a.token.equals(fresh.token) || a.validUntil <= now) {
      victim = i;
    } else if (b == null || b.token.equals(fresh.token) || b.validUntil <= now) {
      victim = i + 1;
    } else {
      victim = a.validUntil <= b.validUntil ? i : i + 1;
    }
    entries.set(victim, fresh); // a racing put may win instead: either way a valid entry is stored
  }

  /** Drops this entry if it is still stored (it left its window or its key left the key set). */
  void remove(Entry e) {
    int i = slot(e.token);
    if (!entries.compareAndSet(i, e, null)) entries.compareAndSet(i + 1, e, null);
  }

  /**
   * The validation of this token in progress, or null.
   *
   * @param token the token
   * @return the validation another thread runs, or null
   */
  Pending inProgress(String token) {
    Pending p = pending.get(slot(token));
    return p != null && p.token.equals(token) ? p : null;
  }

  /**
   * Announces a validation, so that others with the same token wait for it, unless another
   * validation of it was announced first.
   *
   * @param mine the validation this thread will run
   * @return null when announced (or when the slot is busy with another token: then no one waits
   *     for it), otherwise the validation of this token already in progress
   */
  Pending announce(Pending mine) {
    int i = slot(mine.token);
    Pending cur = pending.get(i);
    if (cur != null && cur.token.equals(mine.token)) return cur;
    if (pending.compareAndSet(i, cur, mine)) return null;
    Pending now = pending.get(i);
    return now != null && now.token.equals(mine.token) ? now : null;
  }

  /** Withdraws a finished validation. */
  void finished(Pending mine) {
    pending.compareAndSet(slot(mine.token), mine, null);
  }

  /**
   * Drops the stored entries whose validation matches.
   *
   * @param which chooses the entries to drop
   * @return how many were dropped
   */
  int evictIf(Predicate<? super VerifiedToken> which) {
    int n = 0;
    for (int i = 0; i < entries.length(); i++) {
      Entry e = entries.get(i);
      if (e != null && which.test(e.verified) && entries.compareAndSet(i, e, null)) n++;
    }
    return n;
  }

  /** The stored entries, for tests: at most the table's size. */
  int size() {
    int n = 0;
    for (int i = 0; i < entries.length(); i++) if (entries.get(i) != null) n++;
    return n;
  }
}
