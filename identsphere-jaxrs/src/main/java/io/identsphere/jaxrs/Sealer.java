package io.identsphere.jaxrs;

import io.identsphere.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under the web login's key: seals the login cookie and derives the sign-out form's
 * token. The two uses cannot collide: a sealed payload is base64url, which has no {@code ':'}, and
 * every derived token's input starts with a purpose and {@code ':'}. Immutable and thread-safe.
 */
final class Sealer {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final byte[] key;

  Sealer(byte[] key) {
    this.key = key.clone();
  }

  /** Returns {@code base64url(json) "." tag}. */
  String seal(String json) {
    String payload = BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    return payload + "." + tag(payload);
  }

  /** Returns the sealed JSON object, or null when the value is not one this key sealed. */
  Map<?, ?> unseal(String value) {
    int dot = value.indexOf('.');
    if (dot < 0) return null;
    String payload = value.substring(0, dot);
    try {
      // Compare the encoded tag, not the decoded one: the JDK decoder ignores non-zero trailing
      // bits, so comparing text keeps exactly one accepted spelling of each cookie.
      if (!matches(value.substring(dot + 1), tag(payload))) return null;
      Object v = Json.parse(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
      return v instanceof Map ? (Map<?, ?>) v : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Returns a token for one purpose, bound to a value (a session cookie), as unpadded base64url. */
  String derive(String purpose, String boundTo) {
    return tag(purpose + ":" + boundTo);
  }

  /** Constant-time comparison of two ASCII tokens; null never matches. */
  static boolean matches(String given, String expected) {
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }

  private String tag(String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return BASE64URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
