package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.token.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RemoteJwkSet.Builder}'s options at their documented limits, each limit itself accepted and
 * applied, and the public refresh and description of the cache; through the public API only.
 */
class RemoteJwkSetOptionsTest {
  private static final Duration THIRTY_DAYS = Duration.ofDays(30);
  private final LocalServer server;
  private final RemoteJwkSetTest.MutableClock clock = new RemoteJwkSetTest.MutableClock();

  RemoteJwkSetOptionsTest() throws Exception {
    server = new LocalServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Jwk k1() {
    return Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256);
  }

  private RemoteJwkSet.Builder builder() {
    return RemoteJwkSet.newBuilder(URI.create(server.base() + "/jwks")).clock(clock)
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  private void serve(String body) {
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 200, "application/json", body, Map.of()));
  }

  @Test
  void cacheLifetime_acceptsMaxEqualToMin_andExactlyThirtyDays_refusesMoreOrLess() {
    assertThat(builder().cacheLifetime(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1)).build()).isNotNull();
    assertThat(builder().cacheLifetime(Duration.ofMinutes(1), THIRTY_DAYS, Duration.ofMinutes(1)).build()).isNotNull();
    assertThatThrownBy(() -> builder().cacheLifetime(Duration.ofMinutes(1), THIRTY_DAYS.plusNanos(1), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("max > 30 days: PT720H0.000000001S");
    assertThatThrownBy(() -> builder().cacheLifetime(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("max < min");
    assertThatThrownBy(() -> builder().cacheLifetime(Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("min must be positive");
    assertThatThrownBy(() -> builder().cacheLifetime(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("fallback must be positive");
  }

  @Test
  void unknownKeyCooldown_ofExactlyOneSecond_isAccepted_lessIsRefused() {
    assertThat(builder().unknownKeyCooldown(Duration.ofSeconds(1)).build()).isNotNull();
    assertThatThrownBy(() -> builder().unknownKeyCooldown(Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("unknownKeyCooldown must be at least 1 s: PT0.999S");
  }

  @Test
  void outagePolicy_acceptsZeroAndThirtyDaysOfStaleness_refusesBeyond() {
    assertThat(builder().outagePolicy(Duration.ZERO, Duration.ofSeconds(1)).build()).isNotNull();
    assertThat(builder().outagePolicy(THIRTY_DAYS, Duration.ofSeconds(1)).build()).isNotNull();
    assertThatThrownBy(() -> builder().outagePolicy(THIRTY_DAYS.plusNanos(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxStale must be in [0, 30 days]: PT720H0.000000001S");
    assertThatThrownBy(() -> builder().outagePolicy(Duration.ofNanos(-1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxStale must be in [0, 30 days]: PT-0.000000001S");
    assertThatThrownBy(() -> builder().outagePolicy(Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("backoff must be positive");
  }

  @Test
  void maxStaleOfZero_servesNoKeyPastItsLifetime_whenTheServerIsDown() {
    serve(JwkSet.of(k1()).toPublicJson());
    RemoteJwkSet keys = builder().cacheLifetime(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1))
        .outagePolicy(Duration.ZERO, Duration.ofSeconds(1)).build();
    assertThat(keys.candidates(Optional.of("k1"))).hasSize(1);
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 503, "text/plain", "down", Map.of()));
    clock.advance(Duration.ofSeconds(60));
    String expected = "JWK Set could not be refreshed and the cached keys are 60 s old, more than the 0 s allowed: JWK Set at "
        + server.base() + "/jwks answered HTTP 503";
    assertThatThrownBy(() -> keys.candidates(Optional.of("k1"))).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
      assertThat(e.status()).hasValue(503);
      assertThat(e.getMessage()).isEqualTo(expected);
    });
    // Within the back-off the server is not asked again, and the answer still says how old the keys are.
    clock.advance(Duration.ofMillis(500));
    assertThatThrownBy(() -> keys.candidates(Optional.of("k1"))).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
      assertThat(e.getMessage()).isEqualTo(expected);
    });
    assertThat(server.hits("/jwks")).isEqualTo(2);
  }

  @Test
  void aThreadInterruptedWhileWaitingForAColdCache_failsTyped_andKeepsItsInterruptStatus() {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    server.handlers.put("/jwks", ex -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    RemoteJwkSet keys = builder().build();
    try {
      Thread.currentThread().interrupt();
      assertThatThrownBy(keys::warmUp).isInstanceOfSatisfying(IdentityServerException.class, e -> {
        assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(e.getMessage()).isEqualTo("interrupted while waiting for the identity server");
      });
      assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
    } finally {
      Thread.interrupted();
      release.countDown();
    }
  }

  @Test
  void aFailedRefresh_logsOneWarning_sayingWhetherCachedKeysAreStillUsed() {
    java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger(RemoteJwkSet.class.getName());
    java.util.logging.Handler h = new java.util.logging.Handler() {
      @Override public void publish(java.util.logging.LogRecord r) {
        lines.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
      }
      @Override public void flush() { }
      @Override public void close() { }
    };
    jul.addHandler(h);
    try {
      server.handlers.put("/jwks", ex -> LocalServer.send(ex, 503, "text/plain", "down", Map.of()));
      RemoteJwkSet keys = builder().outagePolicy(Duration.ofHours(1), Duration.ofSeconds(1)).build();
      assertThatThrownBy(keys::warmUp).isInstanceOf(IdentityServerException.class);
      serve(JwkSet.of(k1()).toPublicJson());
      clock.advance(Duration.ofSeconds(1));
      keys.warmUp();
      clock.advance(Duration.ofMinutes(1)); // outage warnings are at most one a minute (then DEBUG)
      server.handlers.put("/jwks", ex -> LocalServer.send(ex, 503, "text/plain", "down", Map.of()));
      assertThatThrownBy(() -> keys.refreshAsync().orTimeout(10, TimeUnit.SECONDS).join()).isInstanceOf(CompletionException.class);
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).startsWith("JWK Set refresh failed; nothing cached; next attempt in ");
      assertThat(lines.get(1)).startsWith("JWK Set refresh failed; using the cached one; next attempt in ");
    } finally {
      jul.removeHandler(h);
    }
  }

  @Test
  void maxResponseBytes_aBodyOfExactlyTheLimit_isRead_oneByteMore_isTooLarge() {
    String json = JwkSet.of(k1()).toPublicJson();
    assertThat(json.length()).isLessThan(1024);
    RemoteJwkSet keys = builder().maxResponseBytes(1024).build();
    serve(json + " ".repeat(1024 - json.length()));
    assertThat(keys.refreshAsync().orTimeout(10, TimeUnit.SECONDS).join().find("k1")).isPresent();
    RemoteJwkSet other = builder().maxResponseBytes(1024).build();
    serve(json + " ".repeat(1025 - json.length()));
    assertThatThrownBy(other::warmUp).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.RESPONSE_TOO_LARGE));
    assertThatThrownBy(() -> builder().maxResponseBytes(1023)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxResponseBytes < 1024: 1023");
  }

  @Test
  void refreshAsync_duringTheBackoff_failsWithTheLastFailure_withoutAskingTheServerAgain() {
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 503, "text/plain", "down", Map.of()));
    RemoteJwkSet keys = builder().outagePolicy(Duration.ofHours(1), Duration.ofSeconds(10)).build();
    assertThatThrownBy(() -> keys.refreshAsync().orTimeout(10, TimeUnit.SECONDS).join())
        .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(IdentityServerException.class,
            e -> assertThat(e.status()).hasValue(503));
    assertThatThrownBy(() -> keys.refreshAsync().join()).cause().isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.status()).hasValue(503));
    assertThat(server.hits("/jwks")).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    serve(JwkSet.of(k1()).toPublicJson());
    assertThat(keys.refreshAsync().orTimeout(10, TimeUnit.SECONDS).join().keys()).hasSize(1);
    assertThat(server.hits("/jwks")).isEqualTo(2);
  }

  @Test
  void toString_tellsWhetherAndWhenKeysWereFetched_withoutKeyMaterial() {
    serve(JwkSet.of(k1()).toPublicJson());
    RemoteJwkSet keys = builder().build();
    assertThat(keys).hasToString("RemoteJwkSet{not fetched}");
    keys.warmUp();
    assertThat(keys).hasToString("RemoteJwkSet{1 keys, fetched 2026-11-22T12:00:00Z}");
  }

  @Test
  void candidates_withoutKid_areAllKeys_andAGivenHttpClientIsUsed() {
    Jwk k2 = Jwk.fromPublicKey(TestTokens.OTHER_RSA.getPublic(), "k2", JwsAlgorithm.RS256);
    serve(JwkSet.of(k1(), k2).toPublicJson());
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    RemoteJwkSet keys = builder().httpClient(http).build();
    List<Jwk> all = keys.candidates(Optional.empty());
    assertThat(all).extracting(k -> k.keyId().orElseThrow()).containsExactly("k1", "k2");
    assertThat(server.hits("/jwks")).isEqualTo(1);
    assertThatThrownBy(() -> builder().httpClient(null)).isInstanceOf(NullPointerException.class).hasMessage("client == null");
  }

  @Test
  void allowInsecureHttp_permitsAPlainHttpUrlOffLoopback() {
    URI plain = URI.create("http://id.example.invalid/jwks");
    assertThatThrownBy(() -> RemoteJwkSet.newBuilder(plain).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JWK Set URL http://id.example.invalid/jwks must be HTTPS (HTTP only on loopback); for a sidecar on a"
            + " private network call allowInsecureHttp()");
    assertThat(RemoteJwkSet.newBuilder(plain).allowInsecureHttp().build()).hasToString("RemoteJwkSet{not fetched}");
  }
}
