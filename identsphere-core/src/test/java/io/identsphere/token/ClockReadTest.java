package io.identsphere.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.jose.JwsSigner;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The time checks read the validator's clock, whichever path they take: the whole-second fast path
 * (integral {@code exp}, optional {@code nbf} and {@code iat}) or the general one. Clocks years away
 * from the real time expose a path that reads another clock. Public API only.
 */
class ClockReadTest {
  private static final byte[] SECRET = "clock-read-secret-0123456789abcd".getBytes(StandardCharsets.US_ASCII);
  private static final Instant PAST = Instant.parse("2001-02-03T04:05:06Z");
  private static final Instant FUTURE = Instant.parse("2091-02-03T04:05:06Z");

  private static TokenValidator validator(Instant now, Duration skew) {
    return TokenValidator.newBuilder().keySource(JwkSet.of(Jwk.fromSecret(SECRET, "k", JwsAlgorithm.HS256)))
        .allowAlgorithms(JwsAlgorithm.HS256).expectIssuer("https://id.example.test").expectAudience("api")
        .clock(Clock.fixed(now, ZoneOffset.UTC)).clockSkew(skew).build();
  }

  private static String token(Map<String, Object> times) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", "https://id.example.test");
    c.put("aud", "api");
    c.put("sub", "ada");
    c.putAll(times);
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("alg", "HS256");
    h.put("kid", "k");
    return JwsSigner.sign(h, c, JwsAlgorithm.HS256, new SecretKeySpec(SECRET, "HmacSHA256"));
  }

  private static Map<String, Object> times(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
    return m;
  }

  private static void rejected(TokenValidator v, String token, Reason reason) {
    assertThatThrownBy(() -> v.validate(token))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void validate_tokenWithoutIat_isJudgedByTheConfiguredClockInThePast() {
    long now = PAST.getEpochSecond();
    TokenValidator v = validator(PAST, Duration.ZERO);
    VerifiedToken t = v.validate(token(times("exp", now + 1)));
    assertThat(t.subject()).isEqualTo("ada");
    assertThat(t.expiresAt()).contains(Instant.ofEpochSecond(now + 1));
    assertThat(t.user().issuedAt()).isEmpty();
    rejected(v, token(times("exp", now)), Reason.EXPIRED);
  }

  @Test
  void validate_tokenWithoutIat_expiredByTheConfiguredClockInTheFuture_isRejected() {
    long now = FUTURE.getEpochSecond();
    TokenValidator v = validator(FUTURE, Duration.ZERO);
    // Valid by the real clock for decades, expired by the configured one.
    rejected(v, token(times("exp", now - 1)), Reason.EXPIRED);
    rejected(v, token(times("exp", now - 1, "nbf", now - 100)), Reason.EXPIRED);
    assertThat(v.validate(token(times("exp", now + 1, "nbf", now))).subject()).isEqualTo("ada");
  }

  @Test
  void validate_nbfAndIat_useTheConfiguredClockAndSkewAtTheirBoundaries() {
    long now = PAST.getEpochSecond();
    TokenValidator v = validator(PAST, Duration.ofSeconds(30));
    assertThat(v.validate(token(times("exp", now + 600, "nbf", now + 30))).subject()).isEqualTo("ada");
    rejected(v, token(times("exp", now + 600, "nbf", now + 31)), Reason.NOT_YET_VALID);
    assertThat(v.validate(token(times("exp", now + 600, "iat", now + 30))).user().issuedAt())
        .contains(Instant.ofEpochSecond(now + 30));
    rejected(v, token(times("exp", now + 600, "iat", now + 31)), Reason.ISSUED_IN_FUTURE);
    // exp: still valid one second before exp + skew, expired at exp + skew.
    assertThat(v.validate(token(times("exp", now - 29))).expiresAt()).contains(Instant.ofEpochSecond(now - 29));
    rejected(v, token(times("exp", now - 30)), Reason.EXPIRED);
  }

  @Test
  void validate_skewWithAFractionOfASecond_takesTheGeneralPathWithTheSameClock() {
    long now = PAST.getEpochSecond();
    TokenValidator v = validator(PAST.plusMillis(500), Duration.ofMillis(600));
    // now + skew = now + 1.1 s: exp = now - 1 is expired (now - 0.1 s >= now - 1), exp = now is not.
    rejected(v, token(times("exp", now - 1)), Reason.EXPIRED);
    assertThat(v.validate(token(times("exp", now))).subject()).isEqualTo("ada");
    rejected(v, token(times("exp", now + 60, "nbf", now + 2)), Reason.NOT_YET_VALID);
    assertThat(v.validate(token(times("exp", now + 60, "nbf", now + 1))).subject()).isEqualTo("ada");
  }

  @Test
  void validate_systemClock_acceptsATokenWithoutIatThatExpiresLater_andRejectsOneThatExpired() {
    long now = Instant.now().getEpochSecond();
    TokenValidator v = TokenValidator.newBuilder().keySource(JwkSet.of(Jwk.fromSecret(SECRET, "k", JwsAlgorithm.HS256)))
        .allowAlgorithms(JwsAlgorithm.HS256).expectIssuer("https://id.example.test").expectAudience("api")
        .clockSkew(Duration.ZERO).build();
    assertThat(v.validate(token(times("exp", now + 120))).expiresAt()).contains(Instant.ofEpochSecond(now + 120));
    rejected(v, token(times("exp", now - 120)), Reason.EXPIRED);
    rejected(v, token(times("exp", now + 600, "nbf", now + 300)), Reason.NOT_YET_VALID);
  }
}
