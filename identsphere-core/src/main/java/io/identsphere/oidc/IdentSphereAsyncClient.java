package io.identsphere.oidc;

import io.identsphere.IdentSphereUser;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The non-blocking view of an {@link IdentSphereClient}: every network operation of the client,
 * returning a {@link CompletableFuture} that completes on the HTTP client's executor. Each
 * operation is implemented once, here; the client's blocking methods wait for these futures and
 * rethrow their failure unchanged. Failed futures carry the same exception types as the blocking
 * methods ({@link IdentityServerException}, {@link io.identsphere.token.TokenRejectedException}).
 *
 * <p>Obtained from {@link IdentSphereClient#async()}. Thread-safe; it shares the client's state
 * (discovery, keys, HTTP client) and owns no threads.
 */
public final class IdentSphereAsyncClient {
  private final Discovery discovery;
  private final TokenEndpoint tokens;
  private final UserInfo userInfo;
  private final Revocation revocation;
  private final Introspection introspection;
  private final AccessTokenCheck accessTokens;

  IdentSphereAsyncClient(Discovery discovery, TokenEndpoint tokens, UserInfo userInfo, Revocation revocation,
      Introspection introspection, AccessTokenCheck accessTokens) {
    this.discovery = discovery;
    this.tokens = tokens;
    this.userInfo = userInfo;
    this.revocation = revocation;
    this.introspection = introspection;
    this.accessTokens = accessTokens;
  }

  /**
   * Validates an access token and returns its user, as {@link IdentSphereClient#validateToken}
   * does, asynchronously: with usable keys cached it completes at once; with a cold cache it
   * completes when the key fetch has (the one token per {@code unknownKeyCooldown} whose unknown
   * {@code kid} starts a fetch still waits for it, bounded by the request timeout).
   *
   * @param token the access token
   * @return the token's user, asynchronously; fails with {@link io.identsphere.token.TokenRejectedException},
   *     {@link IdentityServerException} or {@link IllegalStateException} as the blocking form throws them
   */
  public CompletableFuture<IdentSphereUser> validateToken(String token) {
    return accessTokens.validate(token);
  }

  /**
   * The provider metadata, asynchronously: fetched on first use, then reused until the discovery
   * TTL has passed since the fetch (by the configured clock); concurrent callers share one fetch,
   * and a failed fetch is not cached.
   *
   * @return the provider metadata; fails with {@link IdentityServerException} as {@link IdentSphereClient#metadata()}
   */
  public CompletableFuture<ProviderMetadata> metadata() {
    return discovery.metadata();
  }

  /**
   * Completes a login as {@link IdentSphereClient#handleCallback} does, asynchronously.
   *
   * @param request the request this login started with
   * @param callback the full callback URL (or just its query) the browser arrived at
   * @return the tokens, asynchronously; fails with the exceptions {@link IdentSphereClient#handleCallback} throws
   */
  public CompletableFuture<TokenResponse> handleCallback(AuthorizationRequest request, URI callback) {
    return tokens.handleCallback(request, callback);
  }

  /**
   * Exchanges an authorization code for tokens as {@link IdentSphereClient#exchangeCode} does, asynchronously.
   *
   * @param code the authorization code
   * @param codeVerifier the PKCE verifier of the request
   * @param redirect the redirect URI of the request
   * @return the tokens, asynchronously; fails with {@link IdentityServerException} if the exchange
   *     fails
   */
  public CompletableFuture<TokenResponse> exchangeCode(String code, String codeVerifier, URI redirect) {
    return tokens.exchangeCode(code, codeVerifier, redirect);
  }

  /**
   * Refreshes tokens as {@link IdentSphereClient#refresh} does, asynchronously.
   *
   * @param refreshToken the refresh token
   * @return the new tokens, asynchronously; fails with {@link IdentityServerException} if the
   *     refresh fails
   */
  public CompletableFuture<TokenResponse> refresh(String refreshToken) {
    return tokens.refresh(refreshToken);
  }

  /**
   * Gets a client credentials token as {@link IdentSphereClient#clientCredentials} does, asynchronously.
   *
   * @param requestedScopes scopes to ask for; none for the server's default
   * @return the token, asynchronously; fails with {@link IdentityServerException} if the grant
   *     fails
   */
  public CompletableFuture<TokenResponse> clientCredentials(String... requestedScopes) {
    return tokens.clientCredentials(requestedScopes);
  }

  /**
   * Asks the userinfo endpoint (OIDC Core §5.3) who the access token's user is, asynchronously.
   *
   * @param accessToken an access token
   * @param expectedSubject the expected {@code sub}, or null
   * @return the user, asynchronously; the answer's {@code sub} must be a non-empty string (equal to
   *     {@code expectedSubject} when given, else {@code SUBJECT_MISMATCH}), the standard claims of
   *     OIDC Core §5.1 must have their types ({@code email_verified} a boolean, {@code updated_at} a
   *     NumericDate, ...) and an {@code iss} must be the issuer, else {@code MALFORMED_RESPONSE} or
   *     {@code ISSUER_MISMATCH}
   */
  public CompletableFuture<IdentSphereUser> userInfo(String accessToken, String expectedSubject) {
    return userInfo.fetch(accessToken, expectedSubject);
  }

  /**
   * Revokes a token (RFC 7009) as {@link IdentSphereClient#revoke} does, asynchronously.
   *
   * @param token the access or refresh token
   * @param tokenTypeHint {@code access_token}, {@code refresh_token}, or null
   * @return completion, asynchronously; fails with {@link IdentityServerException} as
   *     {@link IdentSphereClient#revoke} throws it
   */
  public CompletableFuture<Void> revoke(String token, String tokenTypeHint) {
    return revocation.revoke(token, tokenTypeHint);
  }

  /**
   * Asks the identity server whether a token is active (RFC 7662), asynchronously.
   *
   * @param token the token
   * @return the answer, asynchronously. {@code active} must be a boolean; when it is true,
   *     {@code exp}, {@code iat} and {@code nbf} must be NumericDates, {@code sub}, {@code iss},
   *     {@code client_id}, {@code scope}, {@code username}, {@code token_type} and {@code jti}
   *     strings, {@code aud} a string or an array of strings (else {@code MALFORMED_RESPONSE}), and
   *     {@code iss} the issuer (else {@code ISSUER_MISMATCH}); an {@code exp} that is not after now
   *     makes the answer inactive
   */
  public CompletableFuture<IntrospectionResult> introspect(String token) {
    return introspection.introspect(token);
  }

  @Override
  public String toString() {
    return "IdentSphereAsyncClient";
  }
}
