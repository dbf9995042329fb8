package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TestTokens;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Refresh-ahead, expiry and the failure back-off, with a clock the test controls and failing,
 * refusing and hanging servers: the request count, and that no validation waited.
 */
class RemoteJwkSetRefreshTest {
  private final LocalServer server;
  private final RemoteJwkSetTest.MutableClock clock = new RemoteJwkSetTest.MutableClock();
  private final CountDownLatch release = new CountDownLatch(1);

  RemoteJwkSetRefreshTest() throws Exception {
    server = new LocalServer();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
  }

  private static Jwk k1() {
    return Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256);
  }

  private String token() {
    Map<String, Object> c = new HashMap<>();
    c.put("iss", server.base());
    c.put("aud", "api");
    c.put("sub", "u");
    c.put("exp", clock.instant().plus(Duration.ofDays(1)).getEpochSecond());
    return TestTokens.rs256(Map.of("alg", "RS256", "kid", "k1"), c, TestTokens.RSA.getPrivate());
  }

  private void serveKeys(String cacheControl) {
    String body = JwkSet.of(k1()).toPublicJson();
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 200, "application/json", body, Map.of("Cache-Control", cacheControl)));
  }

  private void fail() {
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 503, "text/plain", "down", Map.of()));
  }

  private void hang() {
    server.handlers.put("/jwks", ex -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private RemoteJwkSet.Builder builder() {
    return RemoteJwkSet.newBuilder(URI.create(server.base() + "/jwks")).clock(clock)
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  private TokenValidator validator(RemoteJwkSet keys) {
    return TokenValidator.newBuilder().keySource(keys).expectIssuer(server.base()).expectAudience("api").clock(clock).build();
  }

  /** Validates, returns how long the call took, and waits for any background fetch it started. */
  private static Duration validateAndSettle(TokenValidator v, String token, RemoteJwkSet keys) {
    long start = System.nanoTime();
    assertThat(v.validate(token).subject()).isEqualTo("u");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    keys.pendingFetch().orTimeout(10, TimeUnit.SECONDS).join();
    return took;
  }

  private int hits() {
    return server.hits("/jwks");
  }

  @Test
  void refreshAhead_startsAtExactly80PercentOfTheLifetime_inTheBackground() {
    serveKeys("max-age=100");
    RemoteJwkSet keys = builder().cacheLifetime(Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofMinutes(10)).build();
    TokenValidator v = validator(keys);
    String t = token();
    validateAndSettle(v, t, keys);
    clock.advance(Duration.ofMillis(79_999));
    validateAndSettle(v, t, keys);
    assertThat(hits()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1)); // exactly 80 s of 100
    validateAndSettle(v, t, keys);
    assertThat(hits()).isEqualTo(2);
    clock.advance(Duration.ofMillis(79_999)); // the new keys' 80 % is 80 s after their fetch
    validateAndSettle(v, t, keys);
    assertThat(hits()).isEqualTo(2);
    clock.advance(Duration.ofMillis(1));
    validateAndSettle(v, t, keys);
    assertThat(hits()).isEqualTo(3);
  }

  @Test
  void failingServer_refreshAheadAndExpiredCache_respectTheBackoff_toTheMillisecond() {
    serveKeys("max-age=60");
    RemoteJwkSet keys = builder().outagePolicy(Duration.ofHours(6), Duration.ofSeconds(10)).build();
    TokenValidator v = validator(keys);
    String t = token();
    validateAndSettle(v, t, keys);
    fail();
    clock.advance(Duration.ofSeconds(48)); // refresh-ahead starts and fails at 48 s
    validateAndSettle(v, t, keys);
    assertThat(hits()).isEqualTo(2);
    clock.advance(Duration.ofMillis(9_999));
    validateAndSettle(v, t, keys);
    assertThat(hits()).isEqualTo(2); // 1 ms before the back-off ends
    clock.advance(Duration.ofMillis(1));
    validateAndSettle(v, t, keys);
    assertThat(hits()).isEqualTo(3); // at 58 s exactly
    for (int i = 0; i < 300; i++) { // 30 s more, past expiry at 60 s, every 100 ms
      clock.advance(Duration.ofMillis(100));
      validateAndSettle(v, t, keys);
    }
    assertThat(hits()).isEqualTo(6); // 68, 78 and 88 s: one per 10 s, not one per validation
  }

  @Test
  void hangingServer_noValidationWaits_beforeOrAfterExpiry_andOneRequestIsInFlight() {
    serveKeys("max-age=60");
    RemoteJwkSet keys = builder().build();
    TokenValidator v = validator(keys);
    String t = token();
    validateAndSettle(v, t, keys);
    hang();
    clock.advance(Duration.ofSeconds(47));
    Duration slowest = Duration.ZERO;
    for (int i = 0; i < 160; i++) { // 47 s .. 127 s: refresh-ahead at 48 s hangs, expiry at 60 s
      clock.advance(Duration.ofMillis(500));
      long start = System.nanoTime();
      assertThat(v.validate(t).subject()).isEqualTo("u");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      if (took.compareTo(slowest) > 0) slowest = took;
    }
    assertThat(slowest).isLessThan(Duration.ofSeconds(1)); // the request timeout is 5 s; a noisy VM gets a margin
    assertThat(hits()).isEqualTo(2); // the first fetch and the one hanging refresh
  }

  @Test
  void hangingServer_coldCache_waitsNoLongerThanTheRequestTimeout() {
    hang();
    RemoteJwkSet keys = builder().timeouts(Duration.ofSeconds(2), Duration.ofMillis(600)).build();
    long start = System.nanoTime();
    assertThatThrownBy(keys::warmUp).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(IdentityServerException.Kind.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
    assertThatThrownBy(keys::warmUp).isInstanceOf(IdentityServerException.class); // within the back-off: at once
    assertThat(hits()).isEqualTo(1);
  }

  @Test
  void refusingServer_isAskedOncePerBackoff() throws Exception {
    int refused;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      refused = s.getLocalPort();
    } // closed: connections to it are refused
    serveKeys("max-age=60");
    AtomicReference<URI> target = new AtomicReference<>(URI.create(server.base() + "/jwks"));
    RemoteJwkSet.Builder b = RemoteJwkSet.builderForClient();
    b.clock = clock;
    RemoteJwkSet keys = RemoteJwkSet.discovered(b, () -> CompletableFuture.completedFuture(target.get()));
    TokenValidator v = validator(keys);
    String t = token();
    validateAndSettle(v, t, keys);
    target.set(URI.create("http://127.0.0.1:" + refused + "/jwks"));
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Logger jul = Logger.getLogger(RemoteJwkSet.class.getName());
    Handler h = new Handler() {
      @Override public void publish(LogRecord r) { if (r.getLevel() == Level.WARNING) warnings.add(r); }
      @Override public void flush() { }
      @Override public void close() { }
    };
    jul.addHandler(h);
    try {
      clock.advance(Duration.ofSeconds(48));
      for (int i = 0; i <= 300; i++) { // 48 s .. 78 s, every 100 ms
        validateAndSettle(v, t, keys);
        clock.advance(Duration.ofMillis(100));
      }
    } finally {
      jul.removeHandler(h);
    }
    // Attempts at 48, 58, 68 and 78 s each fail, but outages are logged at most once a minute: the
    // failure at 48 s, and the keys served past their lifetime from 60 s.
    assertThat(warnings).extracting(LogRecord::getMessage)
        .satisfiesExactly(m -> assertThat(m).contains("refresh failed"), m -> assertThat(m).contains("past their lifetime"));
    assertThat(hits()).isEqualTo(1);
  }

  @Test
  void unknownKid_withinTheFailureBackoff_startsNoFetch() {
    serveKeys("max-age=60");
    RemoteJwkSet keys = builder().outagePolicy(Duration.ofHours(6), Duration.ofSeconds(30)).build();
    keys.warmUp();
    fail();
    clock.advance(Duration.ofSeconds(48));
    keys.candidates(Optional.of("k1"));
    keys.pendingFetch().join();
    assertThat(hits()).isEqualTo(2); // the refresh-ahead failed at 48 s: back-off until 78 s
    for (int i = 0; i < 29; i++) { // the 5 s unknown-kid cooldown passes many times, the back-off does not
      clock.advance(Duration.ofSeconds(1));
      assertThat(keys.candidates(Optional.of("new-" + i))).isEmpty();
    }
    assertThat(hits()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(1)); // 78 s
    assertThat(keys.candidates(Optional.of("newest"))).isEmpty();
    assertThat(hits()).isEqualTo(3);
  }

  @Test
  void staleBeyondMaxStale_isUnusable_andWaitsForAFetch() {
    serveKeys("max-age=60");
    RemoteJwkSet keys = builder().outagePolicy(Duration.ofSeconds(90), Duration.ofSeconds(10)).build();
    TokenValidator v = validator(keys);
    String t = token();
    validateAndSettle(v, t, keys);
    fail();
    clock.advance(Duration.ofSeconds(90)); // expired, exactly maxStale old: still usable
    validateAndSettle(v, t, keys);
    clock.advance(Duration.ofSeconds(5)); // within the back-off, beyond maxStale
    assertThatThrownBy(() -> v.validate(t)).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e).hasMessageContaining("95 s old, more than the 90 s allowed"));
    int before = hits();
    clock.advance(Duration.ofSeconds(5)); // back-off over: the validation waits for the (failing) fetch
    assertThatThrownBy(() -> v.validate(t)).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(IdentityServerException.Kind.HTTP_STATUS));
    assertThat(hits()).isEqualTo(before + 1);
    serveKeys("max-age=60");
    clock.advance(Duration.ofSeconds(10));
    assertThat(v.validate(t).subject()).isEqualTo("u"); // healed
  }

  @Test
  void removedKey_keepsValidatingUntilTheBackgroundRefreshCompletes_thenIsUnknown() {
    serveKeys("max-age=60");
    RemoteJwkSet keys = builder().build();
    TokenValidator v = validator(keys);
    String t = token();
    validateAndSettle(v, t, keys);
    String body = JwkSet.of(Jwk.fromPublicKey(TestTokens.OTHER_RSA.getPublic(), "k2", JwsAlgorithm.RS256)).toPublicJson();
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 200, "application/json", body, Map.of()));
    clock.advance(Duration.ofSeconds(61)); // expired: served from the cache while the refresh runs
    validateAndSettle(v, t, keys);
    assertThat(hits()).isEqualTo(2);
    assertThatThrownBy(() -> v.validate(t)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.UNKNOWN_KEY));
  }

  @Test
  void cacheLifetime_clampBoundaries() {
    CacheLifetime l = new CacheLifetime(Duration.ofSeconds(60), Duration.ofSeconds(3600), Duration.ofSeconds(600));
    assertThat(l.of("max-age=59")).isEqualTo(Duration.ofSeconds(60));
    assertThat(l.of("max-age=60")).isEqualTo(Duration.ofSeconds(60));
    assertThat(l.of("max-age=61")).isEqualTo(Duration.ofSeconds(61));
    assertThat(l.of("public, max-age=3599")).isEqualTo(Duration.ofSeconds(3599));
    assertThat(l.of("max-age=3600")).isEqualTo(Duration.ofSeconds(3600));
    assertThat(l.of("max-age=3601")).isEqualTo(Duration.ofSeconds(3600));
    assertThat(l.of("MAX-AGE=120")).isEqualTo(Duration.ofSeconds(120));
    assertThat(l.of("max-age=99999999999999999999999")).isEqualTo(Duration.ofSeconds(3600));
    assertThat(l.of(null)).isEqualTo(Duration.ofSeconds(600));
    assertThat(l.of("public")).isEqualTo(Duration.ofSeconds(600));
    assertThat(l.of("max-age=-1")).isEqualTo(Duration.ofSeconds(60));
    assertThat(l.of("max-age=ten")).isEqualTo(Duration.ofSeconds(60));
    assertThat(l.of("no-store")).isEqualTo(Duration.ofSeconds(60));
    assertThat(l.of("no-cache, max-age=3600")).isEqualTo(Duration.ofSeconds(60));
    assertThat(new CacheLifetime(Duration.ofSeconds(60), Duration.ofSeconds(300), Duration.ofSeconds(600)).of(null))
        .isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void builder_refusesUnboundedSettings() {
    RemoteJwkSet.Builder b = builder();
    assertThatThrownBy(() -> b.unknownKeyCooldown(Duration.ofMillis(999))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.outagePolicy(Duration.ofHours(1), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.outagePolicy(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.cacheLifetime(Duration.ofMinutes(1), Duration.ofDays(31), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(b.unknownKidCooldown).isEqualTo(Duration.ofSeconds(5)); // the default
  }

  @Test
  void unknownKid_isRefusedAsUnknownKey_whenTheFetchFails() {
    serveKeys("max-age=3600");
    RemoteJwkSet keys = builder().build();
    keys.warmUp();
    fail();
    Map<String, Object> c = new HashMap<>();
    c.put("iss", server.base());
    c.put("aud", "api");
    c.put("exp", clock.instant().plusSeconds(60).getEpochSecond());
    String other = TestTokens.rs256(Map.of("alg", "RS256", "kid", "k9"), c, TestTokens.RSA.getPrivate());
    assertThatThrownBy(() -> validator(keys).validate(other)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.UNKNOWN_KEY));
    assertThat(hits()).isEqualTo(2);
  }
}
