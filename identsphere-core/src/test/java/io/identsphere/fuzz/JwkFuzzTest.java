package io.identsphere.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import java.nio.charset.StandardCharsets;

/**
 * {@link Jwk#parse}, {@link JwkSet#parse} and {@link JwkSet#parsePublished} on arbitrary bytes.
 * The documented failure is {@link IllegalArgumentException}; a parsed public key must survive
 * {@link Jwk#toPublicJson()} and a re-parse with the same thumbprint.
 */
class JwkFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void parseJwk(byte[] input) {
    Jwk key;
    try {
      key = Jwk.parse(new String(input, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return; // documented
    }
    assertRoundTrip(key);
  }

  @FuzzTest(maxDuration = "5m")
  void parseJwkSet(byte[] input) {
    JwkSet local = null;
    try {
      local = JwkSet.parse(new String(input, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // documented
    }
    JwkSet published = null;
    try {
      published = JwkSet.parsePublished(input, 64 * 1024, "fuzz");
    } catch (IllegalArgumentException e) {
      // documented
    }
    if (published != null) {
      for (Jwk k : published.keys()) {
        assertThat(k.isSymmetric()).as("a published set never yields an HMAC secret").isFalse();
        assertRoundTrip(k);
      }
      assertThat(published.keys().stream().filter(k -> k.keyId().isPresent()).map(k -> k.keyId().get()))
          .doesNotHaveDuplicates();
    }
    if (local != null) {
      assertThat(local.keys().stream().filter(Jwk::isSymmetric).count())
          .as("never HMAC secrets mixed with public keys").isIn(0L, (long) local.keys().size());
    }
  }

  private static void assertRoundTrip(Jwk key) {
    if (key.isSymmetric()) {
      assertThat(key.publicKey()).isEmpty();
      return;
    }
    Jwk again = Jwk.parse(key.toPublicJson());
    assertThat(again.thumbprint()).isEqualTo(key.thumbprint());
    assertThat(again.publicKey()).isEqualTo(key.publicKey());
    assertThat(again.keyType()).isEqualTo(key.keyType());
  }
}
