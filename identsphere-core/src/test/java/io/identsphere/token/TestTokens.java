package io.identsphere.token;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs test tokens with plain JCA, independently of the code under test. */
public final class TestTokens {
  public static final KeyPair RSA = generate("RSA", 2048);
  public static final KeyPair OTHER_RSA = generate("RSA", 2048);

  private TestTokens() {}

  public static KeyPair generate(String alg, int size) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
      g.initialize(size);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String signingInput(Map<String, Object> header, Map<String, Object> claims) {
    return Base64Url.encode(JsonWriter.write(header).getBytes(StandardCharsets.UTF_8)) + "."
        + Base64Url.encode(JsonWriter.write(claims).getBytes(StandardCharsets.UTF_8));
  }

  public static String rs256(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
    try {
      String input = signingInput(header, claims);
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64Url.encode(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Signs a header and claims given as raw JSON text, for inputs the writer cannot produce: numbers
   * such as {@code 1e-99999999}, {@code null} members, escapes.
   */
  public static String rs256Json(String headerJson, String claimsJson, PrivateKey key) {
    try {
      String input = Base64Url.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
          + Base64Url.encode(claimsJson.getBytes(StandardCharsets.UTF_8));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64Url.encode(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hs256(Map<String, Object> header, Map<String, Object> claims, byte[] secret) {
    try {
      String input = signingInput(header, claims);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return input + "." + Base64Url.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
