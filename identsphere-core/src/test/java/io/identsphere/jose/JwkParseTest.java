package io.identsphere.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.jose.Base64Url;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only {@link IllegalArgumentException} escapes {@link Jwk#parse} and {@link JwkSet#parse}, for any input. */
class JwkParseTest {
  private static final KeyPair RSA = generate("RSA", 2048);
  private static final KeyPair P256 = ec("secp256r1");
  private static final KeyPair P384 = ec("secp384r1");
  private static final String N = Base64Url.encode(unsigned(((RSAPublicKey) RSA.getPublic()).getModulus()));

  private static KeyPair generate(String alg, int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair ec(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static String p256Json() {
    return Jwk.fromPublicKey(P256.getPublic(), "e1", null).toPublicJson();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AA\"}",
      "{\"kty\":\"EC\",\"crv\":\"P-521\",\"x\":\"AA\",\"y\":\"AA\"}",
      "{\"kty\":\"EC\",\"crv\":\"secp256k1\",\"x\":\"AA\",\"y\":\"AA\"}",
      "{\"kty\":\"rsa\",\"n\":\"AA\",\"e\":\"AQAB\"}",
      "{\"kty\":\"\"}"
  })
  void parse_unsupportedKtyOrCrv_isIllegalArgument(String json) {
    assertThatThrownBy(() -> Jwk.parse(json)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unsupported");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "[]", "null", "42", "\"RSA\"", "{", "{\"kty\":\"RSA\",\"kty\":\"RSA\"}",
      "{}", "{\"kty\":1}", "{\"kty\":null}", "{\"kty\":[\"RSA\"]}", "{\"kty\":{\"a\":1}}",
      "{\"kty\":\"RSA\"}", "{\"kty\":\"RSA\",\"n\":1,\"e\":\"AQAB\"}", "{\"kty\":\"RSA\",\"n\":\"\",\"e\":\"AQAB\"}",
      "{\"kty\":\"RSA\",\"n\":\"AAA=\",\"e\":\"AQAB\"}", "{\"kty\":\"RSA\",\"n\":\"A\",\"e\":\"AQAB\"}",
      "{\"kty\":\"RSA\",\"n\":\"AB\",\"e\":\"AQAB\"}", "{\"kty\":\"RSA\",\"n\":\"a+b/\",\"e\":\"AQAB\"}",
      "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}", "{\"kty\":\"RSA\",\"n\":1e999999,\"e\":\"AQAB\"}",
      "{\"kty\":\"RSA\",\"n\":123456789012345678901234567890123456789,\"e\":\"AQAB\"}",
      "{\"kty\":\"EC\",\"crv\":\"P-256\"}", "{\"kty\":\"EC\",\"crv\":256,\"x\":\"AA\",\"y\":\"AA\"}",
      "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}",
      "{\"kty\":\"oct\",\"k\":\"AA\"}", "{\"kty\":\"oct\",\"k\":true}", "{\"kty\":\"oct\"}",
      "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"key_ops\":\"verify\"}",
      "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"key_ops\":[1]}",
      "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"kid\":7}",
      "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"alg\":false}",
      "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"use\":[]}",
      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
      "\"\\ud800\"", "{\"kty\":\"RSA\u0000\"}"
  })
  void parse_malformedOrMistypedMembers_isIllegalArgument(String json) {
    assertThatThrownBy(() -> Jwk.parse(json)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_hugeModulus_isRefusedBySizeBeforeAnyArithmetic() {
    String n = Base64Url.encode(new BigInteger(1, new byte[] {1}).shiftLeft(319_999).or(BigInteger.ONE).toByteArray());
    long start = System.nanoTime();
    assertThatThrownBy(() -> Jwk.parse("{\"kty\":\"RSA\",\"n\":\"" + n + "\",\"e\":\"AQAB\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("RSA key too large: 320000 bits, at most 16384 accepted");
    assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
  }

  @Test
  void parse_hugeExponent_isRefusedWithItsSizeNotItsValue() {
    byte[] e = new byte[40_000];
    java.util.Arrays.fill(e, (byte) 0xff);
    String json = "{\"kty\":\"RSA\",\"n\":\"" + N + "\",\"e\":\"" + Base64Url.encode(e) + "\"}";
    assertThatThrownBy(() -> Jwk.parse(json)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RSA public exponent has 320000 bits, at most 64 accepted");
  }

  @Test
  void parse_exponentOf65BitsIsRefused_64BitsIsAccepted() {
    String e64 = Base64Url.encode(unsigned(BigInteger.ONE.shiftLeft(63).or(BigInteger.ONE)));
    String e65 = Base64Url.encode(unsigned(BigInteger.ONE.shiftLeft(64).or(BigInteger.ONE)));
    assertThat(Jwk.parse("{\"kty\":\"RSA\",\"n\":\"" + N + "\",\"e\":\"" + e64 + "\"}").permits(JwsAlgorithm.RS256)).isTrue();
    assertThatThrownBy(() -> Jwk.parse("{\"kty\":\"RSA\",\"n\":\"" + N + "\",\"e\":\"" + e65 + "\"}"))
        .hasMessage("RSA public exponent has 65 bits, at most 64 accepted");
  }

  @Test
  void parse_evenModulus_isRefused() {
    BigInteger even = ((RSAPublicKey) RSA.getPublic()).getModulus().clearBit(0);
    String json = "{\"kty\":\"RSA\",\"n\":\"" + Base64Url.encode(unsigned(even)) + "\",\"e\":\"AQAB\"}";
    assertThatThrownBy(() -> Jwk.parse(json)).isInstanceOf(IllegalArgumentException.class).hasMessage("RSA modulus is even");
  }

  @Test
  void parse_serverTextInMessages_isEscaped() {
    assertThatThrownBy(() -> Jwk.parse("{\"kty\":\"X\\nFAKE LOG LINE\\u202e\"}"))
        .hasMessage("unsupported JWK kty \"X\\nFAKE LOG LINE\\u202e\"");
    assertThatThrownBy(() -> Jwk.parse("{\"kty\":\"EC\",\"crv\":\"P\\r-256\",\"x\":\"AA\",\"y\":\"AA\"}"))
        .hasMessage("unsupported EC curve \"P\\r-256\"");
  }

  @Test
  void p256KeyWithoutAlg_permitsES256Only_andP384KeyWithoutAlg_permitsES384Only() {
    Jwk p256 = Jwk.parse(p256Json());
    assertThat(p256.algorithm()).isEmpty();
    assertThat(p256.permits(JwsAlgorithm.ES256)).isTrue();
    assertThat(p256.permits(JwsAlgorithm.ES384)).isFalse();
    assertThat(p256.permits(JwsAlgorithm.RS256)).isFalse();
    assertThat(p256.permits(JwsAlgorithm.HS256)).isFalse();
    Jwk p384 = Jwk.parse(Jwk.fromPublicKey(P384.getPublic(), "e2", null).toPublicJson());
    assertThat(p384.permits(JwsAlgorithm.ES384)).isTrue();
    assertThat(p384.permits(JwsAlgorithm.ES256)).isFalse();
    assertThatThrownBy(() -> Jwk.parse(p256Json().replace("}", ",\"alg\":\"ES384\"}")))
        .hasMessage("JWK alg ES384 does not fit curve P-256");
    assertThatThrownBy(() -> Jwk.fromPublicKey(P256.getPublic(), "e1", JwsAlgorithm.ES384))
        .hasMessage("ES384 cannot use a P-256 key");
  }

  @Test
  void parse_randomMutationsOfValidKeys_throwOnlyIllegalArgument() {
    List<String> seeds = List.of(p256Json(), Jwk.fromPublicKey(P384.getPublic(), "e2", JwsAlgorithm.ES384).toPublicJson(),
        Jwk.fromPublicKey(RSA.getPublic(), "r1", JwsAlgorithm.PS256).toPublicJson(),
        "{\"kty\":\"oct\",\"kid\":\"s\",\"k\":\"" + "A".repeat(43) + "\",\"key_ops\":[\"verify\"]}");
    String alphabet = "{}[]\":,0123456789.eE+-AQ_-/=\\u tnfl\u00e9\u2028";
    Random random = new Random(20261201);
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.identsphere.jose.JwkSet");
    java.util.logging.Level before = jul.getLevel();
    jul.setLevel(java.util.logging.Level.OFF); // one summary line per parse, but 4,000 parses
    try {
      fuzz(seeds, alphabet, random);
    } finally {
      jul.setLevel(before);
    }
  }

  private static void fuzz(List<String> seeds, String alphabet, Random random) {
    int accepted = 0;
    for (int i = 0; i < 4000; i++) {
      StringBuilder sb = new StringBuilder(seeds.get(i % seeds.size()));
      for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
        int at = random.nextInt(sb.length());
        switch (random.nextInt(3)) {
          case 0: sb.deleteCharAt(at); break;
          case 1: sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length()))); break;
          default: sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
        if (sb.length() == 0) sb.append('x');
      }
      String json = sb.toString();
      byte[] set = ("{\"keys\":[" + json + "]}").getBytes(StandardCharsets.UTF_8);
      try {
        Jwk.parse(json);
        accepted++;
      } catch (IllegalArgumentException expected) {
        // the one documented type
      } catch (RuntimeException e) {
        throw new AssertionError("Jwk.parse leaked " + e + " for " + json, e);
      }
      try {
        JwkSet.parsePublished(set, 65536, "fuzz");
      } catch (IllegalArgumentException expected) {
        // the one documented type
      } catch (RuntimeException e) {
        throw new AssertionError("JwkSet.parsePublished leaked " + e + " for " + json, e);
      }
    }
    assertThat(accepted).isPositive(); // some mutations (in kid, say) still make valid keys
  }

  @Test
  void setParse_localConfiguration_throwsOnlyIllegalArgument() {
    assertThatThrownBy(() -> JwkSet.parse("{\"keys\":{}}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwkSet.parse("{\"keys\":[1]}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JWK Set key 0: key 0 is not an object");
    assertThatThrownBy(() -> JwkSet.parse("{\"keys\":[" + p256Json() + "," + p256Json() + "]}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("JWK Set has two keys with kid \"e1\"");
    assertThat(JwkSet.parse("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AA\"}," + p256Json() + "]}").keys())
        .hasSize(1);
    String many = "{\"keys\":[" + String.join(",", java.util.Collections.nCopies(101, "{}")) + "]}";
    assertThatThrownBy(() -> JwkSet.parse(many)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JWK Set has 101 keys, at most 100 accepted");
  }
}
