package io.identsphere.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.ClaimMapping;
import io.identsphere.IdentSphereUser;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException.Reason;
import java.math.BigDecimal;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TokenValidatorTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final String ISS = "https://id.example.test";
  private static final JwkSet KEYS = JwkSet.of(Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256));
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

  private static TokenValidator.Builder builder(Instant now) {
    return TokenValidator.newBuilder().keySource(KEYS).expectIssuer(ISS).expectAudience("api")
        .clock(Clock.fixed(now, ZoneOffset.UTC)).clockSkew(Duration.ZERO);
  }

  private static TokenValidator validator() {
    return builder(NOW).build();
  }

  private static Map<String, Object> header() {
    Map<String, Object> h = new HashMap<>();
    h.put("alg", "RS256");
    h.put("kid", "k1");
    h.put("typ", "at+jwt");
    return h;
  }

  private static Map<String, Object> claims() {
    Map<String, Object> c = new HashMap<>();
    c.put("iss", ISS);
    c.put("aud", "api");
    c.put("sub", "user-1");
    c.put("exp", NOW.plusSeconds(300).getEpochSecond());
    c.put("iat", NOW.minusSeconds(10).getEpochSecond());
    c.put("email", "ada@example.test");
    c.put("email_verified", true);
    c.put("given_name", "Ada");
    c.put("family_name", "Lovelace");
    c.put("org", "acme");
    c.put("roles", List.of("Admin", "member"));
    c.put("custom_roles", List.of("billing-approver"));
    c.put("scope", "openid orders:read");
    return c;
  }

  private static String sign(Map<String, Object> claims) {
    return TestTokens.rs256(header(), claims, TestTokens.RSA.getPrivate());
  }

  private static void rejected(ThrowingCallable call, Reason reason, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(TokenRejectedException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.getMessage()).contains(message);
      assertThat(e.reason().errorCode()).isEqualTo("invalid_token");
    });
  }

  @Test
  void systemClock_timeRulesHold() {
    // The system UTC clock reads the time without an Instant on the accepting path; its rules must
    // be those of any other clock: 60 s skew by default, exp exclusive, nbf and iat inclusive.
    TokenValidator v = TokenValidator.newBuilder().keySource(KEYS).expectIssuer(ISS).expectAudience("api").build();
    assertThat(v.clock()).isSameAs(Clock.systemUTC());
    long now = System.currentTimeMillis() / 1000;
    Map<String, Object> c = claims();
    c.put("iat", now - 5);
    c.put("exp", now + 30);
    assertThat(v.validate(sign(c)).user().subject()).isEqualTo("user-1");
    c.put("exp", now - 30); // expired, but within the skew
    assertThat(v.validate(sign(c)).user().subject()).isEqualTo("user-1");
    c.put("exp", now - 120);
    rejected(() -> v.validate(sign(c)), Reason.EXPIRED, "clock skew 60 s");
    c.put("exp", now + 3600);
    c.put("nbf", now + 600);
    rejected(() -> v.validate(sign(c)), Reason.NOT_YET_VALID, "token not valid before");
    c.remove("nbf");
    c.put("iat", now + 600);
    rejected(() -> v.validate(sign(c)), Reason.ISSUED_IN_FUTURE, "token issued at");
  }

  @Test
  void validate_goodToken_returnsTypedUser() {
    VerifiedToken t = validator().validate(sign(claims()));
    IdentSphereUser u = t.user();
    assertThat(t.algorithm()).isEqualTo(JwsAlgorithm.RS256);
    assertThat(t.keyId()).contains("k1");
    assertThat(t.audience()).containsExactly("api");
    assertThat(u.subject()).isEqualTo("user-1");
    assertThat(u.email()).contains("ada@example.test");
    assertThat(u.emailVerified()).isTrue();
    assertThat(u.name()).contains("Ada Lovelace");
    assertThat(u.tenantId()).contains("acme");
    assertThat(u.roles()).containsExactly("Admin", "member");
    assertThat(u.customRoles()).containsExactly("billing-approver");
    assertThat(u.scopes()).containsExactly("openid", "orders:read");
    assertThat(u.expiresAt()).contains(NOW.plusSeconds(300));
    assertThat(u.hasRole("ADMIN")).isTrue();
    assertThat(u.hasRole("billing-approver")).isFalse();
    assertThat(u.hasRole("billing-approver", true)).isTrue();
    assertThat(u.hasAnyRole(false, "owner", "member")).isTrue();
    assertThat(u.hasAllRoles(false, "admin", "billing-approver")).isFalse();
    assertThat(u.hasAllRoles(true, "admin", "billing-approver")).isTrue();
    assertThat(u.claims()).containsEntry("sub", "user-1");
  }

  @Test
  void validate_missingRoleClaim_meansNoRoles() {
    Map<String, Object> c = claims();
    c.remove("roles");
    c.remove("custom_roles");
    IdentSphereUser u = validator().validate(sign(c)).user();
    assertThat(u.roles()).isEmpty();
    assertThat(u.customRoles()).isEmpty();
    assertThat(u.hasRole("admin")).isFalse();
  }

  @Test
  void claimMapping_nestedAndSpaceSeparatedPaths() {
    Map<String, Object> c = claims();
    c.remove("roles");
    c.put("realm_access", Map.of("roles", List.of("auditor")));
    c.put("groups", "ops dev");
    c.put("tenant_id", "t-9");
    TokenValidator v = builder(NOW).claimMapping(ClaimMapping.DEFAULT.withRoleClaims("realm_access.roles", "groups")).build();
    IdentSphereUser u = v.validate(sign(c)).user();
    assertThat(u.roles()).containsExactly("auditor", "ops", "dev");
    assertThat(u.tenantId()).contains("t-9");
  }

  @Test
  void exp_equalToNow_isRejected_andOneSecondBefore_isAccepted() {
    Map<String, Object> c = claims();
    c.put("exp", NOW.getEpochSecond());
    rejected(() -> validator().validate(sign(c)), Reason.EXPIRED, "token expired at 2026-11-22T12:00:00Z, 0 s before now");
    assertThat(builder(NOW.minusSeconds(1)).build().validate(sign(c))).isNotNull();
  }

  @Test
  void exp_withinSkew_isAccepted_atSkewEdge_isRejected() {
    Map<String, Object> c = claims();
    c.put("exp", NOW.minusSeconds(59).getEpochSecond());
    TokenValidator v = builder(NOW).clockSkew(Duration.ofSeconds(60)).build();
    assertThat(v.validate(sign(c))).isNotNull();
    c.put("exp", NOW.minusSeconds(60).getEpochSecond());
    rejected(() -> v.validate(sign(c)), Reason.EXPIRED, "60 s before now");
  }

  @Test
  void exp_fractional_isHonoured() {
    Map<String, Object> c = claims();
    c.put("exp", new BigDecimal(NOW.getEpochSecond() + ".5"));
    assertThat(validator().validate(sign(c)).expiresAt()).contains(NOW.plusMillis(500));
    rejected(() -> builder(NOW.plusMillis(500)).build().validate(sign(c)), Reason.EXPIRED, "expired");
  }

  @Test
  void nbf_equalToNow_isAccepted_oneSecondLater_isRejected() {
    Map<String, Object> c = claims();
    c.put("nbf", NOW.getEpochSecond());
    assertThat(validator().validate(sign(c))).isNotNull();
    c.put("nbf", NOW.plusSeconds(1).getEpochSecond());
    rejected(() -> validator().validate(sign(c)), Reason.NOT_YET_VALID, "1 s after now");
  }

  @Test
  void timeRules_nearEveryEdge_withFractionalNowAndSkew_matchInstantArithmetic() {
    for (long nanos : new long[] {0, 1, 500_000_000, 999_999_999}) {
      Instant now = NOW.plusNanos(nanos);
      for (Duration skew : new Duration[] {Duration.ZERO, Duration.ofSeconds(60), Duration.ofMillis(1500)}) {
        TokenValidator v = builder(now).clockSkew(skew).build();
        for (long delta = -2; delta <= 2; delta++) {
          long edge = NOW.getEpochSecond() - skew.getSeconds() + delta;
          Map<String, Object> c = claims();
          c.put("exp", edge);
          boolean expired = !now.isBefore(Instant.ofEpochSecond(edge).plus(skew));
          outcome(v, c, expired ? Reason.EXPIRED : null, now + " skew " + skew + " exp " + edge);
          long future = NOW.getEpochSecond() + skew.getSeconds() + delta;
          boolean early = now.plus(skew).isBefore(Instant.ofEpochSecond(future));
          for (String claim : new String[] {"nbf", "iat"}) {
            c = claims();
            c.put(claim, future);
            outcome(v, c, early ? (claim.equals("nbf") ? Reason.NOT_YET_VALID : Reason.ISSUED_IN_FUTURE) : null,
                now + " skew " + skew + " " + claim + " " + future);
          }
        }
      }
    }
  }

  private static void outcome(TokenValidator v, Map<String, Object> claims, Reason expected, String what) {
    String token = sign(claims);
    if (expected == null) {
      assertThat(v.validate(token).subject()).as(what).isEqualTo("user-1");
    } else {
      assertThatThrownBy(() -> v.validate(token)).as(what)
          .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(expected));
    }
  }

  @Test
  void times_atTheEdgesOfTheNumericDateRange_areAcceptedOrRejectedClearly_neverCrash() {
    TokenValidator v = builder(NOW).clockSkew(Duration.ofSeconds(60)).build();
    long last = IdentSphereUser.NUMERIC_DATE_LIMIT - 1; // 9999-12-31T23:59:59Z
    assertThat(Instant.ofEpochSecond(last)).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    for (Object exp : new Object[] {last, new BigDecimal(last + ".999999999")}) {
      Map<String, Object> c = claims();
      c.put("exp", exp);
      assertThat(v.validate(sign(c)).expiresAt()).hasValueSatisfying(e -> assertThat(e.getEpochSecond()).isEqualTo(last));
    }
    for (Object t : new Object[] {last + 1, Long.MAX_VALUE, Long.MIN_VALUE, -1L, Instant.MAX.getEpochSecond(),
        Instant.MIN.getEpochSecond(), new BigDecimal("-0.5"), new BigDecimal(last + 1 + ".0"), new BigDecimal("1e13")}) {
      for (String claim : new String[] {"exp", "nbf", "iat"}) {
        Map<String, Object> c = claims();
        c.put(claim, t);
        rejected(() -> v.validate(sign(c)), Reason.INVALID_CLAIM, "must be a NumericDate from 0 to 253402300799");
      }
    }
    Map<String, Object> c = claims();
    c.put("nbf", 0L);
    c.put("iat", 0L);
    assertThat(v.validate(sign(c)).subject()).isEqualTo("user-1");
    c.put("nbf", last);
    rejected(() -> v.validate(sign(c)), Reason.NOT_YET_VALID, "not valid before");
  }

  @Test
  void iat_inFuture_isRejected() {
    Map<String, Object> c = claims();
    c.put("iat", NOW.plusSeconds(120).getEpochSecond());
    rejected(() -> validator().validate(sign(c)), Reason.ISSUED_IN_FUTURE, "120 s after now");
  }

  @Test
  void exp_missing_isRejectedUnlessOptedOut() {
    Map<String, Object> c = claims();
    c.remove("exp");
    rejected(() -> validator().validate(sign(c)), Reason.MISSING_CLAIM, "\"exp\" is missing");
    assertThat(builder(NOW).acceptTokensWithoutExpiry().build().validate(sign(c))).isNotNull();
  }

  @Test
  void exp_notANumber_isInvalidClaim() {
    Map<String, Object> c = claims();
    c.put("exp", "tomorrow");
    rejected(() -> validator().validate(sign(c)), Reason.INVALID_CLAIM, "must be a NumericDate");
  }

  @Test
  void issuer_wrong_and_missing() {
    Map<String, Object> c = claims();
    c.put("iss", "https://evil.test");
    rejected(() -> validator().validate(sign(c)), Reason.WRONG_ISSUER,
        "expected issuer \"https://id.example.test\" but found \"https://evil.test\"");
    c.put("iss", ISS + "/");
    rejected(() -> validator().validate(sign(c)), Reason.WRONG_ISSUER, "but found");
    c.remove("iss");
    rejected(() -> validator().validate(sign(c)), Reason.MISSING_CLAIM, "\"iss\"");
  }

  @Test
  void audience_array_anyMatch_andWrong() {
    Map<String, Object> c = claims();
    c.put("aud", List.of("other", "api"));
    assertThat(validator().validate(sign(c)).audience()).containsExactly("other", "api");
    c.put("aud", List.of("other"));
    rejected(() -> validator().validate(sign(c)), Reason.WRONG_AUDIENCE, "expected audience \"api\" but found [other]");
  }

  @Test
  void manyIssuersAudiencesAndTypes_sameRulesAsFew() {
    // Up to eight expected values are compared in a loop, more through a set: the rules must not differ.
    String[] issuers = new String[12];
    String[] audiences = new String[12];
    String[] types = new String[12];
    for (int i = 0; i < 12; i++) {
      issuers[i] = ISS + "/t" + i;
      audiences[i] = "api-" + i;
      types[i] = "type" + i + "+jwt";
    }
    for (int n : new int[] {1, 8, 9, 12}) {
      TokenValidator v = builder(NOW).expectIssuer(java.util.Arrays.copyOf(issuers, n))
          .expectAudience(java.util.Arrays.copyOf(audiences, n)).acceptTypes(java.util.Arrays.copyOf(types, n))
          .refuseTokensAddressedToClient("the-client").build();
      Map<String, Object> h = header();
      h.put("typ", "Application/TYPE" + (n - 1) + "+JWT");
      Map<String, Object> c = claims();
      c.put("iss", issuers[n - 1]);
      c.put("aud", List.of("someone-else", audiences[n - 1]));
      VerifiedToken t = v.validate(TestTokens.rs256(h, c, TestTokens.RSA.getPrivate()));
      assertThat(t.issuer()).contains(issuers[n - 1]);
      assertThat(t.audience()).containsExactly("someone-else", audiences[n - 1]);
      c.put("aud", audiences[n - 1]);
      assertThat(v.validate(TestTokens.rs256(h, c, TestTokens.RSA.getPrivate())).audience()).containsExactly(audiences[n - 1]);
      c.put("aud", List.of(audiences[n - 1], "the-client"));
      rejected(() -> v.validate(TestTokens.rs256(h, c, TestTokens.RSA.getPrivate())), Reason.NOT_AN_ACCESS_TOKEN,
          "\"the-client\", the client's own id");
      c.put("aud", "api-" + n);
      rejected(() -> v.validate(TestTokens.rs256(h, c, TestTokens.RSA.getPrivate())), Reason.WRONG_AUDIENCE, "but found [api-" + n + "]");
      c.put("aud", audiences[n - 1]);
      c.put("iss", ISS + "/t" + n);
      rejected(() -> v.validate(TestTokens.rs256(h, c, TestTokens.RSA.getPrivate())), Reason.WRONG_ISSUER, "/t" + n + "\"");
      c.put("iss", issuers[n - 1]);
      h.put("typ", "type" + n + "+jwt");
      rejected(() -> v.validate(TestTokens.rs256(h, c, TestTokens.RSA.getPrivate())), Reason.WRONG_TYPE, "is not accepted");
    }
  }

  @Test
  void requiredClaims() {
    Map<String, Object> c = claims();
    c.remove("email");
    rejected(() -> builder(NOW).requireClaims("email").build().validate(sign(c)), Reason.MISSING_CLAIM, "\"email\"");
  }

  @Test
  void type_header_rules() {
    Map<String, Object> h = header();
    h.put("typ", "application/AT+JWT");
    assertThat(validator().validate(TestTokens.rs256(h, claims(), TestTokens.RSA.getPrivate()))).isNotNull();
    h.put("typ", "dpop+jwt");
    rejected(() -> validator().validate(TestTokens.rs256(h, claims(), TestTokens.RSA.getPrivate())), Reason.WRONG_TYPE,
        "typ \"dpop+jwt\" is not accepted");
    h.remove("typ");
    String noTyp = TestTokens.rs256(h, claims(), TestTokens.RSA.getPrivate());
    assertThat(validator().validate(noTyp)).isNotNull();
    rejected(() -> builder(NOW).requireTypeHeader().build().validate(noTyp), Reason.WRONG_TYPE, "required");
  }

  @Test
  void signature_tampered_isRejected() {
    String t = sign(claims());
    char last = t.charAt(t.length() - 2);
    String tampered = t.substring(0, t.length() - 2) + (last == 'A' ? 'B' : 'A') + t.charAt(t.length() - 1);
    rejected(() -> validator().validate(tampered), Reason.BAD_SIGNATURE, "RS256 signature does not verify (kid \"k1\")");
  }

  @Test
  void signature_byForeignKey_isRejected() {
    String t = TestTokens.rs256(header(), claims(), TestTokens.OTHER_RSA.getPrivate());
    rejected(() -> validator().validate(t), Reason.BAD_SIGNATURE, "does not verify");
  }

  @Test
  void unknownKid_isRejected() {
    Map<String, Object> h = header();
    h.put("kid", "nope");
    rejected(() -> validator().validate(TestTokens.rs256(h, claims(), TestTokens.RSA.getPrivate())), Reason.UNKNOWN_KEY,
        "no key with kid \"nope\" permits RS256");
  }

  @Test
  void algNone_isNeverAccepted() {
    String input = TestTokens.signingInput(Map.of("alg", "none"), claims());
    rejected(() -> validator().validate(input + "."), Reason.MALFORMED, "signature part is empty");
    rejected(() -> validator().validate(input + ".AAAA"), Reason.UNSUPPORTED_ALGORITHM, "unsecured tokens are never accepted");
  }

  @Test
  void algorithmConfusion_hs256SignedWithRsaPublicKeyBytes_isRejected() {
    byte[] publicBytes = ((RSAPublicKey) TestTokens.RSA.getPublic()).getEncoded();
    Map<String, Object> h = header();
    h.put("alg", "HS256");
    String forged = TestTokens.hs256(h, claims(), publicBytes);
    // Not in the default allow-list...
    rejected(() -> validator().validate(forged), Reason.UNSUPPORTED_ALGORITHM, "alg HS256 is not allowed");
    // ...and even when HS256 is allowed, an RSA key never verifies an HMAC.
    TokenValidator both = builder(NOW).allowAlgorithms(JwsAlgorithm.RS256, JwsAlgorithm.HS256).build();
    rejected(() -> both.validate(forged), Reason.UNKNOWN_KEY, "permits HS256");
  }

  @Test
  void hs256_withLocalSecret_isAccepted_andWrongSecretRejected() {
    Map<String, Object> h = Map.of("alg", "HS256", "kid", "s1");
    TokenValidator v = builder(NOW).keySource(JwkSet.of(Jwk.fromSecret(SECRET, "s1", JwsAlgorithm.HS256)))
        .allowAlgorithms(JwsAlgorithm.HS256).build();
    assertThat(v.validate(TestTokens.hs256(h, claims(), SECRET)).algorithm()).isEqualTo(JwsAlgorithm.HS256);
    byte[] other = SECRET.clone();
    other[0] ^= 1;
    rejected(() -> v.validate(TestTokens.hs256(h, claims(), other)), Reason.BAD_SIGNATURE, "HS256");
  }

  @Test
  void crit_header_isRejected() {
    Map<String, Object> h = header();
    h.put("crit", List.of("exp"));
    h.put("exp", 1);
    rejected(() -> validator().validate(TestTokens.rs256(h, claims(), TestTokens.RSA.getPrivate())),
        Reason.UNSUPPORTED_CRITICAL_HEADER, "\"exp\" is not understood");
  }

  @Test
  void jku_and_jwk_headers_areNeverTrusted() {
    Map<String, Object> h = header();
    h.put("kid", "attacker");
    h.put("jku", "https://evil.test/jwks");
    h.put("jwk", Map.of("kty", "RSA", "n", "AQAB", "e", "AQAB"));
    rejected(() -> validator().validate(TestTokens.rs256(h, claims(), TestTokens.OTHER_RSA.getPrivate())),
        Reason.UNKNOWN_KEY, "attacker");
  }

  @Test
  void malformed_inputs() {
    rejected(() -> validator().validate(""), Reason.MALFORMED, "empty");
    rejected(() -> validator().validate("abc"), Reason.MALFORMED, "found 1");
    rejected(() -> validator().validate("a.b.c.d.e"), Reason.MALFORMED, "found 5");
    rejected(() -> validator().validate("eyJhbGciOiJSUzI1NiJ9.e30.AA=="), Reason.MALFORMED, "signature is not base64url");
    rejected(() -> validator().validate("bm90IGpzb24.e30.AAAA"), Reason.MALFORMED, "header is not valid JSON");
    rejected(() -> validator().validate("WzFd.e30.AAAA"), Reason.MALFORMED, "must be a JSON object, found an array");
    rejected(() -> validator().validate("{\"alg\":\"RS256\"}"), Reason.MALFORMED, "3 parts");
  }

  @Test
  void oversized_isRejectedBeforeParsing() {
    String big = "a".repeat(8193);
    rejected(() -> validator().validate(big), Reason.TOO_LARGE, "token is 8193 characters, at most 8192 accepted");
  }

  @Test
  void messages_neverContainTheTokenOrSignature() {
    String t = sign(claims());
    String sig = t.substring(t.lastIndexOf('.') + 1);
    String tampered = t.substring(0, t.lastIndexOf('.') + 1) + sig.substring(4) + "AAAA";
    assertThatThrownBy(() -> validator().validate(tampered)).satisfies(e -> {
      assertThat(e.getMessage()).doesNotContain(sig.substring(4, 20)).doesNotContain(tampered.substring(0, 30));
    });
  }

  @Test
  void build_contradictionsAndOmissions_failFast() {
    assertThatThrownBy(() -> TokenValidator.newBuilder().expectIssuer(ISS).expectAudience("a").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("keySource");
    assertThatThrownBy(() -> TokenValidator.newBuilder().keySource(KEYS).expectAudience("a").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("expectIssuer(...) or ignoreIssuer()");
    assertThatThrownBy(() -> TokenValidator.newBuilder().keySource(KEYS).expectIssuer(ISS).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("expectAudience(...) or ignoreAudience()");
    assertThatThrownBy(() -> TokenValidator.newBuilder().clockSkew(Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 300 s");
  }

  @Test
  void ignoreAudience_acceptsOtherAudiences() {
    Map<String, Object> c = claims();
    c.put("aud", "someone-else");
    assertThat(builder(NOW).ignoreAudience().build().validate(sign(c)).subject()).isEqualTo("user-1");
  }

  @Test
  void validator_isSafeUnderConcurrentUse() throws Exception {
    TokenValidator v = validator();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Map<String, Object> c = claims();
        c.put("sub", "user-" + i);
        String token = sign(c);
        results.add(pool.submit(() -> v.validate(token).subject()));
      }
      for (int i = 0; i < 40; i++) assertThat(results.get(i).get()).isEqualTo("user-" + i);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void headerCache_churnsWithoutChangingAnyOutcome() {
    TokenValidator v = validator();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 200; i++) {
        Map<String, Object> h = header();
        boolean known = i % 3 == 0;
        if (!known) h.put("kid", "unknown-" + i);
        String token = TestTokens.rs256(h, claims(), TestTokens.RSA.getPrivate());
        if (known) {
          assertThat(v.validate(token).keyId()).contains("k1");
        } else {
          assertThatThrownBy(() -> v.validate(token)).isInstanceOfSatisfying(TokenRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
        }
      }
    }
    String good = TestTokens.rs256(header(), claims(), TestTokens.OTHER_RSA.getPrivate()); // same header, wrong key
    assertThatThrownBy(() -> v.validate(good)).isInstanceOfSatisfying(TokenRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    Map<String, Object> crit = header();
    crit.put("crit", List.of("exp"));
    String critical = TestTokens.rs256(crit, claims(), TestTokens.RSA.getPrivate());
    for (int i = 0; i < 2; i++) { // rejected headers are never cached
      assertThatThrownBy(() -> v.validate(critical)).isInstanceOfSatisfying(TokenRejectedException.class,
          e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_CRITICAL_HEADER));
    }
  }

  @Test
  void rolesAndScopes_areComputedOnDemand_consistentlyAcrossThreads() throws Exception {
    VerifiedToken t = validator().validate(TestTokens.rs256(header(), claims(), TestTokens.RSA.getPrivate()));
    IdentSphereUser u = t.user();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        results.add(pool.submit(() -> u.hasRole("ADMIN") && u.hasRole("billing-approver", true)
            && !u.hasRole("billing-approver") && u.roles().equals(java.util.Set.of("Admin", "member"))));
      }
      for (java.util.concurrent.Future<Boolean> r : results) assertThat(r.get()).isTrue();
    } finally {
      pool.shutdown();
    }
  }
}
