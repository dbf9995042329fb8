package io.identsphere.oidc;

import io.identsphere.IdentSphereUser;
import io.identsphere.internal.http.Http;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.TokenVerifier;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The OpenID Connect and IdentSphere API client: discovery, the identity server's keys, the
 * authorization code flow with PKCE, refresh, client credentials, ID token validation, userinfo,
 * end-session, revocation, introspection; IdentSphere's {@code /v1} login and profile calls are in {@link #api()}.
 *
 * <pre>{@code
 * IdentSphereClient client = IdentSphereClient.newBuilder("https://id.example.com")
 *     .clientId("orders-web").clientSecret(secret).redirectUri(URI.create("https://app/callback"))
 *     .build();
 * AuthorizationRequest login = client.authorizationRequest();   // keep it in the session
 * // ... the browser returns to the callback ...
 * TokenResponse tokens = client.handleCallback(login, callbackUri);
 * IdentSphereUser user = client.userInfo(tokens.accessToken());
 * }</pre>
 *
 * <p>Every network operation has a blocking form and a {@link CompletableFuture} form. Endpoints
 * come from discovery (OIDC Discovery §4), fetched lazily once and cached for
 * {@code discoveryTtl}; the document's {@code issuer} must equal the expected issuer exactly (the
 * authority, or {@link IdentSphereClientBuilder#issuer(String)}); see {@link IdentSphereAsyncClient#metadata()}
 * for where the document is looked for.
 * Requests have connect and request timeouts, bodies are size-bounded, redirects are never
 * followed, and non-loopback URLs must be HTTPS unless {@code allowInsecureHttp()} was called.
 *
 * <p>Thread-safe; build one per identity server and share it. It owns no threads. A supplied
 * {@link HttpClient} is never closed by this class.
 */
public final class IdentSphereClient {
  private final ClientSettings settings;
  private final Discovery discovery;
  private final RemoteJwkSet keys;
  private final TokenChecks checks;
  private final IdentSphereAsyncClient async;
  private final IdentSphereApi api;
  private final Introspection introspection;

  IdentSphereClient(ClientSettings s) {
    this.settings = s;
    AtomicReference<Discovery> found = new AtomicReference<>(); // form posts authenticate as discovery advises
    ServerCalls calls = new ServerCalls(s, () -> found.get().metadata());
    this.discovery = new Discovery(s.authority, s.issuer, calls, s.clock, s.discoveryTtl, s.allowInsecure);
    found.set(discovery);
    if (s.keyOptions.listener == null) s.keyOptions.listener = s.listener; // key-set events too, unless keyCache(...) named one
    this.keys = KeyLocation.keySource(s, discovery);
    this.checks = new TokenChecks(s, keys);
    TokenEndpoint tokens = new TokenEndpoint(s, discovery, calls, checks);
    this.introspection = new Introspection(s, discovery, calls);
    this.async = new IdentSphereAsyncClient(discovery, new AuthorizationRequests(s, discovery, calls), tokens,
        new UserInfo(s, discovery, calls), new Revocation(discovery, calls), introspection,
        new RefreshedIdTokens(tokens, checks), new AccessTokenCheck(checks::accessTokens, keys));
    this.api = new IdentSphereApi(s, calls);
  }

  /**
   * Starts a builder for a client of the identity server at {@code authority}.
   *
   * @param authority the issuer URL, exactly as the identity server writes {@code iss}
   * @return a builder
   * @throws NullPointerException if {@code authority} is null
   */
  public static IdentSphereClientBuilder newBuilder(String authority) {
    return new IdentSphereClientBuilder(Objects.requireNonNull(authority, "authority == null"));
  }

  /**
   * A builder of the full OAuth client from the process environment: {@code IDENTSPHERE_URL}
   * (required: the authority), {@code IDENTSPHERE_CLIENT_ID} (required), {@code IDENTSPHERE_CLIENT_SECRET}
   * (optional; without it the client is public and authenticates with {@code none}),
   * {@code IDENTSPHERE_AUDIENCE} (optional: the {@code aud} access tokens must carry; without it,
   * call {@link IdentSphereClientBuilder#audience} or {@link IdentSphereClientBuilder#ignoreAudience()}
   * before {@link #accessTokenValidator()} can be used), {@code IDENTSPHERE_ALLOW_INSECURE_HTTP}
   * (optional, {@code true} or {@code false}: see {@link IdentSphereClientBuilder#allowInsecureHttp()}).
   * An app that only validates tokens needs no client id: see {@link #validateOnlyFromEnvironment()}.
   *
   * @return a builder with those options set
   * @throws IllegalStateException if a required variable is missing or blank, or a switch is not
   *     {@code true}/{@code false}
   */
  public static IdentSphereClientBuilder fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * As {@link #fromEnvironment()}, reading from the given map.
   *
   * @param env the variables
   * @return a builder with those options set
   * @throws IllegalStateException as {@link #fromEnvironment()}
   */
  public static IdentSphereClientBuilder fromEnvironment(Map<String, String> env) {
    return EnvironmentSettings.client(env);
  }

  /**
   * A builder of a {@linkplain IdentSphereClientBuilder#validateOnly() validate-only} client (no
   * client id) from {@code IDENTSPHERE_URL} alone: {@code IDENTSPHERE_AUDIENCE}, when set, is the
   * audience access tokens must carry, else the audience is not checked (as IdentSphere's guide);
   * {@code IDENTSPHERE_ALLOW_INSECURE_HTTP} as above; client id and secret are ignored.
   *
   * @return a builder with those options set
   * @throws IllegalStateException if {@code IDENTSPHERE_URL} is missing or a switch is not {@code true}/{@code false}
   */
  public static IdentSphereClientBuilder validateOnlyFromEnvironment() {
    return validateOnlyFromEnvironment(System.getenv());
  }

  /**
   * As {@link #validateOnlyFromEnvironment()}, reading from the given map.
   *
   * @param env the variables
   * @return a builder with those options set
   * @throws IllegalStateException as {@link #validateOnlyFromEnvironment()}
   */
  public static IdentSphereClientBuilder validateOnlyFromEnvironment(Map<String, String> env) {
    return EnvironmentSettings.validateOnly(env);
  }

  /**
   * Returns the time source of this client's token checks, for code that must agree with them
   * (cookie lifetimes in the JAX-RS adapter).
   *
   * @return the configured clock (default system UTC)
   */
  public Clock clock() {
    return settings.clock;
  }

  /**
   * Returns the identity server's authority, where discovery is fetched; it is also the issuer
   * its tokens must name unless {@link IdentSphereClientBuilder#issuer(String)} set another.
   *
   * @return the configured authority
   */
  public String authority() {
    return settings.authority;
  }

  /**
   * Returns the OAuth client id this client authenticates as.
   *
   * @return the client id, or null for a {@linkplain IdentSphereClientBuilder#validateOnly() validate-only} client
   */
  public String clientId() {
    return settings.clientId;
  }

  // ---- discovery and keys ---------------------------------------------------------------------

  /**
   * Returns the identity server's provider metadata (OpenID Connect Discovery 1.0), blocking
   * until it is available.
   *
   * @return the provider metadata, fetched on first use and cached for the discovery TTL
   * @throws IdentityServerException if discovery fails, names another issuer, or names a required
   *     endpoint that is not an HTTPS URL (see {@link ProviderMetadata})
   */
  public ProviderMetadata metadata() {
    return Http.join(async.metadata());
  }

  /**
   * Fetches discovery and the JWK Set now, so the first request does not wait.
   *
   * @throws IdentityServerException if either fetch fails
   */
  public void warmUp() {
    metadata();
    keys.warmUp();
  }

  /**
   * Returns the source of the identity server's signing keys, which this client's validators use.
   *
   * @return the identity server's JWK Set, found through discovery
   */
  public RemoteJwkSet keySource() {
    return keys;
  }

  /**
   * The validator for this server's access tokens: issuer = the expected issuer, audience = the
   * configured {@link IdentSphereClientBuilder#audience} (or none with {@link IdentSphereClientBuilder#ignoreAudience()}),
   * keys from the remote JWK Set. It refuses the client's own ID tokens as
   * {@link TokenRejectedException.Reason#NOT_AN_ACCESS_TOKEN}: a token whose {@code aud} contains this
   * client's id (unless the configured audience names it), and a token with ID-token markers
   * ({@code at_hash}, {@code c_hash}, {@code s_hash}, a {@code typ} claim other than {@code Bearer},
   * a {@code nonce} in a token that does not declare itself an access token).
   *
   * @return the validator, shared by every caller
   * @throws IllegalStateException if the builder was given neither {@code audience(...)} nor
   *     {@code ignoreAudience()}
   */
  public TokenValidator accessTokenValidator() {
    return checks.accessTokens();
  }

  /**
   * Validates an access token with {@link #accessTokenValidator()} and returns its user, in one call.
   *
   * @param token the access token (a bearer token or the {@code identsphere_at} cookie's value)
   * @return the token's user (subject, roles, tenant, expiry)
   * @throws TokenRejectedException if the token is refused; {@code reason()} says why
   * @throws IdentityServerException if no keys are cached and none can be fetched
   * @throws IllegalStateException as {@link #accessTokenValidator()}
   */
  public IdentSphereUser validateToken(String token) {
    return Http.join(async.validateToken(token));
  }

  // ---- login ----------------------------------------------------------------------------------

  /**
   * Builds an authorization request, as {@link #authorizationRequest(URI, Map)} does, to the
   * default redirect URI and with no extra parameters.
   *
   * @return an authorization request to the default redirect URI
   * @throws IllegalStateException if no default redirect URI was configured
   */
  public AuthorizationRequest authorizationRequest() {
    if (settings.redirectUri == null) throw new IllegalStateException("no redirectUri configured: pass one");
    return authorizationRequest(settings.redirectUri, Map.of());
  }

  /**
   * Builds an authorization request (OIDC Core §3.1.2.1) with {@code response_type=code}, PKCE
   * S256 (RFC 7636), a fresh {@code state} and {@code nonce}, the configured scopes and resources
   * (RFC 8707); pushed first (RFC 9126) as {@link IdentSphereClientBuilder#pushAuthorizationRequests()} says.
   *
   * @param redirect the redirect URI
   * @param extra further parameters ({@code prompt}, {@code login_hint}, ...); may not override
   *     the security parameters, except {@code state}: the caller's own (1 to 1024 printable ASCII
   *     characters, unguessable when it is the CSRF defence) replaces the fresh one
   * @return the request; keep it for the callback
   * @throws IdentityServerException if discovery or the push fails, or a push is needed but
   *     discovery names no PAR endpoint ({@code MALFORMED_RESPONSE})
   */
  public AuthorizationRequest authorizationRequest(URI redirect, Map<String, String> extra) {
    settings.requireClientId("authorizationRequest");
    return Http.join(async.authorizationRequest(redirect, extra));
  }

  /**
   * Computes the PKCE {@code S256} code challenge of a code verifier.
   *
   * @param codeVerifier a PKCE code verifier
   * @return {@code BASE64URL(SHA256(ASCII(codeVerifier)))} (RFC 7636 §4.2)
   */
  public static String codeChallenge(String codeVerifier) {
    return AuthorizationRequests.codeChallenge(codeVerifier);
  }

  /**
   * Completes a login: checks the callback's {@code state} (constant time), checks {@code iss}
   * (RFC 9207: when present it must be the issuer; when discovery says
   * {@code authorization_response_iss_parameter_supported} it must be present), turns an
   * {@code error} into an exception, exchanges the code with the verifier, and validates the ID
   * token (nonce, audience, {@code at_hash}).
   *
   * @param request the request this login started with
   * @param callback the full callback URL (or just its query) the browser arrived at
   * @return the tokens
   * @throws IdentityServerException on a state mismatch ({@code STATE_MISMATCH}), a missing or wrong
   *     {@code iss} ({@code ISSUER_MISMATCH}), an authorization error or a failed exchange
   * @throws TokenRejectedException if the ID token is invalid
   */
  public TokenResponse handleCallback(AuthorizationRequest request, URI callback) {
    return Http.join(async.handleCallback(request, callback));
  }

  /**
   * Exchanges an authorization code for tokens at the token endpoint (RFC 6749 §4.1.3, with the
   * PKCE verifier of RFC 7636 §4.5). Unlike {@link #handleCallback}, it checks neither
   * {@code state} nor the ID token.
   *
   * @param code the authorization code
   * @param codeVerifier the PKCE verifier of the request
   * @param redirect the redirect URI of the request
   * @return the tokens
   * @throws IdentityServerException if the exchange fails
   */
  public TokenResponse exchangeCode(String code, String codeVerifier, URI redirect) {
    return Http.join(async.exchangeCode(code, codeVerifier, redirect));
  }

  /**
   * Refreshes tokens (RFC 6749 §6) and checks a new ID token in the answer (OIDC Core §12.2), as
   * {@link IdentSphereAsyncClient#refresh(String)} describes; its {@code sub} is not compared.
   *
   * @param refreshToken the refresh token
   * @return the new tokens; the refresh token passed in when the server did not rotate it
   * @throws IdentityServerException if the refresh fails or the new ID token is refused
   */
  public TokenResponse refresh(String refreshToken) {
    return Http.join(async.refresh(refreshToken));
  }

  /**
   * Refreshes tokens as {@link #refresh(String)} does; a new ID token must name {@code expectedSubject}.
   *
   * @param refreshToken the refresh token
   * @param expectedSubject the {@code sub} of the session's ID token
   * @return the new tokens
   * @throws IdentityServerException as {@link #refresh(String)}; {@code SUBJECT_MISMATCH} for another user
   */
  public TokenResponse refresh(String refreshToken, String expectedSubject) {
    return Http.join(async.refresh(refreshToken, expectedSubject));
  }

  /**
   * Refreshes an earlier answer's tokens: a new ID token must repeat its ID token's {@code sub} and
   * {@code auth_time}, as {@link IdentSphereAsyncClient#refresh(TokenResponse)} describes.
   *
   * @param previous an earlier answer of this client (from {@link #handleCallback} or a refresh)
   * @return the new tokens
   * @throws IdentityServerException as {@link #refresh(String, String)}
   * @throws IllegalArgumentException if {@code previous} has no refresh token
   */
  public TokenResponse refresh(TokenResponse previous) {
    return Http.join(async.refresh(previous));
  }

  /**
   * Gets a token for this client itself, with the client credentials grant (RFC 6749 §4.4), for
   * the configured resource indicators (RFC 8707).
   *
   * @param requestedScopes scopes to ask for; none for the server's default
   * @return a client credentials token (RFC 6749 §4.4)
   * @throws IdentityServerException if the grant fails
   */
  public TokenResponse clientCredentials(String... requestedScopes) {
    return Http.join(async.clientCredentials(requestedScopes));
  }

  /**
   * As {@link #clientCredentials(String...)}, for these resources instead of the configured ones.
   *
   * @param resources absolute URIs without fragment (RFC 8707); empty sends none
   * @param requestedScopes scopes to ask for; none for the server's default
   * @return the token
   * @throws IllegalArgumentException if a resource is not an absolute URI or has a fragment
   * @throws IdentityServerException if the grant fails ({@code invalid_target} for a refused resource)
   */
  public TokenResponse clientCredentials(Collection<URI> resources, String... requestedScopes) {
    return Http.join(async.clientCredentials(resources, requestedScopes));
  }

  /**
   * Validates an ID token per OIDC Core §3.1.3.7: signature (RS*, PS*, ES* from the JWK Set, or
   * HS256 with the client secret per §10.1), {@code iss}, {@code aud} containing the client id,
   * {@code azp}, {@code exp}, {@code iat}, {@code sub}, {@code nonce} and {@code at_hash}.
   *
   * @param idToken the ID token
   * @param expectedNonce the request's nonce, or null when none was sent
   * @param accessToken the access token issued with it (to check {@code at_hash}), or null
   * @return the verified token
   * @throws TokenRejectedException if any check fails
   */
  public VerifiedToken validateIdToken(String idToken, String expectedNonce, String accessToken) {
    return checks.idToken(idToken, expectedNonce, accessToken);
  }

  // ---- userinfo, logout, revocation, introspection ---------------------------------------------

  /**
   * Asks the userinfo endpoint (OIDC Core §5.3) who the access token's user is, without checking
   * the subject against an expected one.
   *
   * @param accessToken an access token with the {@code openid} scope
   * @return the user the userinfo endpoint describes
   * @throws IdentityServerException if the call fails or the answer is malformed, as
   *     {@link IdentSphereAsyncClient#userInfo} describes
   */
  public IdentSphereUser userInfo(String accessToken) {
    return Http.join(async.userInfo(accessToken, null));
  }

  /**
   * Asks the userinfo endpoint (OIDC Core §5.3) who the access token's user is, and checks that it
   * is the user the ID token named.
   *
   * @param accessToken an access token
   * @param expectedSubject the ID token's {@code sub}; the answer must match (OIDC Core §5.3.4)
   * @return the user
   * @throws IdentityServerException if the call fails, the answer is malformed or describes another
   *     user, as {@link IdentSphereAsyncClient#userInfo} describes
   */
  public IdentSphereUser userInfo(String accessToken, String expectedSubject) {
    return Http.join(async.userInfo(accessToken, expectedSubject));
  }

  /**
   * Builds the RP-initiated logout URL (OpenID Connect RP-Initiated Logout 1.0).
   *
   * @param idTokenHint the ID token, or null
   * @param postLogoutRedirect where to return after logout, or null
   * @param state a value echoed back, or null
   * @return the end-session URL; its endpoint passed the URL rule of {@link ProviderMetadata}
   * @throws IdentityServerException {@code MALFORMED_RESPONSE} if discovery names no end-session
   *     endpoint; {@code INSECURE_URL} or {@code MALFORMED_RESPONSE} if it names one that the URL
   *     rule refuses (a {@code javascript:} URL, plain HTTP, ...)
   */
  public URI endSessionUri(String idTokenHint, URI postLogoutRedirect, String state) {
    settings.requireClientId("endSessionUri");
    return EndSession.uri(metadata(), settings.clientId, idTokenHint, postLogoutRedirect, state);
  }

  /**
   * Revokes a token (RFC 7009).
   *
   * @param token the access or refresh token
   * @param tokenTypeHint {@code access_token}, {@code refresh_token}, or null
   * @throws IdentityServerException if discovery names no revocation endpoint or the server
   *     refuses the revocation
   */
  public void revoke(String token, String tokenTypeHint) {
    Http.join(async.revoke(token, tokenTypeHint));
  }

  /**
   * Asks the identity server whether a token is active (RFC 7662).
   *
   * @param token the token
   * @return the answer, checked as {@link IdentSphereAsyncClient#introspect} describes
   * @throws IdentityServerException if discovery names no introspection endpoint, the call fails
   *     or the answer is malformed
   */
  public IntrospectionResult introspect(String token) {
    return Http.join(async.introspect(token));
  }

  /**
   * A verifier for tight revocation: a token must pass local validation <em>and</em> the identity
   * server must say it is active (introspection when discovery names the endpoint and the client
   * has a client id, else {@code GET /v1/users/me}). Positive answers are cached per token (by SHA-256, at most 10,000)
   * for {@code cacheTtl}, which is therefore the revocation lag.
   *
   * @param cacheTtl how long a positive answer is trusted
   * @return the verifier
   */
  public TokenVerifier sessionCheckingVerifier(Duration cacheTtl) {
    Objects.requireNonNull(cacheTtl, "cacheTtl == null");
    return SessionCheck.create(this, cacheTtl, settings.listener);
  }

  /**
   * Starts a verifier for opaque access tokens (RFC 7662 introspection, cached), which by default
   * validates JWTs locally with {@link #accessTokenValidator()}: see {@link IntrospectingVerifier}.
   *
   * @return the verifier's builder, with this client's issuer, audience and clock
   * @throws IllegalStateException if the builder was given neither {@code audience(...)} nor
   *     {@code ignoreAudience()}
   */
  public IntrospectingVerifier.Builder introspectingVerifier() {
    return new IntrospectingVerifier.Builder(introspection, new IntrospectedTokens(settings), accessTokenValidator(),
        settings.clock);
  }

  // ---- views ------------------------------------------------------------------------------------

  /**
   * Returns the non-blocking form of this client's network operations, for callers that must not
   * block a thread (reactive and event-loop servers).
   *
   * @return the asynchronous view, one instance per client, sharing this client's state
   */
  public IdentSphereAsyncClient async() {
    return async;
  }

  /**
   * Returns IdentSphere's own {@code /v1} API at this client's authority (login relay, profile),
   * which shares this client's HTTP client, timeouts and size bound.
   *
   * @return the API, one instance per client
   */
  public IdentSphereApi api() {
    return api;
  }

  @Override
  public String toString() {
    return "IdentSphereClient{authority=" + settings.authority + ", clientId=" + settings.clientId + ", auth="
        + (settings.clientAuth != null ? settings.clientAuth.method()
        : settings.clientSecret == null ? "none" : "chosen by discovery") + "}";
  }
}
