package io.identsphere.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.ClaimMapping;
import io.identsphere.IdentSphereUser;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The builder's options at their exact limits (token length, clock skew, accepted types), options
 * that replace earlier ones (ignoreIssuer after expectIssuer, toBuilder), and the exact messages of
 * the syntax checks a caller sees in a 401.
 */
class ValidatorOptionsBoundaryTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final String ISS = "https://id.example.test";
  private static final JwkSet KEYS = JwkSet.of(Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "k1", JwsAlgorithm.RS256));

  private static TokenValidator.Builder builder() {
    return TokenValidator.newBuilder().keySource(KEYS).expectIssuer(ISS).expectAudience("api")
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).clockSkew(Duration.ZERO);
  }

  private static Map<String, Object> header(String typ) {
    Map<String, Object> h = new HashMap<>();
    h.put("alg", "RS256");
    h.put("kid", "k1");
    if (typ != null) h.put("typ", typ);
    return h;
  }

  private static Map<String, Object> claims() {
    Map<String, Object> c = new HashMap<>();
    c.put("iss", ISS);
    c.put("aud", "api");
    c.put("sub", "user-1");
    c.put("exp", NOW.plusSeconds(300).getEpochSecond());
    c.put("iat", NOW.minusSeconds(10).getEpochSecond());
    return c;
  }

  private static String sign(String typ, Map<String, Object> claims) {
    return TestTokens.rs256(header(typ), claims, TestTokens.RSA.getPrivate());
  }

  private static String sign(Map<String, Object> claims) {
    return sign("JWT", claims);
  }

  private static void rejected(ThrowingCallable call, Reason reason, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(TokenRejectedException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.getMessage()).isEqualTo(message);
    });
  }

  @Test
  void maxTokenLength_aTokenOfExactlyTheLimit_isAccepted_oneCharacterMore_isTooLarge() {
    String token = sign(claims());
    int n = token.length();
    assertThat(builder().maxTokenLength(n).build().validate(token).subject()).isEqualTo("user-1");
    rejected(() -> builder().maxTokenLength(n - 1).build().validate(token), Reason.TOO_LARGE,
        "token is " + n + " characters, at most " + (n - 1) + " accepted");
  }

  @Test
  void maxTokenLength_accepts64To1048576_andRefusesOneBeyondEitherEnd() {
    String token = sign(claims());
    // The largest limit is really applied: a normal token passes, and a 1 MiB one is judged on its syntax.
    TokenValidator largest = builder().maxTokenLength(1024 * 1024).build();
    assertThat(largest.validate(token).subject()).isEqualTo("user-1");
    rejected(() -> largest.validate("a".repeat(1024 * 1024)), Reason.MALFORMED,
        "a JWS compact serialization has 3 parts separated by '.', found 1");
    rejected(() -> builder().maxTokenLength(64).build().validate(token), Reason.TOO_LARGE,
        "token is " + token.length() + " characters, at most 64 accepted");
    assertThatThrownBy(() -> builder().maxTokenLength(63)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTokenLength must be in [64, 1048576]: 63");
    assertThatThrownBy(() -> builder().maxTokenLength(1024 * 1024 + 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTokenLength must be in [64, 1048576]: 1048577");
  }

  @Test
  void clockSkew_ofExactlyFiveMinutes_isAccepted_andApplied_aNanosecondMore_isRefused() {
    TokenValidator v = builder().clockSkew(TokenValidator.MAX_CLOCK_SKEW).build();
    Map<String, Object> c = claims();
    c.put("exp", NOW.minusSeconds(299).getEpochSecond());
    assertThat(v.validate(sign(c)).expiresAt()).contains(NOW.minusSeconds(299));
    c.put("exp", NOW.minusSeconds(300).getEpochSecond());
    rejected(() -> v.validate(sign(c)), Reason.EXPIRED,
        "token expired at 2026-11-22T11:55:00Z, 300 s before now (2026-11-22T12:00:00Z), clock skew 300 s");
    assertThatThrownBy(() -> builder().clockSkew(TokenValidator.MAX_CLOCK_SKEW.plusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("clock skew must be between 0 and 300 s, was 300 s");
    assertThatThrownBy(() -> builder().clockSkew(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("clock skew must be between 0 and 300 s, was -1 s");
    assertThatThrownBy(() -> builder().clockSkew(null)).isInstanceOf(NullPointerException.class).hasMessage("skew == null");
  }

  @Test
  void acceptTypes_replacesTheDefaults_andComparesWithoutCaseOrApplicationPrefix() {
    TokenValidator v = builder().acceptTypes("application/Secevent+JWT").build();
    assertThat(v.validate(sign("secevent+jwt", claims())).subject()).isEqualTo("user-1");
    assertThat(v.validate(sign("APPLICATION/SECEVENT+JWT", claims())).subject()).isEqualTo("user-1");
    rejected(() -> v.validate(sign("JWT", claims())), Reason.WRONG_TYPE,
        "typ \"JWT\" is not accepted; accepted: [secevent+jwt]");
    rejected(() -> v.validate(sign("at+jwt", claims())), Reason.WRONG_TYPE,
        "typ \"at+jwt\" is not accepted; accepted: [secevent+jwt]");
    assertThatThrownBy(() -> builder().acceptTypes()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accept at least one type");
  }

  @Test
  void type_thatDiffersFromAnAcceptedOneInOneCharacter_orExtendsIt_isRefused() {
    TokenValidator v = builder().build(); // accepts JWT and at+jwt
    for (String typ : new String[] {"JWS", "JWTX", "JW", "at+jwX", "at-jwt", "xJWT"}) {
      rejected(() -> v.validate(sign(typ, claims())), Reason.WRONG_TYPE,
          "typ \"" + typ + "\" is not accepted; accepted: [jwt, at+jwt]");
    }
    assertThat(v.validate(sign("jWt", claims())).type()).contains("jWt");
  }

  @Test
  void type_caseFoldingAppliesToLettersOnly_notToPunctuation() {
    // ASCII letters fold (A-Z to a-z); the punctuation 32 code points away ('?' and '_', '[' and '{') does not.
    TokenValidator v = builder().acceptTypes("a_b", "a{b").build();
    assertThat(v.validate(sign("A_B", claims())).subject()).isEqualTo("user-1");
    assertThat(v.validate(sign("A{B", claims())).subject()).isEqualTo("user-1");
    for (String typ : new String[] {"a?b", "a[b", "@_b", "a_B\u0000"}) {
      assertThatThrownBy(() -> v.validate(sign(typ, claims()))).isInstanceOfSatisfying(TokenRejectedException.class,
          e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_TYPE));
    }
  }

  @Test
  void ignoreIssuer_afterExpectIssuer_acceptsAnyIssuer_andExpectIssuerAfterIgnore_checksAgain() {
    Map<String, Object> c = claims();
    c.put("iss", "https://other.example.test");
    assertThat(builder().ignoreIssuer().build().validate(sign(c)).issuer()).contains("https://other.example.test");
    rejected(() -> builder().ignoreIssuer().expectIssuer(ISS).build().validate(sign(c)), Reason.WRONG_ISSUER,
        "expected issuer \"" + ISS + "\" but found \"https://other.example.test\"");
    c.remove("iss");
    assertThat(builder().ignoreIssuer().build().validate(sign(c)).issuer()).isEmpty();
  }

  @Test
  void ignoreAudience_acceptsATokenWithoutAud() {
    Map<String, Object> c = claims();
    c.remove("aud");
    VerifiedToken t = builder().ignoreAudience().build().validate(sign(c));
    assertThat(t.subject()).isEqualTo("user-1");
    assertThat(t.audience()).isEmpty();
    rejected(() -> builder().build().validate(sign(c)), Reason.MISSING_CLAIM, "required claim \"aud\" is missing");
  }

  @Test
  void toBuilder_keepsTheAcceptedTypes_insteadOfAddingThemToTheDefaults() {
    TokenValidator jose = builder().acceptTypes("JOSE").build();
    TokenValidator derived = jose.toBuilder().build();
    assertThat(derived.validate(sign("JOSE", claims())).subject()).isEqualTo("user-1");
    rejected(() -> derived.validate(sign("JWT", claims())), Reason.WRONG_TYPE,
        "typ \"JWT\" is not accepted; accepted: [jose]");
  }

  @Test
  void exp_afterTheYear9999_isAnInvalidClaim_evenInATokenWithoutIatOrNbf() {
    Map<String, Object> c = claims();
    c.remove("iat");
    c.put("exp", IdentSphereUser.NUMERIC_DATE_LIMIT);
    rejected(() -> builder().build().validate(sign(c)), Reason.INVALID_CLAIM,
        "claim \"exp\" must be a NumericDate from 0 to 253402300799 (1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z),"
            + " found a number outside that range");
    c.put("exp", IdentSphereUser.NUMERIC_DATE_LIMIT - 1);
    assertThat(builder().build().validate(sign(c)).expiresAt()).contains(Instant.parse("9999-12-31T23:59:59Z"));
  }

  @Test
  void emptyHeaderPart_isNamedAsSuch() {
    String token = sign(claims());
    String headless = token.substring(token.indexOf('.'));
    rejected(() -> builder().build().validate(headless), Reason.MALFORMED, "the JWS header part is empty");
    rejected(() -> builder().build().validate(".."), Reason.MALFORMED, "the JWS header part is empty");
    String unsigned = token.substring(0, token.lastIndexOf('.') + 1);
    rejected(() -> builder().build().validate(unsigned), Reason.MALFORMED, "the JWS signature part is empty");
  }

  @Test
  void verify_isValidate_andTheVerifiedTokenExposesItsClaims() {
    ClaimMapping mapping = ClaimMapping.DEFAULT.withRoleClaims("groups");
    TokenValidator v = builder().claimMapping(mapping).build();
    assertThat(v.claimMapping()).isSameAs(mapping);
    Map<String, Object> c = claims();
    c.put("groups", List.of("ops"));
    c.put("plan", "gold");
    VerifiedToken t = v.verify(sign(c));
    assertThat(t.user().roles()).containsExactly("ops");
    assertThat(t.claim("plan")).contains("gold");
    assertThat(t.claim("absent")).isEmpty();
    assertThat(t.issuer()).contains(ISS);
    assertThat(t.toString()).startsWith("VerifiedToken{alg=RS256, kid=k1, ").doesNotContain(sign(c).substring(0, 20));
    Map<String, Object> h = header("JWT");
    h.remove("kid");
    VerifiedToken noKid = v.verify(TestTokens.rs256(h, c, TestTokens.RSA.getPrivate()));
    assertThat(noKid.toString()).startsWith("VerifiedToken{alg=RS256, ").doesNotContain("kid=");
  }

  @Test
  void rejectionMessages_listTheExpectedValuesInTheOrderTheyWereConfigured() {
    // Fails on a set without order in about 719 of 720 runs (six values, a per-JVM random order).
    TokenValidator v = builder().acceptTypes("t1", "t2", "t3", "t4", "t5", "t6")
        .expectIssuer("i1", "i2", "i3", "i4", "i5").expectAudience("a1", "a2", "a3", "a4", "a5").build();
    rejected(() -> v.validate(sign("x", claims())), Reason.WRONG_TYPE,
        "typ \"x\" is not accepted; accepted: [t1, t2, t3, t4, t5, t6]");
    Map<String, Object> c = claims();
    c.put("iss", "i9");
    rejected(() -> v.validate(sign("t1", c)), Reason.WRONG_ISSUER,
        "expected issuer one of [" + ISS + ", i1, i2, i3, i4, i5] but found \"i9\"");
    c.put("iss", ISS);
    c.put("aud", "a9");
    rejected(() -> v.validate(sign("t1", c)), Reason.WRONG_AUDIENCE,
        "expected audience one of [api, a1, a2, a3, a4, a5] but found [a9]");
  }
}
