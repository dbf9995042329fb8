package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TestTokens;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;
import java.net.URI;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteJwkSetTest {
  static final class MutableClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T12:00:00Z"));

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  }

  private final LocalServer server;
  private final MutableClock clock = new MutableClock();
  private static final KeyPair K2 = TestTokens.generate("RSA", 2048);

  RemoteJwkSetTest() throws Exception {
    server = new LocalServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String iss() {
    return server.base();
  }

  private static String jwks(Jwk... keys) {
    return JwkSet.of(keys).toPublicJson();
  }

  private static Jwk k1() {
    return Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256);
  }

  private static Jwk k2() {
    return Jwk.fromPublicKey(K2.getPublic(), "k2", JwsAlgorithm.RS256);
  }

  private String token(String kid, KeyPair kp, String sub) {
    Map<String, Object> c = new HashMap<>();
    c.put("iss", iss());
    c.put("aud", "api");
    c.put("sub", sub);
    c.put("exp", clock.instant().plusSeconds(3600).getEpochSecond());
    return TestTokens.rs256(Map.of("alg", "RS256", "kid", kid), c, kp.getPrivate());
  }

  private void serveJwks(String body, String cacheControl) {
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 200, "application/json", body,
        cacheControl == null ? Map.of() : Map.of("Cache-Control", cacheControl)));
  }

  private RemoteJwkSet remote(java.util.function.Consumer<RemoteJwkSet.Builder> opts) {
    RemoteJwkSet.Builder b = RemoteJwkSet.newBuilder(URI.create(server.base() + "/jwks")).clock(clock)
        .timeouts(Duration.ofSeconds(2), Duration.ofMillis(800));
    opts.accept(b);
    return b.build();
  }

  private TokenValidator validator(RemoteJwkSet keys) {
    return TokenValidator.newBuilder().keySource(keys).expectIssuer(iss()).expectAudience("api").clock(clock).build();
  }

  @Test
  void coldCache_thousandConcurrentValidations_makeOneDiscoveryAndOneJwksRequest() throws Exception {
    server.discovery(iss());
    server.handlers.put("/jwks", ex -> {
      try {
        Thread.sleep(200); // keep the fetch in flight while the others arrive
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      LocalServer.send(ex, 200, "application/json", jwks(k1()), Map.of());
    });
    IdentSphereClient client = IdentSphereClient.newBuilder(iss()).clientId("web").audience("api").clock(clock).build();
    TokenValidator v = client.accessTokenValidator();
    String t = token("k1", TestTokens.RSA, "u");
    ExecutorService pool = Executors.newFixedThreadPool(64);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return v.validate(t).subject();
        }));
      }
      go.countDown();
      for (Future<String> f : results) assertThat(f.get()).isEqualTo("u");
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.hits("/.well-known/openid-configuration")).isEqualTo(1);
    assertThat(server.hits("/jwks")).isEqualTo(1);
  }

  @Test
  void ttl_comesFromMaxAge_clampedToMinimum() {
    serveJwks(jwks(k1()), "public, max-age=5");
    RemoteJwkSet keys = remote(b -> b.cacheLifetime(Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofMinutes(10)));
    TokenValidator v = validator(keys);
    String t = token("k1", TestTokens.RSA, "u");
    v.validate(t);
    clock.advance(Duration.ofSeconds(30)); // beyond max-age 5 s, within the 60 s minimum
    v.validate(t);
    assertThat(server.hits("/jwks")).isEqualTo(1);
    clock.advance(Duration.ofSeconds(31)); // past 60 s: the cached keys serve while a refresh runs in the background
    assertThat(v.validate(t).subject()).isEqualTo("u");
    keys.pendingFetch().join();
    assertThat(server.hits("/jwks")).isEqualTo(2);
  }

  @Test
  void unknownKidFlood_refreshesOncePerCooldown_andKnownKeysKeepWorking() {
    serveJwks(jwks(k1()), "max-age=3600");
    RemoteJwkSet keys = remote(b -> b.unknownKeyCooldown(Duration.ofSeconds(30)));
    TokenValidator v = validator(keys);
    String good = token("k1", TestTokens.RSA, "u");
    v.validate(good);
    for (int i = 0; i < 200; i++) {
      String bogus = token("bogus-" + i, TestTokens.RSA, "u");
      assertThatThrownBy(() -> v.validate(bogus)).isInstanceOfSatisfying(TokenRejectedException.class,
          e -> assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.UNKNOWN_KEY));
      assertThat(v.validate(good).subject()).isEqualTo("u");
    }
    assertThat(server.hits("/jwks")).isEqualTo(2); // the first fetch, and one refresh for all bogus kids
  }

  @Test
  void rotation_newKidIsPickedUp_andRemovedKeyStopsValidatingAfterRefresh() {
    serveJwks(jwks(k1()), "max-age=120");
    RemoteJwkSet keys = remote(b -> b.unknownKeyCooldown(Duration.ofSeconds(5)));
    TokenValidator v = validator(keys);
    String old = token("k1", TestTokens.RSA, "old");
    v.validate(old);
    serveJwks(jwks(k2()), "max-age=120"); // k1 retired, k2 introduced
    assertThat(v.validate(token("k2", K2, "new")).subject()).isEqualTo("new");
    assertThatThrownBy(() -> v.validate(old)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.UNKNOWN_KEY));
  }

  @Test
  void outage_staleKeysServeUntilMaxStale_thenFail_andRecoveryHeals() {
    serveJwks(jwks(k1()), "max-age=60");
    RemoteJwkSet keys = remote(b -> b.outagePolicy(Duration.ofMinutes(10), Duration.ofSeconds(10)));
    TokenValidator v = validator(keys);
    String t = token("k1", TestTokens.RSA, "u");
    v.validate(t);
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 503, "text/plain", "down", Map.of()));
    clock.advance(Duration.ofMinutes(5));
    assertThat(v.validate(t).subject()).isEqualTo("u"); // stale but allowed
    clock.advance(Duration.ofMinutes(6)); // 11 min old > 10 min max stale
    assertThatThrownBy(() -> v.validate(t)).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.kind()).isEqualTo(IdentityServerException.Kind.HTTP_STATUS);
      assertThat(e.getMessage()).contains("more than the 600 s allowed");
    });
    serveJwks(jwks(k1()), "max-age=60");
    clock.advance(Duration.ofSeconds(11)); // past the failure backoff
    assertThat(v.validate(t).subject()).isEqualTo("u");
  }

  @Test
  void failures_areTyped() {
    RemoteJwkSet keys = remote(b -> { });
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 200, "application/json", "{\"keys\":[", Map.of()));
    assertThatThrownBy(keys::warmUp).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(IdentityServerException.Kind.MALFORMED_RESPONSE));

    RemoteJwkSet big = remote(b -> b.maxResponseBytes(2048));
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 200, "application/json", "{\"keys\":[],\"x\":\"" + "a".repeat(5000) + "\"}", Map.of()));
    assertThatThrownBy(big::warmUp).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(IdentityServerException.Kind.RESPONSE_TOO_LARGE));

    RemoteJwkSet redirected = remote(b -> { });
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 302, null, "", Map.of("Location", "http://127.0.0.1:1/evil")));
    assertThatThrownBy(redirected::warmUp).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(IdentityServerException.Kind.REDIRECT_REFUSED));

    RemoteJwkSet slow = remote(b -> { });
    server.handlers.put("/jwks", ex -> {
      try {
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    long start = System.nanoTime();
    assertThatThrownBy(slow::warmUp).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(IdentityServerException.Kind.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));

    RemoteJwkSet wrongType = remote(b -> { });
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 200, "text/html", "<html>", Map.of()));
    assertThatThrownBy(wrongType::warmUp).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e).hasMessageContaining("expected application/json"));
  }

  @Test
  void unreachable_isTyped() {
    RemoteJwkSet keys = RemoteJwkSet.newBuilder(URI.create("http://127.0.0.1:1/jwks")).build();
    assertThatThrownBy(keys::warmUp).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(IdentityServerException.Kind.UNREACHABLE));
  }

  @Test
  void publishedHmacSecrets_areNeverUsed() {
    byte[] secret = new byte[32];
    serveJwks("{\"keys\":[{\"kty\":\"oct\",\"kid\":\"s\",\"k\":\"" + io.identsphere.internal.jose.Base64Url.encode(secret) + "\"}]}", null);
    RemoteJwkSet keys = remote(b -> { });
    Map<String, Object> c = new HashMap<>();
    c.put("iss", iss());
    c.put("aud", "api");
    c.put("exp", clock.instant().plusSeconds(60).getEpochSecond());
    String t = TestTokens.hs256(Map.of("alg", "HS256", "kid", "s"), c, secret);
    TokenValidator v = TokenValidator.newBuilder().keySource(keys).expectIssuer(iss()).expectAudience("api").clock(clock)
        .allowAlgorithms(JwsAlgorithm.HS256).build();
    assertThatThrownBy(() -> v.validate(t)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.UNKNOWN_KEY));
  }

  @Test
  void plainHttpToNonLoopback_isRefused() {
    assertThatThrownBy(() -> RemoteJwkSet.newBuilder(URI.create("http://id.example.com/jwks")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be HTTPS");
  }
}
