package io.identsphere.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.jose.KeySource;
import io.identsphere.token.TokenRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The verified-token cache of {@link TokenValidator}: a hit returns the same verified token, the
 * time rules are re-checked at the clock on every hit, a key that left the key source drops its
 * tokens, failures are never cached, memory stays bounded, and concurrent first sightings verify
 * once. Verifications are counted with a listener (a miss reports {@code cacheHit == false}).
 */
class VerifiedTokenCacheTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final long T0 = 1_800_000_000L;

  /** A clock the test moves; millisecond precision. */
  static final class MutableClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochSecond(T0));

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    void set(Instant i) {
      now.set(i);
    }
  }

  /** Counts verifications (misses) and hits. */
  static final class Counting implements ValidationListener {
    final AtomicInteger misses = new AtomicInteger();
    final AtomicInteger hits = new AtomicInteger();
    final List<Reason> rejected = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void tokenAccepted(VerifiedToken token, boolean cacheHit) {
      (cacheHit ? hits : misses).incrementAndGet();
    }

    @Override
    public void tokenRejected(TokenRejectedException rejection) {
      rejected.add(rejection.reason());
    }
  }

  /** A key source whose keys the test replaces. */
  static final class Switchable implements KeySource {
    final AtomicReference<JwkSet> keys;
    final AtomicInteger calls = new AtomicInteger();

    Switchable(JwkSet keys) {
      this.keys = new AtomicReference<>(keys);
    }

    @Override
    public List<Jwk> candidates(Optional<String> keyId) {
      calls.incrementAndGet();
      return keys.get().candidates(keyId);
    }
  }

  final MutableClock clock = new MutableClock();
  final Counting counts = new Counting();
  final Switchable keys = new Switchable(JwkSet.of(hmac()));

  static Jwk hmac() {
    return Jwk.fromSecret(SECRET, "h1", JwsAlgorithm.HS256);
  }

  TokenValidator.Builder builder() {
    return TokenValidator.newBuilder().keySource(keys).allowAlgorithms(JwsAlgorithm.HS256).expectIssuer("https://id")
        .expectAudience("api").clock(clock).clockSkew(Duration.ofSeconds(30)).listener(counts);
  }

  TokenValidator cached() {
    return builder().cacheVerifiedTokens(64, Duration.ofMinutes(10)).build();
  }

  static String token(String sub, long exp, Long nbf) {
    Map<String, Object> c = new HashMap<>();
    c.put("iss", "https://id");
    c.put("aud", "api");
    c.put("sub", sub);
    c.put("exp", exp);
    c.put("roles", List.of("admin", "reader"));
    if (nbf != null) c.put("nbf", nbf);
    return TestTokens.hs256(Map.of("alg", "HS256", "kid", "h1"), c, SECRET);
  }

  @Test
  void validate_sameTokenTwice_secondIsAHitWithTheSameVerifiedToken() {
    TokenValidator v = cached();
    String t = token("alice", T0 + 300, null);
    VerifiedToken first = v.validate(t);
    VerifiedToken second = v.validate(new String(t.toCharArray())); // equal text, another String
    assertThat(second).isSameAs(first);
    assertThat(second.subject()).isEqualTo("alice");
    assertThat(second.user().roles()).containsExactly("admin", "reader");
    assertThat(second.expiresAt()).contains(Instant.ofEpochSecond(T0 + 300));
    assertThat(counts.misses).hasValue(1);
    assertThat(counts.hits).hasValue(1);
    assertThat(v.cachesVerifiedTokens()).isTrue();
  }

  @Test
  void validate_withoutCacheOption_verifiesEveryTime() {
    TokenValidator v = builder().build();
    String t = token("alice", T0 + 300, null);
    assertThat(v.validate(t)).isNotSameAs(v.validate(t));
    assertThat(counts.misses).hasValue(2);
    assertThat(v.cachesVerifiedTokens()).isFalse();
    assertThat(v.toBuilder().cacheVerifiedTokens(8, Duration.ofMinutes(1)).build().toBuilder().noTokenCache().build()
        .cachesVerifiedTokens()).isFalse();
  }

  @Test
  void validate_tokenThatExpiresWhileCached_isRejectedAsExpiredAtTheClock() {
    TokenValidator v = cached();
    String t = token("alice", T0 + 300, null);
    v.validate(t);
    clock.set(Instant.ofEpochSecond(T0 + 330).minusMillis(1)); // exp + skew - 1 ms: still valid
    assertThat(v.validate(t).subject()).isEqualTo("alice");
    assertThat(counts.hits).hasValue(1);
    clock.set(Instant.ofEpochSecond(T0 + 330)); // exp + skew: expired
    assertThatThrownBy(() -> v.validate(t)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    clock.set(Instant.ofEpochSecond(T0)); // back in time: the entry was dropped, validated afresh
    v.validate(t);
    assertThat(counts.misses).hasValue(2);
  }

  @Test
  void validate_cachedTokenWhenClockGoesBackBeforeNbf_isRejectedAsNotYetValid() {
    TokenValidator v = cached();
    String t = token("alice", T0 + 300, T0 - 10);
    v.validate(t);
    clock.set(Instant.ofEpochSecond(T0 - 40)); // nbf - skew: the first valid instant
    assertThat(v.validate(t).subject()).isEqualTo("alice");
    assertThat(counts.hits).hasValue(1);
    clock.set(Instant.ofEpochSecond(T0 - 40).minusMillis(1));
    assertThatThrownBy(() -> v.validate(t)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_YET_VALID));
  }

  @Test
  void validate_afterMaxAge_verifiesAgain() {
    TokenValidator v = builder().cacheVerifiedTokens(64, Duration.ofSeconds(60)).build();
    String t = token("alice", T0 + 3600, null);
    v.validate(t);
    clock.set(Instant.ofEpochSecond(T0 + 59));
    v.validate(t);
    clock.set(Instant.ofEpochSecond(T0 + 60));
    v.validate(t);
    assertThat(counts.hits).hasValue(1);
    assertThat(counts.misses).hasValue(2);
  }

  @Test
  void validate_cachedTokenWhoseKeyLeftTheKeySource_isRejectedAsUnknownKey() {
    TokenValidator v = cached();
    String t = token("alice", T0 + 300, null);
    v.validate(t);
    keys.keys.set(JwkSet.of(Jwk.fromSecret("another secret of 32 bytes length".getBytes(StandardCharsets.US_ASCII),
        "h2", JwsAlgorithm.HS256)));
    assertThatThrownBy(() -> v.validate(t)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    keys.keys.set(JwkSet.of(hmac())); // the same secret back, as a new key: verified again
    assertThat(v.validate(t).subject()).isEqualTo("alice");
    assertThat(counts.misses).hasValue(2);
    assertThat(counts.hits).hasValue(0);
  }

  @Test
  void validate_rejectedToken_isNeverCached() {
    TokenValidator v = cached();
    String good = token("alice", T0 + 300, null);
    String forged = good.substring(0, good.lastIndexOf('.') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> v.validate(forged)).isInstanceOfSatisfying(TokenRejectedException.class,
          e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }
    assertThat(keys.calls).hasValue(2); // verified twice: the failure was not remembered
    keys.keys.set(JwkSet.of(Jwk.fromSecret("another secret of 32 bytes length".getBytes(StandardCharsets.US_ASCII),
        "h2", JwsAlgorithm.HS256)));
    assertThatThrownBy(() -> v.validate(good)).isInstanceOf(TokenRejectedException.class);
    keys.keys.set(JwkSet.of(hmac()));
    assertThat(v.validate(good).subject()).isEqualTo("alice"); // an unknown key earlier does not stick
    assertThat(counts.rejected).containsExactly(Reason.BAD_SIGNATURE, Reason.BAD_SIGNATURE, Reason.UNKNOWN_KEY);
  }

  @Test
  void validate_floodOfDistinctTokens_keepsTheCacheWithinItsSize() throws Exception {
    TokenValidator v = builder().cacheVerifiedTokens(64, Duration.ofMinutes(10)).build();
    for (int i = 0; i < 5_000; i++) v.validate(token("user" + i, T0 + 300, null));
    assertThat(cacheSize(v)).isLessThanOrEqualTo(64);
    assertThat(counts.misses).hasValue(5_000);
  }

  @Test
  void validate_floodOfBadTokens_doesNotEvictGoodOnes() throws Exception {
    TokenValidator v = builder().cacheVerifiedTokens(64, Duration.ofMinutes(10)).build();
    List<String> good = new ArrayList<>();
    for (int i = 0; i < 16; i++) good.add(token("user" + i, T0 + 300, null));
    good.forEach(v::validate);
    List<Object> stored = entries(v);
    for (int i = 0; i < 2_000; i++) {
      String bad = token("mallory" + i, T0 + 300, null) + "x";
      assertThatThrownBy(() -> v.validate(bad)).isInstanceOf(TokenRejectedException.class);
    }
    assertThat(entries(v)).containsExactlyElementsOf(stored); // the very same entries, slot by slot
    assertThat(stored.stream().filter(java.util.Objects::nonNull).count()).isGreaterThanOrEqualTo(8);
  }

  @Test
  void validate_tokenLongerThanTheCacheLimit_isValidatedButNotStored() throws Exception {
    TokenValidator v = cached();
    String t = token("a".repeat(TokenValidator.CACHED_TOKEN_CHARS), T0 + 300, null);
    v.validate(t);
    v.validate(t);
    assertThat(counts.misses).hasValue(2);
    assertThat(cacheSize(v)).isZero();
  }

  @Test
  void validate_concurrentFirstSightingsOfOneToken_verifyItOnce() throws Exception {
    int threads = 8;
    List<Thread> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicBoolean first = new AtomicBoolean(true);
    CountDownLatch othersWaiting = new CountDownLatch(1);
    KeySource slow = keyId -> {
      if (first.compareAndSet(true, false)) { // the one verification: hold it until the others wait for it
        try {
          othersWaiting.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return keys.candidates(keyId);
    };
    TokenValidator v = builder().keySource(slow).cacheVerifiedTokens(64, Duration.ofMinutes(10)).build();
    String t = token("alice", T0 + 300, null);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<VerifiedToken>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          waiting.add(Thread.currentThread());
          start.await();
          return v.validate(t);
        }));
      }
      start.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      // Release once every thread but the verifying one is parked on the shared verification.
      while (System.nanoTime() < deadline) {
        long parked = waiting.stream().filter(th -> th.getState() == Thread.State.WAITING
            || th.getState() == Thread.State.TIMED_WAITING).count();
        if (waiting.size() == threads && parked == threads) break;
        Thread.sleep(5);
      }
      othersWaiting.countDown();
      VerifiedToken one = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<VerifiedToken> f : results) assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(one);
      assertThat(counts.misses).hasValue(1);
      assertThat(counts.hits).hasValue(threads - 1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void validate_concurrentSightingsOfOneBadToken_eachGetTheirOwnRejection() throws Exception {
    TokenValidator v = cached();
    String good = token("alice", T0 + 300, null);
    String bad = good.substring(0, good.lastIndexOf('.') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Throwable>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(pool.submit(() -> {
          try {
            v.validate(bad);
            return null;
          } catch (TokenRejectedException e) {
            return e;
          }
        }));
      }
      List<Throwable> seen = new ArrayList<>();
      for (Future<Throwable> f : results) seen.add(f.get(10, TimeUnit.SECONDS));
      assertThat(seen).allSatisfy(e -> assertThat(((TokenRejectedException) e).reason()).isEqualTo(Reason.BAD_SIGNATURE));
      assertThat(seen).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cacheVerifiedTokens_outOfRangeBounds_areRefused() {
    assertThatThrownBy(() -> builder().cacheVerifiedTokens(0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntries");
    assertThatThrownBy(() -> builder().cacheVerifiedTokens(10, Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
    assertThatThrownBy(() -> builder().cacheVerifiedTokens(10, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  static List<Object> entries(TokenValidator v) throws Exception {
    java.lang.reflect.Field f = TokenValidator.class.getDeclaredField("cache");
    f.setAccessible(true);
    java.lang.reflect.Field e = TokenCache.class.getDeclaredField("entries");
    e.setAccessible(true);
    java.util.concurrent.atomic.AtomicReferenceArray<?> a = (java.util.concurrent.atomic.AtomicReferenceArray<?>) e.get(f.get(v));
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < a.length(); i++) out.add(a.get(i));
    return out;
  }

  static int cacheSize(TokenValidator v) throws Exception {
    java.lang.reflect.Field f = TokenValidator.class.getDeclaredField("cache");
    f.setAccessible(true);
    return ((TokenCache) f.get(v)).size();
  }
}
