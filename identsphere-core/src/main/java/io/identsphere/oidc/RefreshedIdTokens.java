package io.identsphere.oidc;

import io.identsphere.IdentSphereUser;
import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonException;
import io.identsphere.internal.json.JsonLimits;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.VerifiedToken;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The checks of an ID token that a refresh answer carries (OIDC Core §12.2): signature, times,
 * {@code iss} (the issuer, hence the original's), the client in {@code aud}, {@code azp} and
 * {@code at_hash} as at login; no {@code nonce} required (one present is fine); {@code sub} equal
 * to the session's when the caller names it; {@code auth_time} unchanged when the previous ID
 * token had one. A failure is an {@link IdentityServerException}: {@code SUBJECT_MISMATCH},
 * {@code ISSUER_MISMATCH}, or {@code ID_TOKEN_REJECTED} with the validator's
 * {@link TokenRejectedException} as its cause.
 *
 * <p>Thread-safe.
 */
final class RefreshedIdTokens {
  private static final JsonLimits LIMITS = new JsonLimits(64 * 1024, 16, 16 * 1024);

  private final TokenEndpoint tokens;
  private final TokenChecks checks;

  RefreshedIdTokens(TokenEndpoint tokens, TokenChecks checks) {
    this.tokens = tokens;
    this.checks = checks;
  }

  /** The refresh grant, then the checks of the answer's ID token. */
  CompletableFuture<TokenResponse> refresh(String refreshToken, String expectedSubject, Object previousAuthTime) {
    return tokens.refresh(refreshToken).thenApply(t -> check(checks, t, expectedSubject, previousAuthTime));
  }

  /** As {@link #refresh(String, String, Object)}, with the refresh token, {@code sub} and {@code auth_time} of a previous answer. */
  CompletableFuture<TokenResponse> refresh(TokenResponse previous) {
    String rt = previous.refreshToken().orElseThrow(() -> new IllegalArgumentException("previous has no refresh token"));
    if (previous.idToken().isEmpty()) return refresh(rt, null, null);
    Map<String, Object> claims = previousClaims(previous.idToken().get());
    Object sub = claims.get("sub");
    if (!(sub instanceof String)) throw new IllegalArgumentException("previous.idToken() has no string sub");
    return refresh(rt, (String) sub, claims.get("auth_time"));
  }

  /**
   * Checks the ID token of a refresh answer, when it has one.
   *
   * @param expectedSubject the session's {@code sub}, or null to skip that check
   * @param previousAuthTime the previous ID token's {@code auth_time}, or null
   */
  static TokenResponse check(TokenChecks checks, TokenResponse fresh, String expectedSubject, Object previousAuthTime) {
    if (fresh.idToken().isEmpty()) return fresh;
    VerifiedToken t;
    try {
      t = checks.idToken(fresh.idToken().get(), null, fresh.accessToken());
    } catch (TokenRejectedException e) {
      Kind kind = e.reason() == TokenRejectedException.Reason.WRONG_ISSUER ? Kind.ISSUER_MISMATCH : Kind.ID_TOKEN_REJECTED;
      throw new IdentityServerException(kind, "the ID token of the refresh answer was rejected (" + e.reason() + "): "
          + e.getMessage() + " (OIDC Core 12.2)", 0, null, null, e);
    }
    if (expectedSubject != null && !expectedSubject.equals(t.subject())) {
      throw IdentityServerException.of(Kind.SUBJECT_MISMATCH, "the ID token of the refresh answer has sub "
          + Untrusted.quote(String.valueOf(t.subject())) + ", the session's is " + Untrusted.quote(expectedSubject)
          + " (OIDC Core 12.2)");
    }
    if (previousAuthTime != null) {
      Optional<Instant> before = IdentSphereUser.numericDate(previousAuthTime);
      Object now = t.claims().get("auth_time");
      if (now != null && before.isPresent() && !before.equals(IdentSphereUser.numericDate(now))) {
        throw IdentityServerException.of(Kind.ID_TOKEN_REJECTED, "the ID token of the refresh answer changed auth_time"
            + " from " + before.get() + " to " + IdentSphereUser.numericDate(now).map(String::valueOf).orElse("a non-date")
            + " (OIDC Core 12.2: it must stay the time of the original authentication)");
      }
    }
    return fresh;
  }

  /**
   * Reads the claims of an ID token this client received earlier, without verifying it again: it
   * came straight from the token endpoint (OIDC Core §3.1.3.7 item 6) and is only a source of
   * expected values, so a forged one can make a refresh fail but never pass.
   */
  static Map<String, Object> previousClaims(String idToken) {
    int first = idToken.indexOf('.');
    int second = first < 0 ? -1 : idToken.indexOf('.', first + 1);
    if (second < 0) throw unreadable();
    try {
      return Json.parseObject(Base64Url.decode(idToken, first + 1, second), LIMITS);
    } catch (IllegalArgumentException | JsonException e) {
      throw unreadable();
    }
  }

  private static IllegalArgumentException unreadable() {
    return new IllegalArgumentException("previous.idToken() is not a readable JWT");
  }
}
