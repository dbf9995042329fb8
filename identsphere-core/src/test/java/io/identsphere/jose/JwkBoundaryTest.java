package io.identsphere.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Key import at its exact limits (the largest RSA modulus, the ROCA fingerprint, EC coordinates
 * with leading zero bytes, P-384), what a built key tells and publishes, and that a key's
 * {@code alg} binding also holds when {@link Jwk#verify} is called directly.
 */
class JwkBoundaryTest {
  private static final byte[] DATA = "header.payload".getBytes(StandardCharsets.US_ASCII);
  private static final KeyPair RSA = generate("RSA", 2048);

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

  private static String rsaJwk(BigInteger n, BigInteger e) {
    return "{\"kty\":\"RSA\",\"n\":\"" + Base64Url.encode(unsigned(n)) + "\",\"e\":\"" + Base64Url.encode(unsigned(e)) + "\"}";
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b[0] == 0 && b.length > 1 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  /** An odd modulus of exactly {@code bits} bits, from a seeded generator (these sizes are never generated in a test). */
  private static BigInteger oddModulus(int bits, long seed) {
    return new BigInteger(bits, new Random(seed)).setBit(bits - 1).setBit(0);
  }

  private static byte[] sign(String jca, java.security.PrivateKey key, java.security.spec.AlgorithmParameterSpec params) {
    try {
      Signature s = Signature.getInstance(jca);
      if (params != null) s.setParameter(params);
      s.initSign(key);
      s.update(DATA);
      return s.sign();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void rsaModulusOf16384Bits_isAccepted_16385Bits_isTooLarge() {
    BigInteger e = BigInteger.valueOf(65537);
    Jwk largest = Jwk.parse(rsaJwk(oddModulus(16384, 1), e));
    assertThat(largest.publicKey()).hasValueSatisfying(
        k -> assertThat(((RSAPublicKey) k).getModulus().bitLength()).isEqualTo(16384));
    assertThatThrownBy(() -> Jwk.parse(rsaJwk(oddModulus(16385, 1), e)))
        .isInstanceOfSatisfying(KeyRejectedException.class, x -> assertThat(x.rejection()).isEqualTo(KeyRejectedException.Cause.INVALID))
        .hasMessage("RSA key too large: 16385 bits, at most 16384 accepted");
  }

  @Test
  void rsaModulusWithTheRocaFingerprint_isRefusedAsWeak_andTheNextOddNumberIsAccepted() {
    // Infineon's RSALib primes are k·M + (65537^a mod M), M the product of the primes up to 167, so
    // their products are as well: n mod p lies in the subgroup 65537 generates mod p, for every such p.
    int[] primes = {3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101,
        103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167};
    BigInteger m = BigInteger.ONE;
    for (int p : primes) m = m.multiply(BigInteger.valueOf(p));
    BigInteger c = BigInteger.valueOf(65537).modPow(BigInteger.valueOf(1234567), m);
    BigInteger k = BigInteger.ONE.shiftLeft(2047).divide(m).add(new BigInteger(64, new Random(7)));
    BigInteger n = k.multiply(m).add(c);
    if (!n.testBit(0)) n = n.add(m); // M is odd: adding it keeps the fingerprint and makes n odd
    assertThat(n.bitLength()).isEqualTo(2048);
    String roca = rsaJwk(n, BigInteger.valueOf(65537));
    assertThatThrownBy(() -> Jwk.parse(roca))
        .isInstanceOfSatisfying(KeyRejectedException.class, x -> assertThat(x.rejection()).isEqualTo(KeyRejectedException.Cause.WEAK))
        .hasMessage("RSA key has the ROCA fingerprint (CVE-2017-15361): its private key is recoverable");
    assertThat(JwkSet.parsePublished(("{\"keys\":[" + roca + "]}").getBytes(StandardCharsets.UTF_8), 65536, "test").keys())
        .isEmpty();
    // The next odd number leaves the subgroup for some prime, as a random modulus does.
    BigInteger near = n.add(BigInteger.TWO);
    assertThat(Jwk.parse(rsaJwk(near, BigInteger.valueOf(65537))).keyType()).isEqualTo("RSA");
  }

  @Test
  void ecCoordinatesWithLeadingZeroBytes_arePublishedAtFullLength_andVerifyAfterTheRoundTrip() throws Exception {
    // About one P-256 key in 64 has an x or y below 2^248, whose minimal encoding is 31 bytes.
    BigInteger limit = BigInteger.ONE.shiftLeft(248);
    KeyPair short_ = null;
    for (int i = 0; i < 20_000 && short_ == null; i++) {
      KeyPair kp = ec("secp256r1");
      ECPublicKey pub = (ECPublicKey) kp.getPublic();
      if (pub.getW().getAffineX().compareTo(limit) < 0 || pub.getW().getAffineY().compareTo(limit) < 0) short_ = kp;
    }
    assertThat(short_).as("a P-256 key with a short coordinate").isNotNull();
    Jwk k = Jwk.fromPublicKey(short_.getPublic(), "short", JwsAlgorithm.ES256);
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) Json.parse(k.toPublicJson());
    assertThat(Base64Url.decode((String) json.get("x"))).hasSize(32);
    assertThat(Base64Url.decode((String) json.get("y"))).hasSize(32);
    Jwk back = Jwk.parse(k.toPublicJson());
    assertThat(back.thumbprint()).isEqualTo(k.thumbprint());
    byte[] der = sign("SHA256withECDSAinP1363Format", short_.getPrivate(), null);
    assertThat(back.verify(JwsAlgorithm.ES256, DATA, 0, DATA.length, der)).isTrue();
  }

  @Test
  void p384PublicKey_isWrappedAsP384_permitsES384Only_andPublishesItsCurve() {
    KeyPair kp = ec("secp384r1");
    Jwk k = Jwk.fromPublicKey(kp.getPublic(), null, null);
    assertThat(k.keyType()).isEqualTo("EC");
    assertThat(k.permits(JwsAlgorithm.ES384)).isTrue();
    assertThat(k.permits(JwsAlgorithm.ES256)).isFalse();
    assertThat(k.toPublicJson()).contains("\"crv\":\"P-384\"");
    byte[] sig = sign("SHA384withECDSAinP1363Format", kp.getPrivate(), null);
    assertThat(Jwk.parse(k.toPublicJson()).verify(JwsAlgorithm.ES384, DATA, 0, DATA.length, sig)).isTrue();
    assertThatThrownBy(() -> Jwk.fromPublicKey(kp.getPublic(), null, JwsAlgorithm.ES256))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ES256 cannot use a P-384 key");
  }

  @Test
  void ecSignatureOfTheRightLength_thatDoesNotVerify_isFalse() {
    KeyPair kp = ec("secp256r1");
    Jwk k = Jwk.fromPublicKey(kp.getPublic(), "e", null);
    byte[] sig = sign("SHA256withECDSAinP1363Format", kp.getPrivate(), null);
    assertThat(k.verify(JwsAlgorithm.ES256, DATA, 0, DATA.length, sig)).isTrue();
    byte[] other = "header.payloaD".getBytes(StandardCharsets.US_ASCII);
    assertThat(k.verify(JwsAlgorithm.ES256, other, 0, other.length, sig)).isFalse();
    sig[40] ^= 1;
    assertThat(k.verify(JwsAlgorithm.ES256, DATA, 0, DATA.length, sig)).isFalse();
  }

  @Test
  void verify_withAnAlgorithmTheKeyIsNotBoundTo_isFalse_evenForAValidSignature() {
    byte[] pss = sign("RSASSA-PSS", RSA.getPrivate(), new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    Jwk unbound = Jwk.fromPublicKey(RSA.getPublic(), "any", null);
    assertThat(unbound.verify(JwsAlgorithm.PS256, DATA, 0, DATA.length, pss)).isTrue();
    Jwk rs256Only = Jwk.fromPublicKey(RSA.getPublic(), "rs", JwsAlgorithm.RS256);
    assertThat(rs256Only.permits(JwsAlgorithm.PS256)).isFalse();
    assertThat(rs256Only.verify(JwsAlgorithm.PS256, DATA, 0, DATA.length, pss)).isFalse();
    byte[] pkcs1 = sign("SHA256withRSA", RSA.getPrivate(), null);
    assertThat(rs256Only.verify(JwsAlgorithm.RS256, DATA, 0, DATA.length, pkcs1)).isTrue();
  }

  @Test
  void parsedKey_tellsItsMembers_andPublishesExactlyThem() {
    Jwk k = Jwk.fromPublicKey(RSA.getPublic(), null, null);
    String json = "{\"kty\":\"RSA\",\"kid\":\"r1\",\"use\":\"sig\",\"alg\":\"PS384\",\"key_ops\":[\"verify\"],"
        + k.toPublicJson().substring(1).replace("\"kty\":\"RSA\",", "");
    Jwk parsed = Jwk.parse(json);
    assertThat(parsed.keyType()).isEqualTo("RSA");
    assertThat(parsed.keyId()).contains("r1");
    assertThat(parsed.use()).contains("sig");
    assertThat(parsed.algorithm()).contains("PS384");
    assertThat(parsed.keyOperations()).containsExactly("verify");
    assertThat(parsed.isSymmetric()).isFalse();
    assertThat(parsed.publicKey()).contains(RSA.getPublic());
    assertThat(Json.parse(parsed.toPublicJson())).isEqualTo(Json.parse(json));
    // A key without kid, use, alg or key_ops publishes only its RFC 7638 members.
    @SuppressWarnings("unchecked")
    Map<String, Object> bare = (Map<String, Object>) Json.parse(k.toPublicJson());
    assertThat(bare.keySet()).containsExactlyInAnyOrder("kty", "n", "e");
  }

  @Test
  void secret_hasNoPublicKey_andAnOctJwkWithAnAsymmetricAlg_isRefused() {
    Jwk secret = Jwk.fromSecret(new byte[32], "s", JwsAlgorithm.HS256);
    assertThat(secret.isSymmetric()).isTrue();
    assertThat(secret.publicKey()).isEmpty();
    assertThat(secret.keyType()).isEqualTo("oct");
    assertThatThrownBy(() -> Jwk.parse("{\"kty\":\"oct\",\"alg\":\"RS256\",\"k\":\"" + "A".repeat(43) + "\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("JWK alg RS256 does not fit kty oct");
    assertThat(Jwk.parse("{\"kty\":\"oct\",\"alg\":\"HS384\",\"k\":\"" + "A".repeat(64) + "\"}").permits(JwsAlgorithm.HS384))
        .isTrue();
  }

  @Test
  void jwkSet_findsCandidatesByKid_andPublishesEveryKey() {
    Jwk a = Jwk.fromPublicKey(RSA.getPublic(), "a", JwsAlgorithm.RS256);
    Jwk b = Jwk.fromPublicKey(ec("secp256r1").getPublic(), "b", null);
    Jwk anonymous = Jwk.fromPublicKey(ec("secp384r1").getPublic(), null, null);
    JwkSet set = JwkSet.of(List.of(a, b, anonymous));
    assertThat(set.keys()).containsExactly(a, b, anonymous);
    assertThat(set.candidates(Optional.of("b"))).containsExactly(b);
    assertThat(set.candidates(Optional.of("zzz"))).isEmpty();
    assertThat(set.candidates(Optional.empty())).containsExactly(a, b, anonymous);
    assertThat(JwkSet.of(a, b).keys()).containsExactly(a, b);
    JwkSet back = JwkSet.parse(set.toPublicJson());
    assertThat(back.keys()).extracting(Jwk::thumbprint).containsExactly(a.thumbprint(), b.thumbprint(), anonymous.thumbprint());
    assertThat(set.toString()).startsWith("JwkSet[").contains("kid=a", "kid=b");
    JwkSet secrets = JwkSet.of(Jwk.fromSecret(new byte[32], "s", JwsAlgorithm.HS256));
    assertThat(secrets.toString()).doesNotContain("AAAA");
    assertThatThrownBy(secrets::toPublicJson).isInstanceOf(IllegalStateException.class)
        .hasMessage("an HMAC secret is never published");
  }
}
