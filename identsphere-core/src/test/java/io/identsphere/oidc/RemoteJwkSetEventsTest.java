package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.IdentSphereException;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TestTokens;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.ValidationListener;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A remote key set's events and its bond with the verified-token cache: a refresh with the same
 * keys keeps cached tokens, a key that leaves the set drops them, and fetches are listener and
 * Flight Recorder events.
 */
class RemoteJwkSetEventsTest {
  private static final KeyPair K2 = TestTokens.generate("RSA", 2048);
  private final LocalServer server;
  private final RemoteJwkSetTest.MutableClock clock = new RemoteJwkSetTest.MutableClock();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final ValidationListener recording = new ValidationListener() {
    @Override public void keySetFetched(int keyCount) { events.add("fetched " + keyCount); }
    @Override public void keySetRefreshed(int keyCount) { events.add("refreshed " + keyCount); }
    @Override public void keySetFetchFailed(IdentSphereException failure) { events.add("failed"); }
    @Override public void keySetServedStale(Duration age) { events.add("stale " + age.getSeconds()); }
    @Override public void keyAdded(Jwk key) { events.add("added " + key.keyId().orElse("-")); }
    @Override public void keyRemoved(Jwk key) { events.add("removed " + key.keyId().orElse("-")); }
    @Override public void unknownKeyId(String keyId, boolean fetchStarted) { events.add("unknown " + keyId + " " + fetchStarted); }
    @Override public void tokenAccepted(VerifiedToken token, boolean cacheHit) { events.add(cacheHit ? "hit" : "miss"); }
    @Override public void tokenRejected(TokenRejectedException rejection) { events.add("rejected " + rejection.reason()); }
  };

  RemoteJwkSetEventsTest() throws Exception {
    server = new LocalServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void serve(Jwk... keys) {
    String body = JwkSet.of(keys).toPublicJson();
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 200, "application/json", body, Map.of("Cache-Control", "max-age=600")));
  }

  private static Jwk k1() {
    return Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256);
  }

  private static Jwk k2() {
    return Jwk.fromPublicKey(K2.getPublic(), "k2", JwsAlgorithm.RS256);
  }

  private String token(String kid, KeyPair pair) {
    Map<String, Object> c = new HashMap<>();
    c.put("iss", "https://id");
    c.put("aud", "api");
    c.put("sub", "u");
    c.put("exp", clock.instant().plus(Duration.ofDays(1)).getEpochSecond());
    return TestTokens.rs256(Map.of("alg", "RS256", "kid", kid), c, pair.getPrivate());
  }

  private RemoteJwkSet keys() {
    return RemoteJwkSet.newBuilder(URI.create(server.base() + "/jwks")).clock(clock).listener(recording)
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).build();
  }

  private TokenValidator validator(RemoteJwkSet keys) {
    return TokenValidator.newBuilder().keySource(keys).expectIssuer("https://id").expectAudience("api").clock(clock)
        .cacheVerifiedTokens(16, Duration.ofMinutes(10)).listener(recording).build();
  }

  @Test
  void refresh_withTheSameKeys_keepsCachedTokensAndReportsNoKeyChange() {
    serve(k1());
    RemoteJwkSet keys = keys();
    TokenValidator v = validator(keys);
    String t = token("k1", TestTokens.RSA);
    v.validate(t);
    keys.refreshAsync().orTimeout(10, TimeUnit.SECONDS).join();
    assertThat(v.validate(t).subject()).isEqualTo("u");
    assertThat(events).containsExactly("fetched 1", "miss", "refreshed 1", "hit");
  }

  @Test
  void refresh_thatRemovesTheKey_dropsItsCachedTokensAndReportsTheChange() {
    serve(k1());
    RemoteJwkSet keys = keys();
    TokenValidator v = validator(keys);
    String t = token("k1", TestTokens.RSA);
    v.validate(t);
    v.validate(t);
    serve(k2());
    keys.refreshAsync().orTimeout(10, TimeUnit.SECONDS).join();
    assertThatThrownBy(() -> v.validate(t)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.UNKNOWN_KEY));
    assertThat(v.validate(token("k2", K2)).subject()).isEqualTo("u");
    // The unknown kid k1 may start a fetch (the cooldown has not been used yet), which finds k2 only.
    assertThat(events).startsWith("fetched 1", "miss", "hit", "added k2", "removed k1", "refreshed 1");
    assertThat(events).contains("rejected UNKNOWN_KEY").endsWith("miss");
    // Asked twice for k1: by the cache's check that the key is still current, then by validation.
    assertThat(events.stream().filter(e -> e.startsWith("unknown k1"))).hasSize(2);
  }

  @Test
  void failedFetch_andStaleKeys_areReported() {
    serve(k1());
    RemoteJwkSet keys = keys();
    keys.warmUp();
    server.handlers.put("/jwks", ex -> LocalServer.send(ex, 503, "text/plain", "down", Map.of()));
    assertThatThrownBy(() -> keys.refreshAsync().orTimeout(10, TimeUnit.SECONDS).join()).isNotNull();
    clock.advance(Duration.ofSeconds(601)); // past the 600 s lifetime, within maxStale
    assertThat(keys.candidates(Optional.of("k1"))).hasSize(1);
    assertThat(events).startsWith("fetched 1", "failed", "stale 601");
  }

  @Test
  void fetch_isAFlightRecorderEventWithItsUrlAndKeyCount() throws Exception {
    serve(k1(), k2());
    Path file = Files.createTempFile("identsphere", ".jfr");
    try (Recording r = new Recording()) {
      r.enable("io.identsphere.KeySetFetch");
      r.start();
      keys().warmUp();
      r.stop();
      r.dump(file);
      List<RecordedEvent> fetches = RecordingFile.readAllEvents(file);
      assertThat(fetches).filteredOn(e -> e.getEventType().getName().equals("io.identsphere.KeySetFetch"))
          .singleElement().satisfies(e -> {
            assertThat(e.getString("url")).isEqualTo(server.base() + "/jwks");
            assertThat(e.getBoolean("succeeded")).isTrue();
            assertThat(e.getInt("keys")).isEqualTo(2);
          });
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
