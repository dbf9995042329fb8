package io.identsphere.oidc;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonException;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.jose.JwsAlgorithm;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.KeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.util.Map;
import java.util.Objects;

/** Reads a private RSA or EC JWK (RFC 7518 §6.2.2, §6.3.2) into a {@code private_key_jwt} method. */
final class PrivateJwk {
  private PrivateJwk() {}

  static ClientAuthentication parse(String json) {
    Objects.requireNonNull(json, "privateJwk == null");
    Object v;
    try {
      v = Json.parse(json);
    } catch (JsonException e) {
      throw new IllegalArgumentException("private JWK is not valid JSON: " + e.getMessage());
    }
    if (!(v instanceof Map)) throw new IllegalArgumentException("private JWK must be a JSON object");
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    String kty = string(m, "kty", true);
    String kid = string(m, "kid", false);
    String algName = string(m, "alg", false);
    JwsAlgorithm alg = algName == null ? null : JwsAlgorithm.fromName(algName).orElseThrow(() ->
        new IllegalArgumentException("private JWK alg " + Untrusted.quote(algName) + " is not a supported JWS algorithm"));
    try {
      switch (kty) {
        case "RSA": {
          KeySpec spec = m.containsKey("p")
              ? new RSAPrivateCrtKeySpec(big(m, "n"), big(m, "e"), big(m, "d"), big(m, "p"), big(m, "q"), big(m, "dp"),
                  big(m, "dq"), big(m, "qi"))
              : new RSAPrivateKeySpec(big(m, "n"), big(m, "d"));
          PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(spec);
          return AssertionAuthentication.privateKeyJwt(key, kid, alg == null ? JwsAlgorithm.RS256 : alg);
        }
        case "EC": {
          String crv = string(m, "crv", true);
          String name = "P-256".equals(crv) ? "secp256r1" : "P-384".equals(crv) ? "secp384r1" : null;
          if (name == null) throw new IllegalArgumentException("private JWK curve " + Untrusted.quote(crv) + " is not P-256 or P-384");
          AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
          p.init(new ECGenParameterSpec(name));
          ECParameterSpec params = p.getParameterSpec(ECParameterSpec.class);
          PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(big(m, "d"), params));
          JwsAlgorithm fallback = "P-256".equals(crv) ? JwsAlgorithm.ES256 : JwsAlgorithm.ES384;
          return AssertionAuthentication.privateKeyJwt(key, kid, alg == null ? fallback : alg);
        }
        default:
          throw new IllegalArgumentException("private JWK kty " + Untrusted.quote(kty) + " is not RSA or EC");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("private JWK is not a valid " + kty + " key"); // no key material in the message
    }
  }

  private static String string(Map<String, Object> m, String name, boolean required) {
    Object v = m.get(name);
    if (v == null && !required) return null;
    if (!(v instanceof String)) throw new IllegalArgumentException("private JWK member \"" + name + "\" must be a string");
    return (String) v;
  }

  private static BigInteger big(Map<String, Object> m, String name) {
    String s = string(m, name, true);
    try {
      return new BigInteger(1, Base64Url.decode(s));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("private JWK member \"" + name + "\" is not base64url");
    }
  }
}
