package io.identsphere.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.jose.JwsSigner;
import io.identsphere.internal.json.Json;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link TokenValidator#validate} on arbitrary text and on tokens built from fuzzed header and
 * claims that carry a real RS256, ES256 or HS256 signature, so the fuzzer reaches the claim checks.
 * The only exception allowed out is {@link TokenRejectedException}, with a loggable message that
 * never quotes the signature; an accepted token must satisfy every configured rule.
 */
class TokenValidatorFuzzTest {
  static final String ISSUER = "https://id.example.test";
  static final String AUDIENCE = "api";
  /** The corpus's valid tokens expire at 1893456300 (five minutes after this). */
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final KeyPair RSA = generate("RSA", null);
  private static final KeyPair EC = generate("EC", new ECGenParameterSpec("secp256r1"));
  private static final byte[] SECRET = "fuzz-secret-fuzz-secret-fuzz-sec".getBytes(StandardCharsets.US_ASCII);
  private static final TokenValidator PUBLIC_KEYS = TokenValidator.newBuilder()
      .keySource(JwkSet.of(Jwk.fromPublicKey(RSA.getPublic(), "rsa", JwsAlgorithm.RS256),
          Jwk.fromPublicKey(EC.getPublic(), "ec", JwsAlgorithm.ES256)))
      .expectIssuer(ISSUER).expectAudience(AUDIENCE).requireClaims("sub")
      .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  private static final TokenValidator HMAC = TokenValidator.newBuilder()
      .keySource(JwkSet.of(Jwk.fromSecret(SECRET, "hs", JwsAlgorithm.HS256)))
      .allowAlgorithms(JwsAlgorithm.HS256)
      .expectIssuer(ISSUER).expectAudience(AUDIENCE)
      .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  private static final String[] TYPES = {null, "JWT", "at+jwt", "application/at+JWT", "jwt+at", ""};
  private static final String[] KIDS = {"rsa", "ec", "hs", null, "other"};

  private static KeyPair generate(String algorithm, ECGenParameterSpec curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      if (curve == null) g.initialize(2048); else g.initialize(curve);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The input is the token text itself. */
  @FuzzTest(maxDuration = "5m")
  void validateText(byte[] input) {
    String token = new String(input, StandardCharsets.UTF_8);
    check(PUBLIC_KEYS, token);
    check(HMAC, token);
  }

  /**
   * The input picks a key (from its end) and gives the claims JSON (from its start), optionally
   * after a raw header; the token is then signed for real, so only the JSON and the rules decide.
   */
  @FuzzTest(maxDuration = "5m")
  void validateSigned(FuzzedDataProvider data) {
    int keyChoice = data.consumeInt(0, 3);
    JwsAlgorithm alg = keyChoice == 0 ? JwsAlgorithm.RS256 : keyChoice == 1 ? JwsAlgorithm.ES256 : JwsAlgorithm.HS256;
    byte[] header;
    if (data.consumeBoolean()) {
      int length = data.consumeInt(0, 300);
      header = data.consumeBytes(length);
    } else {
      String kid = data.pickValue(KIDS);
      String typ = data.pickValue(TYPES);
      String algName = data.consumeBoolean() ? alg.name() : data.pickValue(new String[] {"none", "RS256", "ES256", "HS256", "PS256"});
      header = ("{\"alg\":\"" + algName + "\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"")
          + (typ == null ? "" : ",\"typ\":\"" + typ + "\"") + "}").getBytes(StandardCharsets.UTF_8);
    }
    byte[] claims = data.consumeRemainingAsBytes();
    String input = Base64Url.encode(header) + "." + Base64Url.encode(claims);
    byte[] signature = keyChoice == 3 ? new byte[64]
        : JwsSigner.signature(alg, key(alg), input.getBytes(StandardCharsets.US_ASCII));
    String token = input + "." + Base64Url.encode(signature);
    check(alg == JwsAlgorithm.HS256 ? HMAC : PUBLIC_KEYS, token);
  }

  private static Key key(JwsAlgorithm alg) {
    switch (alg) {
      case RS256: return RSA.getPrivate();
      case ES256: return EC.getPrivate();
      default: return new SecretKeySpec(SECRET, "HmacSHA256");
    }
  }

  private static void check(TokenValidator validator, String token) {
    VerifiedToken t;
    try {
      t = validator.validate(token);
    } catch (TokenRejectedException e) {
      assertThat(e.reason()).isNotNull();
      Escapes.assertLoggable(e);
      int lastDot = token.lastIndexOf('.');
      String signature = lastDot < 0 ? "" : token.substring(lastDot + 1);
      if (signature.length() >= 16) assertThat(e.getMessage()).doesNotContain(signature);
      return;
    }
    assertAccepted(t, token);
  }

  /** An accepted token satisfies the rules, judged from its claims parsed independently. */
  private static void assertAccepted(VerifiedToken t, String token) {
    String payload = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
    Map<String, Object> claims = Json.parseObject(Base64Url.decode(payload), io.identsphere.internal.json.JsonLimits.DEFAULT);
    assertThat(t.claims()).isEqualTo(claims);
    assertThat(claims.get("iss")).isEqualTo(ISSUER);
    Object aud = claims.get("aud");
    assertThat(aud instanceof List ? (List<?>) aud : List.of(aud)).contains(AUDIENCE);
    assertThat(t.expiresAt()).hasValueSatisfying(exp -> assertThat(exp).isAfter(NOW.minusSeconds(60)));
    assertThat(t.subject()).isEqualTo(claims.get("sub") instanceof String ? claims.get("sub") : "");
    assertThat(t.user().subject()).isEqualTo(t.subject());
  }
}
