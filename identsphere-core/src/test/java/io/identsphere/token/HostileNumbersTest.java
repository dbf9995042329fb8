package io.identsphere.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.identsphere.IdentSphereUser;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException.Reason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No number makes the validator spin: a twelve-character NumericDate such as {@code 1e-99999999}
 * used to pin a core for minutes while {@code BigDecimal.setScale} materialised 10^99999999. Every
 * hostile number in {@code exp}, {@code nbf} and {@code iat} is now answered in milliseconds with a
 * typed rejection. The bound of 2 s per batch is generous for a noisy 2-core machine; the measured
 * time is printed.
 */
class HostileNumbersTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final String ISS = "https://id.example.test";
  private static final String[] HOSTILE = {"1e-99999999", "1e99999999", "-1e400", "1E+2147483648",
      "1" + "0".repeat(10_000), "0." + "1".repeat(30_000), "-0.0000000000000000000001e-1000", "1e1000",
      "9".repeat(999), "253402300800", "-1", "1.5e12"};

  private static TokenValidator validator() {
    return TokenValidator.newBuilder().keySource(JwkSet.of(Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1",
            JwsAlgorithm.RS256)))
        .expectIssuer(ISS).expectAudience("api").clock(Clock.fixed(NOW, ZoneOffset.UTC)).maxTokenLength(1024 * 1024)
        .build();
  }

  private static String token(String claim, String number) {
    Map<String, Long> times = new HashMap<>();
    times.put("exp", NOW.plusSeconds(300).getEpochSecond());
    times.put("iat", NOW.minusSeconds(10).getEpochSecond());
    StringBuilder json = new StringBuilder("{\"iss\":\"" + ISS + "\",\"aud\":\"api\",\"sub\":\"u\"");
    for (Map.Entry<String, Long> e : times.entrySet()) {
      if (!e.getKey().equals(claim)) json.append(",\"").append(e.getKey()).append("\":").append(e.getValue());
    }
    json.append(",\"").append(claim).append("\":").append(number).append('}');
    return TestTokens.rs256Json("{\"alg\":\"RS256\",\"kid\":\"k1\"}", json.toString(), TestTokens.RSA.getPrivate());
  }

  @Test
  void hostileNumbers_inExpNbfAndIat_areRejectedInMilliseconds_withATypedReason() {
    TokenValidator v = validator();
    Map<String, String> tokens = new java.util.LinkedHashMap<>();
    for (String claim : new String[] {"exp", "nbf", "iat"}) {
      for (String n : HOSTILE) tokens.put(claim + "=" + (n.length() > 16 ? n.substring(0, 12) + "..(" + n.length() + ")" : n),
          token(claim, n));
    }
    v.validate(token("nbf", "0")); // warm up the signature path, so the timing below is the numbers'
    long start = System.nanoTime();
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
      for (Map.Entry<String, String> t : tokens.entrySet()) {
        assertThatThrownBy(() -> v.validate(t.getValue())).as(t.getKey())
            .isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isIn(Reason.MALFORMED, Reason.INVALID_CLAIM));
      }
    });
    long micros = (System.nanoTime() - start) / 1000;
    System.out.println("HostileNumbersTest: " + tokens.size() + " hostile tokens rejected in " + micros + " us ("
        + micros / tokens.size() + " us each, RS256 verification included)");
  }

  @Test
  void numbersTheParserRefuses_areMalformed_andOutOfRangeDatesAreInvalidClaims() {
    TokenValidator v = validator();
    assertThatThrownBy(() -> v.validate(token("exp", "1e-99999999"))).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    assertThatThrownBy(() -> v.validate(token("exp", "1" + "0".repeat(10_000))))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
          assertThat(e).hasMessageContaining("number longer than 1000 characters");
        });
    for (String n : new String[] {"1e1000", "-1", "253402300800", "1e-1000"}) {
      if (n.equals("1e-1000")) {
        // A positive value below a nanosecond is the epoch: a valid, long past, NumericDate.
        assertThatThrownBy(() -> v.validate(token("exp", n))).isInstanceOfSatisfying(TokenRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
        continue;
      }
      assertThatThrownBy(() -> v.validate(token("nbf", n))).as(n).isInstanceOfSatisfying(TokenRejectedException.class,
          e -> {
            assertThat(e.reason()).isEqualTo(Reason.INVALID_CLAIM);
            assertThat(e).hasMessage("claim \"nbf\" must be a NumericDate from 0 to 253402300799 (1970-01-01T00:00:00Z"
                + " to 9999-12-31T23:59:59Z), found a number outside that range");
          });
    }
    assertThat(v.validate(token("nbf", "1763812800.000000001e0")).subject()).isEqualTo("u");
  }

  @Test
  void numericDate_isConstantTime_evenForBigDecimalsTheParserWouldRefuse() {
    // IdentSphereUser.numericDate is public: values built in code (not parsed) must be as cheap.
    Object[] values = {new BigDecimal("1e-99999999"), new BigDecimal("1e99999999"), new BigDecimal("-1e-99999999"),
        new BigDecimal(BigInteger.ONE, Integer.MAX_VALUE), new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE),
        new BigDecimal(BigInteger.TEN.pow(5000), 4990), BigInteger.TEN.pow(100), Double.NaN, Double.POSITIVE_INFINITY};
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
      assertThat(IdentSphereUser.numericDate(values[0])).contains(Instant.EPOCH);
      assertThat(IdentSphereUser.numericDate(values[1])).isEmpty();
      assertThat(IdentSphereUser.numericDate(values[2])).isEmpty();
      assertThat(IdentSphereUser.numericDate(values[3])).contains(Instant.EPOCH);
      assertThat(IdentSphereUser.numericDate(values[4])).isEmpty();
      assertThat(IdentSphereUser.numericDate(values[5])).contains(Instant.ofEpochSecond(10_000_000_000L));
      for (int i = 6; i < values.length; i++) assertThat(IdentSphereUser.numericDate(values[i])).isEmpty();
    });
    assertThat(IdentSphereUser.numericDate(new BigDecimal("1700000000.123456789999"))).contains(
        Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
    assertThat(IdentSphereUser.numericDate(new BigDecimal("0.0000000019"))).contains(Instant.ofEpochSecond(0, 1));
    assertThat(IdentSphereUser.numericDate(1.5d)).contains(Instant.ofEpochSecond(1, 500_000_000));
    assertThat(IdentSphereUser.numericDate(253_402_300_799L)).contains(Instant.parse("9999-12-31T23:59:59Z"));
    assertThat(IdentSphereUser.numericDate(253_402_300_800L)).isEmpty();
    assertThat(IdentSphereUser.numericDate("1700000000")).isEmpty();
  }

  @Test
  void hostileBigDecimal_inClaimsFromCode_isAnInvalidClaim_inMilliseconds() {
    TokenValidator v = validator();
    String good = token("nbf", "0");
    CompactJws jws = v.verifySignature(good);
    Map<String, Object> claims = new HashMap<>(jws.claims());
    claims.put("nbf", new BigDecimal("1e99999999"));
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(() -> v.checkClaims(jws, claims))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CLAIM)));
    claims.put("nbf", new BigDecimal("1e-99999999"));
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThat(v.checkClaims(jws, claims).subject()).isEqualTo("u"));
  }
}
