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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The validator caches parsed JWS headers by their encoded text. Through the public API only: many
 * distinct headers of the same length (more than the cache has slots, so some share a slot) must
 * each come back as their own header, never as a cached neighbour's.
 */
class HeaderCacheTest {
  private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
  private static final byte[] SECRET = "header-cache-secret-0123456789ab".getBytes(StandardCharsets.US_ASCII);
  private static final int KIDS = 100; // > 64 slots (and the most a JwkSet holds): some slots must be shared

  private static Map<String, Object> header(String kid, String typ) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("alg", "HS256");
    h.put("kid", kid);
    if (typ != null) h.put("typ", typ);
    return h;
  }

  private static String token(Map<String, Object> header, String subject) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", "https://id.example.test");
    c.put("aud", "api");
    c.put("sub", subject);
    c.put("exp", NOW.plusSeconds(600).getEpochSecond());
    return JwsSigner.sign(header, c, JwsAlgorithm.HS256, new SecretKeySpec(SECRET, "HmacSHA256"));
  }

  private static TokenValidator validator(List<Jwk> keys) {
    return TokenValidator.newBuilder().keySource(JwkSet.of(keys)).allowAlgorithms(JwsAlgorithm.HS256)
        .expectIssuer("https://id.example.test").expectAudience("api").clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  @Test
  void validate_manyHeadersOfTheSameLength_eachYieldsItsOwnKidAndType() {
    List<Jwk> keys = new ArrayList<>();
    for (int i = 0; i < KIDS; i++) keys.add(Jwk.fromSecret(SECRET, String.format("k%03d", i), JwsAlgorithm.HS256));
    TokenValidator v = validator(keys);
    for (int round = 0; round < 2; round++) { // the second round meets a full cache
      for (int i = 0; i < KIDS; i++) {
        String kid = String.format("k%03d", i);
        String typ = i % 2 == 0 ? "JWT" : "at+jwt";
        VerifiedToken t = v.validate(token(header(kid, typ), "user-" + i));
        assertThat(t.keyId()).as("round %d", round).contains(kid);
        assertThat(t.type()).contains(typ);
        assertThat(t.header()).containsEntry("kid", kid);
        assertThat(t.subject()).isEqualTo("user-" + i);
      }
    }
  }

  @Test
  void validate_headerThatDiffersFromACachedOneInItsLastCharacter_isParsedAfresh() {
    List<Jwk> keys = List.of(Jwk.fromSecret(SECRET, "kid-a", JwsAlgorithm.HS256));
    TokenValidator v = validator(keys);
    assertThat(v.validate(token(header("kid-a", null), "ada")).keyId()).contains("kid-a");
    // Same length, same prefix: only a full comparison tells them apart.
    assertThatThrownBy(() -> v.validate(token(header("kid-b", null), "ada")))
        .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    assertThat(v.validate(token(header("kid-a", null), "bob")).subject()).isEqualTo("bob");
  }

  @Test
  void validate_aHeaderThatIsAPrefixOfACachedOne_isNotTakenForIt() {
    TokenValidator v = validator(List.of(Jwk.fromSecret(SECRET, "kid", JwsAlgorithm.HS256)));
    Map<String, Object> longer = header("kid", "JWT");
    Map<String, Object> shorter = header("kid", null);
    VerifiedToken first = v.validate(token(longer, "ada"));
    assertThat(first.type()).contains("JWT");
    VerifiedToken second = v.validate(token(shorter, "ada"));
    assertThat(second.type()).isEmpty();
    assertThat(second.header()).doesNotContainKey("typ");
  }
}
