package io.identsphere.oidc;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenRejectedException.Reason;
import io.identsphere.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/** The ID token checks of OIDC Core §3.1.3.7 beyond what the token validator does. */
final class IdTokens {
  private IdTokens() {}

  static void check(VerifiedToken t, String clientId, String expectedNonce, String accessToken) {
    // The audiences as the token lists them: t.audience() keeps only the strings, and a non-string
    // second member must not turn a token with several audiences into one that needs no azp.
    Object rawAud = t.claims().get("aud");
    int audiences = 1;
    if (rawAud instanceof List) {
      List<?> list = (List<?>) rawAud;
      for (Object o : list) {
        if (!(o instanceof String)) {
          throw new TokenRejectedException(Reason.ID_TOKEN_MISMATCH, "ID token \"aud\" has a member that is not a string");
        }
      }
      audiences = list.size();
    }
    Object azp = t.claims().get("azp");
    if (audiences > 1 && azp == null) {
      throw new TokenRejectedException(Reason.ID_TOKEN_MISMATCH, "ID token has " + audiences
          + " audiences but no \"azp\" (OIDC Core 3.1.3.7)");
    }
    if (azp != null && !clientId.equals(azp)) {
      throw new TokenRejectedException(Reason.ID_TOKEN_MISMATCH, "ID token \"azp\" is not this client's id \"" + clientId + "\"");
    }
    if (expectedNonce != null) {
      Object nonce = t.claims().get("nonce");
      if (!(nonce instanceof String) || !constantTimeEquals((String) nonce, expectedNonce)) {
        throw new TokenRejectedException(Reason.ID_TOKEN_MISMATCH,
            nonce == null ? "ID token has no \"nonce\" but one was sent" : "ID token \"nonce\" does not match the request's");
      }
    }
    Object atHash = t.claims().get("at_hash");
    if (atHash != null && accessToken != null && !constantTimeEquals(String.valueOf(atHash), halfHash(t.algorithm(), accessToken))) {
      throw new TokenRejectedException(Reason.ID_TOKEN_MISMATCH, "ID token \"at_hash\" does not match the access token");
    }
  }

  static String halfHash(JwsAlgorithm alg, String value) {
    String digest = alg.hashBytes() == 32 ? "SHA-256" : alg.hashBytes() == 48 ? "SHA-384" : "SHA-512";
    try {
      byte[] h = MessageDigest.getInstance(digest).digest(value.getBytes(StandardCharsets.US_ASCII));
      return Base64Url.encode(Arrays.copyOf(h, h.length / 2));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
