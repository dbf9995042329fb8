package io.identsphere.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Session revocations (back-channel logout) in {@link TokenValidator}: refused after every check and
 * on cache hits, only tokens issued at or before the logout, evicted from the cache; the in-memory
 * list's time and size bounds; the logout-token validator's replay cache bound; logout tokens are
 * no access tokens.
 */
class SessionRevocationsTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final long T0 = 1_800_000_000L;
  static final Instant NOW = Instant.ofEpochSecond(T0);
  final VerifiedTokenCacheTest.MutableClock clock = new VerifiedTokenCacheTest.MutableClock();
  final VerifiedTokenCacheTest.Counting counts = new VerifiedTokenCacheTest.Counting();
  final JwkSet keys = JwkSet.of(Jwk.fromSecret(SECRET, "h1", JwsAlgorithm.HS256));

  TokenValidator.Builder builder() {
    return TokenValidator.newBuilder().keySource(keys).allowAlgorithms(JwsAlgorithm.HS256).expectIssuer("https://id")
        .expectAudience("api").clock(clock).listener(counts);
  }

  static String token(String sub, String sid, long iat) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", "https://id");
    c.put("aud", "api");
    c.put("sub", sub);
    if (sid != null) c.put("sid", sid);
    c.put("iat", iat);
    c.put("exp", iat + 300);
    return TestTokens.hs256(Map.of("alg", "HS256", "kid", "h1"), c, SECRET);
  }

  static Map<String, Object> logoutClaims(String sid, String sub) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", "https://id");
    c.put("aud", "web");
    c.put("iat", T0);
    c.put("jti", "j-" + sid + sub);
    if (sid != null) c.put("sid", sid);
    if (sub != null) c.put("sub", sub);
    c.put("events", Map.of(LogoutTokenValidator.BACKCHANNEL_LOGOUT_EVENT, Map.of()));
    return c;
  }

  static String sign(Map<String, Object> claims) {
    return TestTokens.hs256(Map.of("alg", "HS256", "kid", "h1", "typ", "logout+jwt"), claims, SECRET);
  }

  @Test
  void validate_tokenOfARevokedSession_isRefusedOnACacheHit_andOtherSessionsPass() {
    SessionRevocations list = SessionRevocations.inMemory(Duration.ofHours(1), 100, clock);
    TokenValidator v = builder().cacheVerifiedTokens(64, Duration.ofMinutes(5)).sessionRevocations(list).build();
    String mine = token("alice", "s-1", T0 - 10);
    String other = token("alice", "s-2", T0 - 10);
    assertThat(v.validate(mine).subject()).isEqualTo("alice");
    assertThat(v.validate(mine).subject()).isEqualTo("alice");
    assertThat(counts.hits).hasValue(1);

    list.revokeSession("https://id", "s-1", NOW);
    assertThatThrownBy(() -> v.validate(mine)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED));
    assertThat(counts.rejected).containsExactly(Reason.REVOKED);
    assertThat(v.validate(other).subject()).isEqualTo("alice");
  }

  @Test
  void validate_tokenIssuedAtTheLogout_isRefused_andOneIssuedAfter_passes() {
    SessionRevocations list = SessionRevocations.inMemory(Duration.ofHours(1), 100, clock);
    TokenValidator v = builder().sessionRevocations(list).build();
    list.revokeSubject("https://id", "alice", NOW);
    assertThatThrownBy(() -> v.validate(token("alice", "s-9", T0))).isInstanceOf(TokenRejectedException.class);
    assertThat(v.validate(token("alice", "s-9", T0 + 1)).subject()).isEqualTo("alice");
    assertThat(v.validate(token("bob", "s-9", T0 - 1)).subject()).as("another subject").isEqualTo("bob");
  }

  @Test
  void revocation_ofAnotherIssuer_refusesNothing() {
    SessionRevocations list = SessionRevocations.inMemory(Duration.ofHours(1), 100, clock);
    TokenValidator v = builder().sessionRevocations(list).build();
    list.revokeSubject("https://other", "alice", NOW);
    assertThat(v.validate(token("alice", "s-1", T0 - 5)).subject()).isEqualTo("alice");
  }

  @Test
  void evictCached_dropsTheMatchingEntries_only() {
    TokenValidator v = builder().cacheVerifiedTokens(64, Duration.ofMinutes(5)).build();
    v.validate(token("alice", "s-1", T0 - 1));
    v.validate(token("bob", "s-2", T0 - 1));
    assertThat(v.evictCached(t -> t.subject().equals("alice"))).isEqualTo(1);
    v.validate(token("alice", "s-1", T0 - 1));
    v.validate(token("bob", "s-2", T0 - 1));
    assertThat(counts.misses).hasValue(3);
    assertThat(counts.hits).hasValue(1);
    assertThat(builder().build().evictCached(t -> true)).isZero();
  }

  @Test
  void inMemory_entry_isDroppedOnceNoTokenItRefusesCanBeValid() {
    RevocationList list = new RevocationList(Duration.ofMinutes(10), 100, clock);
    list.revokeSession("https://id", "s-1", NOW);
    assertThat(list.size()).isEqualTo(1);
    clock.set(NOW.plus(Duration.ofMinutes(10)).plus(TokenValidator.MAX_CLOCK_SKEW).minusMillis(1));
    assertThat(list.size()).isEqualTo(1);
    clock.set(NOW.plus(Duration.ofMinutes(10)).plus(TokenValidator.MAX_CLOCK_SKEW));
    assertThat(list.size()).isZero();
    list.revokeSession("https://id", "s-old", NOW); // already past: not even stored
    assertThat(list.size()).isZero();
  }

  @Test
  void inMemory_full_foldsTheOldestIntoAWatermark_thatFailsClosed() {
    RevocationList list = new RevocationList(Duration.ofHours(1), 3, clock);
    for (int i = 0; i < 1000; i++) list.revokeSession("https://id", "s-" + i, NOW.plusSeconds(i));
    assertThat(list.size()).isEqualTo(3);
    assertThat(list.watermark()).contains(NOW.plusSeconds(996));
    TokenValidator v = builder().sessionRevocations(list).build();
    clock.set(NOW.plusSeconds(1000));
    assertThatThrownBy(() -> v.validate(token("carol", "s-unrelated", T0 + 996))).isInstanceOfSatisfying(
        TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED));
    assertThat(v.validate(token("carol", "s-unrelated", T0 + 997)).subject()).isEqualTo("carol");
    assertThatThrownBy(() -> v.validate(token("carol", "s-999", T0 + 999))).isInstanceOf(TokenRejectedException.class);
  }

  @Test
  void inMemory_badBounds_areRefused() {
    assertThatThrownBy(() -> SessionRevocations.inMemory(Duration.ZERO, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionRevocations.inMemory(Duration.ofHours(1), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void revoke_logoutToken_withSidRevokesTheSession_withOnlySubTheSubject() {
    RevocationList list = new RevocationList(Duration.ofHours(1), 100, clock);
    list.revoke(new LogoutToken("https://id", "alice", "s-1", NOW, "j1"));
    list.revoke(new LogoutToken("https://id", "bob", null, NOW, "j2"));
    TokenValidator v = builder().sessionRevocations(list).build();
    assertThatThrownBy(() -> v.validate(token("alice", "s-1", T0))).isInstanceOf(TokenRejectedException.class);
    assertThat(v.validate(token("alice", "s-2", T0)).subject()).isEqualTo("alice");
    assertThatThrownBy(() -> v.validate(token("bob", "s-3", T0))).isInstanceOf(TokenRejectedException.class);
  }

  LogoutTokenValidator logouts(int replayEntries) {
    return LogoutTokenValidator.newBuilder().keySource(keys).allowAlgorithms(JwsAlgorithm.HS256).issuer("https://id")
        .clientId("web").clock(clock).replayCacheSize(replayEntries).build();
  }

  @Test
  void logoutToken_valid_givesTheLogout_andItsReplayIsRefused() {
    LogoutTokenValidator v = logouts(10);
    String t = sign(logoutClaims("s-1", "alice"));
    LogoutToken l = v.validate(t);
    assertThat(l.issuer()).isEqualTo("https://id");
    assertThat(l.sessionId()).contains("s-1");
    assertThat(l.subject()).contains("alice");
    assertThat(l.issuedAt()).isEqualTo(NOW);
    assertThat(l.toString()).doesNotContain("s-1").doesNotContain("alice");
    assertThatThrownBy(() -> v.validate(t)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.REPLAYED));
  }

  @Test
  void logoutToken_replayCache_staysBounded_underAFloodOfIds() {
    LogoutTokenValidator v = logouts(8);
    for (int i = 0; i < 500; i++) {
      Map<String, Object> c = logoutClaims("s", null);
      c.put("jti", "j-" + i);
      v.validate(sign(c));
    }
    assertThat(v.rememberedIds()).isEqualTo(8);
  }

  @Test
  void logoutToken_rules_giveTheirReasons() {
    LogoutTokenValidator v = logouts(100);
    Map<String, Reason> expected = new LinkedHashMap<>();
    Map<String, Map<String, Object>> bad = new LinkedHashMap<>();
    bad.put("nonce", with(logoutClaims("s", "u"), "nonce", "n"));
    expected.put("nonce", Reason.INVALID_CLAIM);
    bad.put("no events", with(logoutClaims("s", "u"), "events", null));
    expected.put("no events", Reason.MISSING_CLAIM);
    bad.put("events null", with(logoutClaims("s", "u"), "events", JSON_NULL));
    expected.put("events null", Reason.INVALID_CLAIM);
    bad.put("no jti", with(logoutClaims("s", "u"), "jti", null));
    expected.put("no jti", Reason.MISSING_CLAIM);
    bad.put("sid null", with(logoutClaims("s", "u"), "sid", JSON_NULL));
    expected.put("sid null", Reason.INVALID_CLAIM);
    bad.put("no sid, no sub", logoutClaims(null, null));
    expected.put("no sid, no sub", Reason.MISSING_CLAIM);
    bad.put("no iat", with(logoutClaims("s", "u"), "iat", null));
    expected.put("no iat", Reason.MISSING_CLAIM);
    bad.put("too old", with(logoutClaims("s", "u"), "iat", T0 - 361));
    expected.put("too old", Reason.EXPIRED);
    bad.put("expired", with(logoutClaims("s", "u"), "exp", T0 - 61));
    expected.put("expired", Reason.EXPIRED);
    bad.put("another client", with(logoutClaims("s", "u"), "aud", "api"));
    expected.put("another client", Reason.WRONG_AUDIENCE);
    for (Map.Entry<String, Map<String, Object>> e : bad.entrySet()) {
      String t = e.getValue().containsValue(JSON_NULL) ? signWithNull(e.getValue()) : sign(e.getValue());
      assertThatThrownBy(() -> v.validate(t)).as(e.getKey()).isInstanceOfSatisfying(TokenRejectedException.class,
          x -> assertThat(x.reason()).as(e.getKey()).isEqualTo(expected.get(e.getKey())));
    }
    String typed = TestTokens.hs256(Map.of("alg", "HS256", "kid", "h1", "typ", "JWT"), logoutClaims("s", "u"), SECRET);
    assertThatThrownBy(() -> v.validate(typed)).isInstanceOfSatisfying(TokenRejectedException.class,
        x -> assertThat(x.reason()).isEqualTo(Reason.WRONG_TYPE));
    String untyped = TestTokens.hs256(Map.of("alg", "HS256", "kid", "h1"), logoutClaims("s", "u2"), SECRET);
    assertThat(v.validate(untyped).subject()).as("typ may be absent").contains("u2");
  }

  @Test
  void logoutToken_isNeverAnAccessToken() {
    Map<String, Object> c = logoutClaims("s", "alice");
    c.put("aud", "api");
    c.put("exp", T0 + 120);
    String untyped = TestTokens.hs256(Map.of("alg", "HS256", "kid", "h1"), c, SECRET);
    assertThatThrownBy(() -> builder().build().validate(untyped)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN));
    assertThatThrownBy(() -> builder().build().validate(sign(c))).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_TYPE));
  }

  static final Object JSON_NULL = new Object();

  static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
    if (v == null) m.remove(k); else m.put(k, v);
    return m;
  }

  /** Signs claims where JSON_NULL stands for a JSON null member. */
  static String signWithNull(Map<String, Object> claims) {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, Object> e : claims.entrySet()) {
      if (json.length() > 1) json.append(',');
      json.append('"').append(e.getKey()).append("\":");
      Object v = e.getValue();
      json.append(v == JSON_NULL ? "null" : io.identsphere.internal.json.JsonWriter.write(v));
    }
    String input = Base64Url.encode("{\"alg\":\"HS256\",\"kid\":\"h1\",\"typ\":\"logout+jwt\"}".getBytes(StandardCharsets.UTF_8))
        + "." + Base64Url.encode(json.append('}').toString().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
      return input + "." + Base64Url.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
