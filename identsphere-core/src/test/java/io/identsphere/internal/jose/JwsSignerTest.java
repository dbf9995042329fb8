package io.identsphere.internal.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.json.Json;
import io.identsphere.jose.JwsAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Every algorithm JwsSigner produces verifies with plain JCA configured from RFC 7518 alone. */
class JwsSignerTest {
  private static final KeyPair RSA = generate("RSA", null);
  private static final KeyPair P256 = generate("EC", "secp256r1");
  private static final KeyPair P384 = generate("EC", "secp384r1");

  private static KeyPair generate(String alg, String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
      if (curve == null) g.initialize(2048); else g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Key signingKey(JwsAlgorithm alg) {
    switch (alg.family()) {
      case HMAC:
        byte[] k = new byte[alg.hashBytes()];
        Arrays.fill(k, (byte) alg.ordinal());
        return new SecretKeySpec(k, alg.jcaName());
      case EC:
        return alg == JwsAlgorithm.ES256 ? P256.getPrivate() : P384.getPrivate();
      default:
        return RSA.getPrivate();
    }
  }

  /** RFC 7518 §3.5: PSS with the named hash, MGF1 with the same hash, salt as long as the hash. */
  private static boolean jcaVerifies(JwsAlgorithm alg, Key signingKey, byte[] input, byte[] sig) throws Exception {
    String sha = "SHA-" + alg.hashBytes() * 8;
    switch (alg) {
      case HS256: case HS384: case HS512: {
        Mac mac = Mac.getInstance("HmacSHA" + alg.hashBytes() * 8);
        mac.init(signingKey);
        return Arrays.equals(mac.doFinal(input), sig);
      }
      case PS256: case PS384: case PS512: {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec(sha, "MGF1", new MGF1ParameterSpec(sha), alg.hashBytes(), 1));
        s.initVerify(RSA.getPublic());
        s.update(input);
        return s.verify(sig);
      }
      case ES256: case ES384: {
        Signature s = Signature.getInstance("SHA" + alg.hashBytes() * 8 + "withECDSAinP1363Format");
        PublicKey pub = alg == JwsAlgorithm.ES256 ? P256.getPublic() : P384.getPublic();
        s.initVerify(pub);
        s.update(input);
        return s.verify(sig);
      }
      default: {
        Signature s = Signature.getInstance("SHA" + alg.hashBytes() * 8 + "withRSA");
        s.initVerify(RSA.getPublic());
        s.update(input);
        return s.verify(sig);
      }
    }
  }

  @Test
  void sign_everyAlgorithm_verifiesWithIndependentlyConfiguredJca_andCarriesHeaderAndClaims() throws Exception {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "ada");
    claims.put("n", 42L);
    for (JwsAlgorithm alg : JwsAlgorithm.values()) {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("alg", alg.name());
      header.put("kid", "k-" + alg);
      Key key = signingKey(alg);
      String jws = JwsSigner.sign(header, claims, alg, key);
      String[] parts = jws.split("\\.", -1);
      assertThat(parts).hasSize(3);
      assertThat(Json.parse(Base64Url.decode(parts[0]), io.identsphere.internal.json.JsonLimits.DEFAULT)).isEqualTo(header);
      assertThat(Json.parse(Base64Url.decode(parts[1]), io.identsphere.internal.json.JsonLimits.DEFAULT)).isEqualTo(claims);
      byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
      byte[] sig = Base64Url.decode(parts[2]);
      assertThat(jcaVerifies(alg, key, input, sig)).as("%s", alg).isTrue();
      if (alg.family() == JwsAlgorithm.Family.EC) assertThat(sig).as("P1363 r||s").hasSize(2 * alg.ecCoordinateBytes());
      if (alg.isSymmetric()) assertThat(sig).hasSize(alg.hashBytes());
      sig[sig.length / 2] ^= 1;
      assertThat(jcaVerifies(alg, key, input, sig)).as("%s, one bit changed", alg).isFalse();
    }
  }

  @Test
  void signature_withAKeyOfTheWrongFamily_isAnIllegalArgumentNamingTheAlgorithm() {
    byte[] input = "a.b".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> JwsSigner.signature(JwsAlgorithm.ES256, RSA.getPrivate(), input))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot sign with ES256");
    assertThatThrownBy(() -> JwsSigner.signature(JwsAlgorithm.PS384, P256.getPrivate(), input))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot sign with PS384");
    assertThatThrownBy(() -> JwsSigner.signature(JwsAlgorithm.RS256, P256.getPrivate(), input))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot sign with RS256");
  }
}
