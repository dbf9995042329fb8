package io.identsphere.internal.jose;

import io.identsphere.internal.json.JsonWriter;
import io.identsphere.jose.JwsAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Produces JWS compact serializations; used by the testkit. Stateless and thread-safe. */
public final class JwsSigner {
  private JwsSigner() {}

  /**
   * Signs the claims and returns the compact JWS.
   *
   * @param header the protected header (its {@code alg} is written as given)
   * @param claims the payload claims
   * @param alg the algorithm to sign with
   * @param key a private key, or for HMAC a secret ({@code SecretKey} or raw bytes wrapped by the caller)
   * @return the compact JWS
   */
  public static String sign(Map<String, Object> header, Map<String, Object> claims, JwsAlgorithm alg, Key key) {
    String input = Base64Url.encode(JsonWriter.write(header).getBytes(StandardCharsets.UTF_8)) + "."
        + Base64Url.encode(JsonWriter.write(claims).getBytes(StandardCharsets.UTF_8));
    return input + "." + Base64Url.encode(signature(alg, key, input.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * Signs the input with the algorithm's JCA engine or HMAC.
   *
   * @param alg the algorithm
   * @param key private key or HMAC secret
   * @param input the signing input
   * @return the raw signature (P1363 r||s for ECDSA)
   */
  public static byte[] signature(JwsAlgorithm alg, Key key, byte[] input) {
    try {
      switch (alg.family()) {
        case HMAC:
          Mac mac = Mac.getInstance(alg.jcaName());
          mac.init(new SecretKeySpec(key.getEncoded(), alg.jcaName()));
          return mac.doFinal(input);
        case RSA_PSS:
          Signature pss = Signature.getInstance("RSASSA-PSS");
          MGF1ParameterSpec mgf = alg == JwsAlgorithm.PS256 ? MGF1ParameterSpec.SHA256
              : alg == JwsAlgorithm.PS384 ? MGF1ParameterSpec.SHA384 : MGF1ParameterSpec.SHA512;
          pss.setParameter(new PSSParameterSpec(alg.jcaName(), "MGF1", mgf, alg.hashBytes(), 1));
          pss.initSign((PrivateKey) key);
          pss.update(input);
          return pss.sign();
        default:
          Signature s = Signature.getInstance(alg.jcaName());
          s.initSign((PrivateKey) key);
          s.update(input);
          return s.sign();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with " + alg + ": " + e.getMessage(), e);
    }
  }
}
