package io.identsphere.oidc;

import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.VerifiedToken;
import java.nio.charset.StandardCharsets;

/**
 * The client's token validators: access tokens for the configured audience, and ID tokens
 * (OIDC Core §3.1.3.7) signed with the server's keys or, per §10.1, HS256 with the client secret.
 *
 * <p>Immutable and thread-safe.
 */
final class TokenChecks {
  private final String clientId;
  /** Null when the builder named neither an audience nor {@code ignoreAudience()}. */
  private final TokenValidator accessTokens;
  private final TokenValidator idTokens;
  /** Null without a client secret of at least 32 bytes. */
  private final TokenValidator idTokensHmac;

  TokenChecks(ClientSettings s, RemoteJwkSet keys) {
    this.clientId = s.clientId;
    // Access tokens: no audience by default (an ID token's aud is the client id, so the client id
    // would let every ID token pass as a bearer token). The client's own id is refused in aud
    // unless the configured audience names it; ID-token markers are refused by default.
    if (s.audiences.isEmpty() && !s.audienceIgnored) {
      this.accessTokens = null; // accessTokens() explains how to decide
    } else {
      TokenValidator.Builder at = TokenValidator.newBuilder().keySource(keys).expectIssuer(s.issuer).clock(s.clock)
          .claimMapping(s.mapping);
      if (s.audienceIgnored) at.ignoreAudience(); else at.expectAudience(s.audiences.toArray(new String[0]));
      if (s.clientId != null && !s.audiences.contains(s.clientId)) at.refuseTokensAddressedToClient(s.clientId);
      if (s.listener != null) at.listener(s.listener);
      this.accessTokens = at.build();
    }
    // A validate-only client (no client id) has no ID tokens to check.
    this.idTokens = s.clientId == null ? null : TokenValidator.newBuilder().keySource(keys).expectIssuer(s.issuer)
        .expectAudience(s.clientId)
        .clock(s.clock).claimMapping(s.mapping).requireClaims("sub", "iat").acceptIdTokens().build();
    byte[] secretBytes = s.clientSecret == null ? null : s.clientSecret.getBytes(StandardCharsets.UTF_8);
    this.idTokensHmac = secretBytes == null || secretBytes.length < 32 ? null
        : idTokens.toBuilder().keySource(JwkSet.of(Jwk.fromSecret(secretBytes, null, JwsAlgorithm.HS256)))
            .allowAlgorithms(JwsAlgorithm.HS256).build();
  }

  /** The access-token validator; throws when the builder did not decide the audience. */
  TokenValidator accessTokens() {
    if (accessTokens == null) {
      throw new IllegalStateException("no audience for access tokens: call audience(\"<your API>\") or ignoreAudience()"
          + " (env: IDENTSPHERE_AUDIENCE)");
    }
    return accessTokens;
  }

  /** Validates an ID token: the validator's checks, then those of {@link IdTokens#check}. */
  VerifiedToken idToken(String idToken, String expectedNonce, String accessToken) {
    if (idTokens == null) throw ClientSettings.needsClientId("validateIdToken");
    VerifiedToken t;
    try {
      t = idTokens.validate(idToken);
    } catch (TokenRejectedException e) {
      if (idTokensHmac == null || e.reason() != TokenRejectedException.Reason.UNSUPPORTED_ALGORITHM) throw e;
      t = idTokensHmac.validate(idToken);
    }
    IdTokens.check(t, clientId, expectedNonce, accessToken);
    return t;
  }
}
