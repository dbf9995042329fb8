package io.identsphere.oidc;

import io.identsphere.IdentSphereUser;
import java.net.URI;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
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
  private final AuthorizationRequests authorization;
  private final TokenEndpoint tokens;
  private final UserInfo userInfo;
  private final Revocation revocation;
  private final Introspection introspection;
  private final RefreshedIdTokens refreshes;
  private final AccessTokenCheck accessTokens;

  IdentSphereAsyncClient(Discovery discovery, AuthorizationRequests authorization, TokenEndpoint tokens,
      UserInfo userInfo, Revocation revocation, Introspection introspection, RefreshedIdTokens refreshes,
      AccessTokenCheck accessTokens) {
    this.refreshes = refreshes;
    this.discovery = discovery;
    this.authorization = authorization;
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
   * and a failed fetch is not cached. The document is looked for at the OIDC Discovery §4 URL
   * ({@code {authority}/.well-known/openid-configuration}); only after a 404 there at the RFC 8414
   * §3 URL ({@code https://host/.well-known/oauth-authorization-server/path}), and after another
   * 404 at {@code https://host/.well-known/openid-configuration/path} (RFC 8414 §5). Any other
   * failure stops the search. Its {@code issuer} must equal the expected issuer exactly.
   *
   * @return the provider metadata; fails with {@link IdentityServerException} as {@link IdentSphereClient#metadata()}
   */
  public CompletableFuture<ProviderMetadata> metadata() {
    return discovery.metadata();
  }

  /**
   * Builds an authorization request as {@link IdentSphereClient#authorizationRequest(URI, Map)}
   * does, asynchronously; a pushed request (RFC 9126) is posted before the future completes.
   *
   * @param redirect the redirect URI
   * @param extra further parameters; may not override the security parameters
   * @return the request, asynchronously; fails with {@link IdentityServerException} as the blocking
   *     form throws it
   * @throws IllegalArgumentException at once, if {@code extra} sets a parameter the client sets
   */
  public CompletableFuture<AuthorizationRequest> authorizationRequest(URI redirect, Map<String, String> extra) {
    Objects.requireNonNull(redirect, "redirect == null");
    return authorization.create(redirect, Objects.requireNonNull(extra, "extra == null"));
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
   * Refreshes tokens (RFC 6749 §6), asynchronously. When the server rotates the refresh token, the
   * new one is in the answer; when it does not, the answer carries the one passed in. A new ID
   * token in the answer is checked as OIDC Core §12.2 asks: signature and times, {@code iss} the
   * issuer (hence the original's), this client in {@code aud}, {@code azp} and {@code at_hash} as at
   * login; no {@code nonce} is required (one present is fine). Its {@code sub} is compared with
   * nothing here: the overloads with an expected subject or a previous answer do that.
   *
   * @param refreshToken the refresh token
   * @return the new tokens, asynchronously; fails with {@link IdentityServerException} if the
   *     refresh fails, or if the new ID token is refused: {@code ISSUER_MISMATCH}, or
   *     {@code ID_TOKEN_REJECTED} with the validator's {@link io.identsphere.token.TokenRejectedException}
   *     (its reason: {@code EXPIRED}, {@code WRONG_AUDIENCE}, {@code BAD_SIGNATURE}, ...) as cause
   */
  public CompletableFuture<TokenResponse> refresh(String refreshToken) {
    return refreshes.refresh(refreshToken, null, null);
  }

  /**
   * Refreshes tokens as {@link #refresh(String)} does, and checks that a new ID token names the
   * session's user (OIDC Core §12.2), asynchronously.
   *
   * @param refreshToken the refresh token
   * @param expectedSubject the {@code sub} of the session's ID token; a new ID token must carry it
   * @return the new tokens, asynchronously; fails as {@link #refresh(String)}, and with
   *     {@code SUBJECT_MISMATCH} when the new ID token names another user
   */
  public CompletableFuture<TokenResponse> refresh(String refreshToken, String expectedSubject) {
    return refreshes.refresh(refreshToken, java.util.Objects.requireNonNull(expectedSubject, "expectedSubject == null"), null);
  }

  /**
   * Refreshes the tokens of an earlier answer, asynchronously: its refresh token, and, when it has an
   * ID token, that token's {@code sub} as the expected subject and its {@code auth_time} (when
   * present) as what a new ID token's {@code auth_time} must equal (OIDC Core §12.2: the time of the
   * original authentication). The earlier ID token is read, not verified again: it came from the
   * token endpoint directly (OIDC Core §3.1.3.7), and serves only as the expected values.
   *
   * @param previous an earlier answer of this client (login or refresh) with a refresh token
   * @return the new tokens, asynchronously; fails as {@link #refresh(String, String)}, and with
   *     {@code ID_TOKEN_REJECTED} when {@code auth_time} changed
   * @throws IllegalArgumentException if {@code previous} has no refresh token, or an ID token
   *     that is not a readable JWT with a string {@code sub}
   */
  public CompletableFuture<TokenResponse> refresh(TokenResponse previous) {
    return refreshes.refresh(java.util.Objects.requireNonNull(previous, "previous == null"));
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
   * Gets a client credentials token for these resources as
   * {@link IdentSphereClient#clientCredentials(Collection, String...)} does, asynchronously.
   *
   * @param resources the resource indicators (RFC 8707) to send instead of the configured ones;
   *     empty sends none
   * @param requestedScopes scopes to ask for; none for the server's default
   * @return the token, asynchronously; fails with {@link IdentityServerException} if the grant
   *     fails ({@code OAUTH_ERROR} with {@code invalid_target} for a resource the server refuses)
   * @throws IllegalArgumentException at once, if a resource is not an absolute URI or has a fragment
   */
  public CompletableFuture<TokenResponse> clientCredentials(Collection<URI> resources, String... requestedScopes) {
    return tokens.clientCredentials(Resources.checkAll(resources), requestedScopes);
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
