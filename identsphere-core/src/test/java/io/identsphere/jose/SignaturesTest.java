package io.identsphere.jose;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** JCA-made signatures verify; the length and range checks refuse what JCA might let through. */
class SignaturesTest {
  private static final KeyPair RSA = generate("RSA", null);
  private static final KeyPair P256 = generate("EC", "secp256r1");
  private static final KeyPair P384 = generate("EC", "secp384r1");
  private static final byte[] DATA = "eyJhbGciOiJQUzI1NiJ9.eyJzdWIiOiJhZGEifQ".getBytes(StandardCharsets.US_ASCII);

  private static KeyPair generate(String alg, String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
      if (curve == null) g.initialize(2048); else g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sign(String jca, java.security.spec.AlgorithmParameterSpec params, java.security.PrivateKey key)
      throws Exception {
    Signature s = Signature.getInstance(jca);
    if (params != null) s.setParameter(params);
    s.initSign(key);
    s.update(DATA);
    return s.sign();
  }

  private static PSSParameterSpec pss(String sha, int salt) {
    return new PSSParameterSpec(sha, "MGF1", new MGF1ParameterSpec(sha), salt, 1);
  }

  @Test
  void verify_pss_eachHashWithItsOwnMgf1AndSalt_andNotAnother() throws Exception {
    JwsAlgorithm[] algs = {JwsAlgorithm.PS256, JwsAlgorithm.PS384, JwsAlgorithm.PS512};
    String[] shas = {"SHA-256", "SHA-384", "SHA-512"};
    for (int i = 0; i < algs.length; i++) {
      byte[] good = sign("RSASSA-PSS", pss(shas[i], algs[i].hashBytes()), RSA.getPrivate());
      assertThat(Signatures.verify(algs[i], RSA.getPublic(), null, DATA, 0, DATA.length, good)).as("%s", algs[i]).isTrue();
      // The same hash with another MGF1 hash, or another salt length, is a different scheme.
      String otherMgf = shas[(i + 1) % 3];
      byte[] wrongMgf = sign("RSASSA-PSS", new PSSParameterSpec(shas[i], "MGF1", new MGF1ParameterSpec(otherMgf),
          algs[i].hashBytes(), 1), RSA.getPrivate());
      assertThat(Signatures.verify(algs[i], RSA.getPublic(), null, DATA, 0, DATA.length, wrongMgf)).isFalse();
      byte[] wrongSalt = sign("RSASSA-PSS", pss(shas[i], 20), RSA.getPrivate());
      assertThat(Signatures.verify(algs[i], RSA.getPublic(), null, DATA, 0, DATA.length, wrongSalt)).isFalse();
    }
    PSSParameterSpec p = Signatures.pssParams(JwsAlgorithm.PS384);
    assertThat(p.getDigestAlgorithm()).isEqualTo("SHA-384");
    assertThat(((MGF1ParameterSpec) p.getMGFParameters()).getDigestAlgorithm()).isEqualTo("SHA-384");
    assertThat(p.getSaltLength()).isEqualTo(48);
    assertThat(p.getTrailerField()).isEqualTo(1);
  }

  @Test
  void verify_rsaPkcs1_signatureOfAnyOtherLength_isFalse() throws Exception {
    byte[] good = sign("SHA256withRSA", null, RSA.getPrivate());
    assertThat(Signatures.verify(JwsAlgorithm.RS256, RSA.getPublic(), null, DATA, 0, DATA.length, good)).isTrue();
    byte[] padded = new byte[good.length + 1];
    System.arraycopy(good, 0, padded, 1, good.length);
    assertThat(Signatures.verify(JwsAlgorithm.RS256, RSA.getPublic(), null, DATA, 0, DATA.length, padded)).isFalse();
    assertThat(Signatures.verify(JwsAlgorithm.RS256, RSA.getPublic(), null, DATA, 0, DATA.length,
        Arrays.copyOf(good, good.length - 1))).isFalse();
    assertThat(Signatures.verify(JwsAlgorithm.RS256, RSA.getPublic(), null, DATA, 1, DATA.length - 1, good))
        .as("another slice of the data").isFalse();
  }

  @Test
  void verify_ecdsa_refusesZeroAndOutOfRangeValues_andWrongLengths() throws Exception {
    byte[] good = sign("SHA256withECDSAinP1363Format", null, P256.getPrivate());
    assertThat(Signatures.verify(JwsAlgorithm.ES256, P256.getPublic(), null, DATA, 0, DATA.length, good)).isTrue();
    BigInteger n = ((ECPublicKey) P256.getPublic()).getParams().getOrder();
    byte[] r = Arrays.copyOfRange(good, 0, 32);
    byte[] s = Arrays.copyOfRange(good, 32, 64);
    byte[] zero = new byte[32];
    byte[] order = fixed(n);
    byte[] rPlusN = fixed(new BigInteger(1, r).add(n));
    byte[] sPlusN = fixed(new BigInteger(1, s).add(n));
    assertThat(verifyEs256(concat(zero, s))).isFalse();
    assertThat(verifyEs256(concat(r, zero))).isFalse();
    assertThat(verifyEs256(concat(order, s))).isFalse();
    assertThat(verifyEs256(concat(r, order))).isFalse();
    if (rPlusN != null) assertThat(verifyEs256(concat(rPlusN, s))).as("r + n").isFalse();
    if (sPlusN != null) assertThat(verifyEs256(concat(r, sPlusN))).as("s + n").isFalse();
    assertThat(verifyEs256(Arrays.copyOf(good, 63))).isFalse();
    assertThat(verifyEs256(Arrays.copyOf(good, 65))).isFalse();
    assertThat(verifyEs256(new byte[0])).isFalse();
    // An ES256 signature is not an ES384 one, even on a P-384 key.
    byte[] es384 = sign("SHA384withECDSAinP1363Format", null, P384.getPrivate());
    assertThat(Signatures.verify(JwsAlgorithm.ES384, P384.getPublic(), null, DATA, 0, DATA.length, es384)).isTrue();
    assertThat(Signatures.verify(JwsAlgorithm.ES256, P384.getPublic(), null, DATA, 0, DATA.length, es384)).isFalse();
  }

  private static boolean verifyEs256(byte[] sig) {
    return Signatures.verify(JwsAlgorithm.ES256, P256.getPublic(), null, DATA, 0, DATA.length, sig);
  }

  /** 32 bytes, or null when the value does not fit. */
  private static byte[] fixed(BigInteger v) {
    byte[] b = v.toByteArray();
    if (b.length == 33 && b[0] == 0) return Arrays.copyOfRange(b, 1, 33);
    if (b.length > 32) return null;
    byte[] out = new byte[32];
    System.arraycopy(b, 0, out, 32 - b.length, b.length);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void verify_hmacWithoutPrecomputedState_usesJcaMac_inConstantTime_andChecksTheLength() throws Exception {
    byte[] secret = new byte[48];
    Arrays.fill(secret, (byte) 7);
    SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA384");
    Mac mac = Mac.getInstance("HmacSHA384");
    mac.init(key);
    byte[] tag = mac.doFinal(DATA);
    assertThat(Signatures.verify(JwsAlgorithm.HS384, key, null, DATA, 0, DATA.length, tag)).isTrue();
    assertThat(Signatures.verify(JwsAlgorithm.HS384, key, null, DATA, 0, DATA.length - 1, tag)).isFalse();
    assertThat(Signatures.verify(JwsAlgorithm.HS384, key, null, DATA, 0, DATA.length, Arrays.copyOf(tag, 32))).isFalse();
    byte[] wrong = tag.clone();
    wrong[47] ^= 1;
    assertThat(Signatures.verify(JwsAlgorithm.HS384, key, null, DATA, 0, DATA.length, wrong)).isFalse();
    Hmac pre = Hmac.create(JwsAlgorithm.HS384, secret);
    assertThat(Signatures.verify(JwsAlgorithm.HS384, key, pre, DATA, 0, DATA.length, tag)).isTrue();
    assertThat(Signatures.verify(JwsAlgorithm.HS384, key, pre, DATA, 0, DATA.length, wrong)).isFalse();
  }

  @Test
  void verify_aKeyOfAnotherFamily_isFalse_neverAnException() throws Exception {
    byte[] rsaSig = sign("SHA256withRSA", null, RSA.getPrivate());
    assertThat(Signatures.verify(JwsAlgorithm.ES256, RSA.getPublic(), null, DATA, 0, DATA.length, rsaSig)).isFalse();
    assertThat(Signatures.verify(JwsAlgorithm.RS256, P256.getPublic(), null, DATA, 0, DATA.length, rsaSig)).isFalse();
    assertThat(Signatures.verify(JwsAlgorithm.HS256, RSA.getPublic(), null, DATA, 0, DATA.length, new byte[32])).isFalse();
  }

  @Test
  void verify_reusesPooledEngines_withoutCarryingStateBetweenKeys() throws Exception {
    KeyPair other = generate("RSA", null);
    byte[] mine = sign("SHA256withRSA", null, RSA.getPrivate());
    byte[] theirs = sign("SHA256withRSA", null, other.getPrivate());
    for (int i = 0; i < 3 * Pool.SLOTS; i++) {
      assertThat(Signatures.verify(JwsAlgorithm.RS256, RSA.getPublic(), null, DATA, 0, DATA.length, mine)).isTrue();
      assertThat(Signatures.verify(JwsAlgorithm.RS256, other.getPublic(), null, DATA, 0, DATA.length, mine)).isFalse();
      assertThat(Signatures.verify(JwsAlgorithm.RS256, other.getPublic(), null, DATA, 0, DATA.length, theirs)).isTrue();
    }
  }
}
