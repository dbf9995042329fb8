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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

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
 * {@code discoveryTtl}; the document's {@code issuer} must equal the configured authority exactly.
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

  IdentSphereClient(ClientSettings s) {
    this.settings = s;
    ServerCalls calls = new ServerCalls(s.http, s.requestTimeout, s.maxBytes, s.clientId, s.clientSecret, s.clientAuth);
    this.discovery = new Discovery(s.authority, calls, s.clock, s.discoveryTtl, s.allowInsecure);
    RemoteJwkSet.Builder kb = s.keyOptions;
    kb.client = s.http;
    kb.clock = s.clock;
    kb.requestTimeout = s.requestTimeout;
    kb.allowInsecure = s.allowInsecure;
    if (kb.listener == null) kb.listener = s.listener; // key-set events too, unless keyCache(...) named a listener
    Discovery d = discovery;
    this.keys = RemoteJwkSet.discovered(kb, () -> d.metadata().thenApply(ProviderMetadata::jwksUri));
    this.checks = new TokenChecks(s, keys);
    this.async = new IdentSphereAsyncClient(discovery, new TokenEndpoint(s, discovery, calls, checks),
        new UserInfo(s, discovery, calls), new Revocation(discovery, calls), new Introspection(s, discovery, calls));
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
   * A builder from the process environment: {@code IDENTSPHERE_URL} (required: the authority),
   * {@code IDENTSPHERE_CLIENT_ID} (required), {@code IDENTSPHERE_CLIENT_SECRET} (optional; without
   * it the client is public and authenticates with {@code none}), {@code IDENTSPHERE_AUDIENCE}
   * (optional: the {@code aud} access tokens must carry, see
   * {@link IdentSphereClientBuilder#audience}; without it, call
   * {@link IdentSphereClientBuilder#audience} or {@link IdentSphereClientBuilder#ignoreAudience()}
   * before {@link #accessTokenValidator()} can be used).
   *
   * @return a builder with those options set
   * @throws IllegalStateException if a required variable is missing
   */
  public static IdentSphereClientBuilder fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * As {@link #fromEnvironment()}, reading from the given map.
   *
   * @param env the variables
   * @return a builder with those options set
   * @throws IllegalStateException if a required variable is missing or blank
   */
  public static IdentSphereClientBuilder fromEnvironment(Map<String, String> env) {
    String url = env.get("IDENTSPHERE_URL");
    String id = env.get("IDENTSPHERE_CLIENT_ID");
    if (url == null || url.isBlank()) throw new IllegalStateException("IDENTSPHERE_URL is not set");
    if (id == null || id.isBlank()) throw new IllegalStateException("IDENTSPHERE_CLIENT_ID is not set");
    IdentSphereClientBuilder b = newBuilder(url).clientId(id);
    String secret = env.get("IDENTSPHERE_CLIENT_SECRET");
    if (secret != null && !secret.isEmpty()) b.clientSecret(secret);
    String aud = env.get("IDENTSPHERE_AUDIENCE");
    if (aud != null && !aud.isEmpty()) b.audience(aud);
    return b;
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
   * Returns the identity server's authority, which is also the issuer its tokens must name.
   *
   * @return the configured authority (issuer)
   */
  public String authority() {
    return settings.authority;
  }

  /**
   * Returns the OAuth client id this client authenticates as.
   *
   * @return the client id
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
   * The validator for this server's access tokens: issuer = the authority, audience = the
   * configured {@link IdentSphereClientBuilder#audience} (or none with
   * {@link IdentSphereClientBuilder#ignoreAudience()}), keys from the remote JWK Set. It refuses the client's own ID tokens: any token whose {@code aud} contains
   * this client's id (unless the configured audience names the client id), and any token with
   * ID-token markers ({@code at_hash}, {@code c_hash}, {@code s_hash}, a {@code typ} claim other
   * than {@code Bearer}, a {@code nonce} in a token that does not declare itself an access token),
   * as
   * {@link TokenRejectedException.Reason#NOT_AN_ACCESS_TOKEN}.
   *
   * @return the validator, shared by every caller
   * @throws IllegalStateException if the builder was given neither {@code audience(...)} nor
   *     {@code ignoreAudience()}
   */
  public TokenValidator accessTokenValidator() {
    return checks.accessTokens();
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
   * S256 (RFC 7636), a fresh {@code state} and {@code nonce}, the configured scopes and audience.
   *
   * @param redirect the redirect URI
   * @param extra further parameters ({@code prompt}, {@code login_hint}, ...); may not override
   *     the security parameters
   * @return the request; keep it for the callback
   */
  public AuthorizationRequest authorizationRequest(URI redirect, Map<String, String> extra) {
    Objects.requireNonNull(redirect, "redirect == null");
    return AuthorizationRequests.create(settings, metadata().authorizationEndpoint(), redirect, extra);
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
   * Refreshes tokens (RFC 6749 §6). When the server rotates the refresh token, the new one is in
   * the answer; when it does not, the answer carries the one passed in.
   *
   * @param refreshToken the refresh token
   * @return the new tokens
   * @throws IdentityServerException if the refresh fails
   */
  public TokenResponse refresh(String refreshToken) {
    return Http.join(async.refresh(refreshToken));
  }

  /**
   * Gets a token for this client itself, with the client credentials grant (RFC 6749 §4.4); the
   * configured audience is sent unless it is the client id.
   *
   * @param requestedScopes scopes to ask for; none for the server's default
   * @return a client credentials token (RFC 6749 §4.4)
   * @throws IdentityServerException if the grant fails
   */
  public TokenResponse clientCredentials(String... requestedScopes) {
    return Http.join(async.clientCredentials(requestedScopes));
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
   * server must say it is active (introspection when discovery names the endpoint, else
   * {@code GET /v1/users/me}). Positive answers are cached per token (by SHA-256, at most 10,000)
   * for {@code cacheTtl}, which is therefore the revocation lag.
   *
   * @param cacheTtl how long a positive answer is trusted
   * @return the verifier
   */
  public TokenVerifier sessionCheckingVerifier(Duration cacheTtl) {
    Objects.requireNonNull(cacheTtl, "cacheTtl == null");
    return new SessionCheck(accessTokenValidator(), token -> {
      if (metadata().introspectionEndpoint().isPresent()) return introspect(token).active();
      try {
        api.me(null, token);
        return true;
      } catch (IdentityServerException e) {
        if (e.status().isPresent() && (e.status().getAsInt() == 401 || e.status().getAsInt() == 403)) return false;
        throw e;
      }
    }, cacheTtl, settings.clock, settings.listener);
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
        + settings.clientAuth + "}";
  }
}
