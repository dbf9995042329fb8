package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.jose.JwsSigner;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@code at_hash} (OIDC Core §3.1.3.6): the left half of the access token's hash, with the hash of
 * the ID token's own algorithm, base64url. Computed here with plain JDK code for every hash size.
 */
class IdTokenAtHashTest {
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
  private static final String ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl";

  private static String expected(String sha, String accessToken) throws Exception {
    byte[] h = MessageDigest.getInstance(sha).digest(accessToken.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, h.length / 2));
  }

  @Test
  void halfHash_usesTheAlgorithmsHashSize_andKeepsItsLeftHalf() throws Exception {
    assertThat(IdTokens.halfHash(JwsAlgorithm.RS256, ACCESS_TOKEN)).isEqualTo(expected("SHA-256", ACCESS_TOKEN)).hasSize(22);
    assertThat(IdTokens.halfHash(JwsAlgorithm.ES256, ACCESS_TOKEN)).isEqualTo(expected("SHA-256", ACCESS_TOKEN));
    assertThat(IdTokens.halfHash(JwsAlgorithm.ES384, ACCESS_TOKEN)).isEqualTo(expected("SHA-384", ACCESS_TOKEN)).hasSize(32);
    assertThat(IdTokens.halfHash(JwsAlgorithm.PS384, ACCESS_TOKEN)).isEqualTo(expected("SHA-384", ACCESS_TOKEN));
    assertThat(IdTokens.halfHash(JwsAlgorithm.RS512, ACCESS_TOKEN)).isEqualTo(expected("SHA-512", ACCESS_TOKEN)).hasSize(43);
    assertThat(IdTokens.halfHash(JwsAlgorithm.HS512, ACCESS_TOKEN)).isEqualTo(expected("SHA-512", ACCESS_TOKEN));
  }

  private static VerifiedToken idToken(JwsAlgorithm alg, String atHash) {
    byte[] secret = new byte[alg.hashBytes()];
    Arrays.fill(secret, (byte) 3);
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("alg", alg.name());
    h.put("kid", "k");
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", "https://id.example.test");
    c.put("aud", "web");
    c.put("sub", "ada");
    c.put("iat", NOW.getEpochSecond());
    c.put("exp", NOW.getEpochSecond() + 300);
    if (atHash != null) c.put("at_hash", atHash);
    String token = JwsSigner.sign(h, c, alg, new SecretKeySpec(secret, alg.jcaName()));
    return TokenValidator.newBuilder().keySource(JwkSet.of(Jwk.fromSecret(secret, "k", alg))).allowAlgorithms(alg)
        .expectIssuer("https://id.example.test").expectAudience("web").acceptIdTokens()
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()
        .validate(token);
  }

  @Test
  void check_atHashOfTheIssuedAccessToken_isAccepted_forEachHashSize() throws Exception {
    for (JwsAlgorithm alg : new JwsAlgorithm[] {JwsAlgorithm.HS256, JwsAlgorithm.HS384, JwsAlgorithm.HS512}) {
      String sha = "SHA-" + alg.hashBytes() * 8;
      VerifiedToken t = idToken(alg, expected(sha, ACCESS_TOKEN));
      IdTokens.check(t, "web", null, ACCESS_TOKEN);
      assertThat(t.subject()).isEqualTo("ada");
      // The hash of another size, or of another token, does not match.
      String otherSize = expected(alg == JwsAlgorithm.HS256 ? "SHA-384" : "SHA-256", ACCESS_TOKEN);
      VerifiedToken wrongSize = idToken(alg, otherSize);
      assertThatThrownBy(() -> IdTokens.check(wrongSize, "web", null, ACCESS_TOKEN))
          .isInstanceOfSatisfying(TokenRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.ID_TOKEN_MISMATCH);
            assertThat(e.getMessage()).contains("at_hash");
          });
      assertThatThrownBy(() -> IdTokens.check(t, "web", null, ACCESS_TOKEN + "x")).isInstanceOf(TokenRejectedException.class);
    }
  }

  @Test
  void check_withoutAtHashOrWithoutAnAccessToken_hasNothingToCompare() {
    IdTokens.check(idToken(JwsAlgorithm.HS256, null), "web", null, ACCESS_TOKEN);
    VerifiedToken t = idToken(JwsAlgorithm.HS256, "not-the-hash");
    IdTokens.check(t, "web", null, null);
    assertThat(t.claim("at_hash")).contains("not-the-hash");
    assertThatThrownBy(() -> IdTokens.check(t, "web", null, ACCESS_TOKEN)).isInstanceOf(TokenRejectedException.class);
  }

  @Test
  void constantTimeEquals_comparesWholeStrings() {
    assertThat(IdTokens.constantTimeEquals("abc", "abc")).isTrue();
    assertThat(IdTokens.constantTimeEquals("abc", "abd")).isFalse();
    assertThat(IdTokens.constantTimeEquals("abc", "ab")).isFalse();
    assertThat(IdTokens.constantTimeEquals("", "")).isTrue();
  }
}
