package io.identsphere.oidc;

import io.identsphere.ClaimMapping;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

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
  private final TokenEndpoint tokens;
  private final UserInfo userInfo;
  private final Revocation revocation;
  private final Introspection introspection;
  private final IdentSphereApi api;

  private IdentSphereClient(ClientSettings s) {
    this.settings = s;
    ServerCalls calls = new ServerCalls(s.http, s.requestTimeout, s.maxBytes, s.clientId, s.clientSecret, s.clientAuth);
    this.discovery = new Discovery(s.authority, calls, s.clock, s.discoveryTtl, s.allowInsecure);
    RemoteJwkSet.Builder kb = s.keyOptions;
    kb.client = s.http;
    kb.clock = s.clock;
    kb.requestTimeout = s.requestTimeout;
    kb.allowInsecure = s.allowInsecure;
    this.keys = RemoteJwkSet.discovered(kb, () -> metadataAsync().thenApply(ProviderMetadata::jwksUri));
    this.checks = new TokenChecks(s, keys);
    this.tokens = new TokenEndpoint(s, discovery, calls, checks);
    this.userInfo = new UserInfo(s, discovery, calls);
    this.revocation = new Revocation(discovery, calls);
    this.introspection = new Introspection(s, discovery, calls);
    this.api = new IdentSphereApi(s, calls);
  }

  /**
   * Starts a builder for a client of the identity server at {@code authority}.
   *
   * @param authority the issuer URL, exactly as the identity server writes {@code iss}
   * @return a builder
   * @throws NullPointerException if {@code authority} is null
   */
  public static Builder newBuilder(String authority) {
    return new Builder(Objects.requireNonNull(authority, "authority == null"));
  }

  /**
   * A builder from the process environment: {@code IDENTSPHERE_URL} (required: the authority),
   * {@code IDENTSPHERE_CLIENT_ID} (required), {@code IDENTSPHERE_CLIENT_SECRET} (optional; without
   * it the client is public and authenticates with {@code none}), {@code IDENTSPHERE_AUDIENCE}
   * (optional: the {@code aud} access tokens must carry, see {@link Builder#audience}; without it,
   * call {@link Builder#audience} or {@link Builder#ignoreAudience()} before
   * {@link #accessTokenValidator()} can be used).
   *
   * @return a builder with those options set
   * @throws IllegalStateException if a required variable is missing
   */
  public static Builder fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * As {@link #fromEnvironment()}, reading from the given map.
   *
   * @param env the variables
   * @return a builder with those options set
   * @throws IllegalStateException if a required variable is missing or blank
   */
  public static Builder fromEnvironment(Map<String, String> env) {
    String url = env.get("IDENTSPHERE_URL");
    String id = env.get("IDENTSPHERE_CLIENT_ID");
    if (url == null || url.isBlank()) throw new IllegalStateException("IDENTSPHERE_URL is not set");
    if (id == null || id.isBlank()) throw new IllegalStateException("IDENTSPHERE_CLIENT_ID is not set");
    Builder b = newBuilder(url).clientId(id);
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
    return Http.join(metadataAsync());
  }

  /**
   * The provider metadata, asynchronously: fetched on first use, then reused until the discovery
   * TTL has passed since the fetch (by the configured clock); concurrent callers share one fetch,
   * and a failed fetch is not cached.
   *
   * @return the provider metadata; fails with {@link IdentityServerException} as {@link #metadata()}
   */
  public CompletableFuture<ProviderMetadata> metadataAsync() {
    return discovery.metadata();
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
   * configured {@link Builder#audience} (or none with {@link Builder#ignoreAudience()}), keys from
   * the remote JWK Set. It refuses the client's own ID tokens: any token whose {@code aud} contains
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
    return Http.join(handleCallbackAsync(request, callback));
  }

  /**
   * Completes a login as {@link #handleCallback} does, asynchronously.
   *
   * @param request the request this login started with
   * @param callback the full callback URL (or just its query) the browser arrived at
   * @return the tokens, asynchronously; fails with the exceptions {@link #handleCallback} throws
   */
  public CompletableFuture<TokenResponse> handleCallbackAsync(AuthorizationRequest request, URI callback) {
    return tokens.handleCallback(request, callback);
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
    return Http.join(exchangeCodeAsync(code, codeVerifier, redirect));
  }

  /**
   * Exchanges an authorization code for tokens as {@link #exchangeCode} does, asynchronously.
   *
   * @param code the authorization code
   * @param codeVerifier the PKCE verifier of the request
   * @param redirect the redirect URI of the request
   * @return the tokens, asynchronously; fails with {@link IdentityServerException} if the exchange
   *     fails
   */
  public CompletableFuture<TokenResponse> exchangeCodeAsync(String code, String codeVerifier, URI redirect) {
    return tokens.exchangeCode(code, codeVerifier, redirect);
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
    return Http.join(refreshAsync(refreshToken));
  }

  /**
   * Refreshes tokens as {@link #refresh} does, asynchronously.
   *
   * @param refreshToken the refresh token
   * @return the new tokens, asynchronously; fails with {@link IdentityServerException} if the
   *     refresh fails
   */
  public CompletableFuture<TokenResponse> refreshAsync(String refreshToken) {
    return tokens.refresh(refreshToken);
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
    return Http.join(clientCredentialsAsync(requestedScopes));
  }

  /**
   * Gets a client credentials token as {@link #clientCredentials} does, asynchronously.
   *
   * @param requestedScopes scopes to ask for; none for the server's default
   * @return the token, asynchronously; fails with {@link IdentityServerException} if the grant
   *     fails
   */
  public CompletableFuture<TokenResponse> clientCredentialsAsync(String... requestedScopes) {
    return tokens.clientCredentials(requestedScopes);
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
   *     {@link #userInfoAsync} describes
   */
  public IdentSphereUser userInfo(String accessToken) {
    return Http.join(userInfoAsync(accessToken, null));
  }

  /**
   * Asks the userinfo endpoint (OIDC Core §5.3) who the access token's user is, and checks that it
   * is the user the ID token named.
   *
   * @param accessToken an access token
   * @param expectedSubject the ID token's {@code sub}; the answer must match (OIDC Core §5.3.4)
   * @return the user
   * @throws IdentityServerException if the call fails, the answer is malformed or describes another
   *     user, as {@link #userInfoAsync} describes
   */
  public IdentSphereUser userInfo(String accessToken, String expectedSubject) {
    return Http.join(userInfoAsync(accessToken, expectedSubject));
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
  public CompletableFuture<IdentSphereUser> userInfoAsync(String accessToken, String expectedSubject) {
    return userInfo.fetch(accessToken, expectedSubject);
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
    Http.join(revokeAsync(token, tokenTypeHint));
  }

  /**
   * Revokes a token (RFC 7009) as {@link #revoke} does, asynchronously.
   *
   * @param token the access or refresh token
   * @param tokenTypeHint {@code access_token}, {@code refresh_token}, or null
   * @return completion, asynchronously; fails with {@link IdentityServerException} as
   *     {@link #revoke} throws it
   */
  public CompletableFuture<Void> revokeAsync(String token, String tokenTypeHint) {
    return revocation.revoke(token, tokenTypeHint);
  }

  /**
   * Asks the identity server whether a token is active (RFC 7662).
   *
   * @param token the token
   * @return the answer, checked as {@link #introspectAsync} describes
   * @throws IdentityServerException if discovery names no introspection endpoint, the call fails
   *     or the answer is malformed
   */
  public IntrospectionResult introspect(String token) {
    return Http.join(introspectAsync(token));
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
  public CompletableFuture<IntrospectionResult> introspectAsync(String token) {
    return introspection.introspect(token);
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
    }, cacheTtl, settings.clock);
  }

  // ---- IdentSphere API -------------------------------------------------------------------------

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

  /** Options for an {@link IdentSphereClient}. Not thread-safe. */
  public static final class Builder {
    private final ClientSettings.Draft d;

    private Builder(String authority) {
      this.d = new ClientSettings.Draft(authority);
    }

    /**
     * Sets the OAuth client id this client authenticates as; required.
     *
     * @param id the client id
     * @return this builder
     */
    public Builder clientId(String id) {
      d.clientId = Objects.requireNonNull(id, "clientId == null");
      return this;
    }

    /**
     * Sets the client secret of a confidential client; omit it for a public client.
     *
     * <p><b>Security:</b> the secret is never logged and never put into an exception message.
     *
     * @param secret the client secret
     * @return this builder
     */
    public Builder clientSecret(String secret) {
      d.clientSecret = Objects.requireNonNull(secret, "secret == null");
      return this;
    }

    /**
     * Chooses how the client authenticates at the token, revocation and introspection endpoints.
     *
     * @param auth how to authenticate (default {@code CLIENT_SECRET_BASIC} with a secret, else {@code NONE})
     * @return this builder
     */
    public Builder clientAuthentication(ClientAuthentication auth) {
      d.clientAuth = Objects.requireNonNull(auth, "auth == null");
      return this;
    }

    /**
     * Sets the scopes of authorization requests, replacing the default.
     *
     * @param scopes requested scopes (default {@code openid profile email})
     * @return this builder
     */
    public Builder scopes(String... scopes) {
      d.scopes = List.of(scopes);
      return this;
    }

    /**
     * Sets the {@code aud} the {@linkplain IdentSphereClient#accessTokenValidator() access-token
     * validator} expects: your API's identifier, for example {@code "https://api.example.com/orders"}.
     * A token is accepted when its {@code aud} contains one of these values. There is no default:
     * call this or {@link #ignoreAudience()}, or {@code accessTokenValidator()} throws. The first
     * value is also sent as the non-standard {@code audience} parameter of authorization and client
     * credentials requests (which some servers use to pick the API), unless it is the client id.
     *
     * <p><b>Security:</b> naming the client id here makes the validator accept tokens addressed to
     * the client (as some servers, Azure for one, issue them for an API registered as the same
     * app). The client's ID tokens then carry the expected audience, and only their markers
     * ({@code nonce}, {@code at_hash}, a {@code typ} claim) keep them from passing as access tokens.
     *
     * @param audiences one or more API audiences
     * @return this builder
     * @throws IllegalArgumentException if no audience is given, or one is empty
     */
    public Builder audience(String... audiences) {
      if (audiences.length == 0) throw new IllegalArgumentException("audience(...) needs at least one value");
      for (String a : audiences) {
        Objects.requireNonNull(a, "audience == null");
        if (a.isEmpty()) throw new IllegalArgumentException("audience is empty");
        if (!d.audiences.contains(a)) d.audiences.add(a);
      }
      return this;
    }

    /**
     * Accepts access tokens for any audience of this issuer. Tokens addressed to this client's own
     * id (its ID tokens) are still refused, and so are tokens with ID-token markers.
     *
     * <p><b>Security:</b> a token this issuer minted for another API is then accepted here. Use it
     * only when the issuer serves this API alone, or when the audience is checked elsewhere.
     *
     * @return this builder
     */
    public Builder ignoreAudience() {
      d.audienceIgnored = true;
      return this;
    }

    /**
     * Sets the redirect URI that {@link IdentSphereClient#authorizationRequest()} uses.
     *
     * @param uri the default redirect URI
     * @return this builder
     */
    public Builder redirectUri(URI uri) {
      d.redirectUri = Objects.requireNonNull(uri, "uri == null");
      return this;
    }

    /**
     * Sets the timeouts of the calls to the identity server.
     *
     * @param connect connect timeout (default 3 s; ignored with a supplied client)
     * @param request timeout of every request (default 10 s)
     * @return this builder
     * @throws IllegalArgumentException if a timeout is zero or negative
     */
    public Builder timeouts(Duration connect, Duration request) {
      d.connectTimeout = Calls.positive(connect, "connect");
      d.requestTimeout = Calls.positive(request, "request");
      return this;
    }

    /**
     * Supplies the JDK HTTP client for every call to the identity server, instead of one the
     * client creates.
     *
     * @param client the JDK HTTP client to use; never closed by this library
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      d.http = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /**
     * Sets the time source of token checks and caches; tests inject a fixed or ticking clock.
     *
     * @param clock the time source (default system UTC)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      d.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Allows plain HTTP to non-loopback hosts. <b>Security:</b> tokens and secrets then cross the
     * network in clear.
     *
     * @return this builder
     */
    public Builder allowInsecureHttp() {
      d.allowInsecure = true;
      return this;
    }

    /**
     * Sets which claims carry the user's roles, custom roles and tenant.
     *
     * @param mapping where roles and the tenant are read from (default {@link ClaimMapping#DEFAULT})
     * @return this builder
     */
    public Builder claimMapping(ClaimMapping mapping) {
      d.mapping = Objects.requireNonNull(mapping, "mapping == null");
      return this;
    }

    /**
     * Sets how long a fetched discovery document is reused before it is fetched again.
     *
     * @param ttl the time after a fetch completes, by the configured clock (default 1 h); zero
     *     fetches on every use
     * @return this builder
     * @throws IllegalArgumentException if {@code ttl} is negative
     */
    public Builder discoveryTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl == null");
      if (ttl.isNegative()) throw new IllegalArgumentException("ttl must not be negative: " + ttl);
      d.discoveryTtl = ttl;
      return this;
    }

    /**
     * Bounds the size of an answer from the identity server; a larger answer is refused.
     *
     * @param bytes largest accepted answer, in bytes (default 256 KiB)
     * @return this builder
     */
    public Builder maxResponseBytes(int bytes) {
      d.maxBytes = bytes;
      return this;
    }

    /**
     * Adjusts the cache of the identity server's JWK Set, which the client's validators share.
     *
     * @param options adjusts the JWK Set cache (lifetimes, cooldown, outage policy, size)
     * @return this builder
     */
    public Builder keyCache(Consumer<RemoteJwkSet.Builder> options) {
      options.accept(d.keyOptions);
      return this;
    }

    /**
     * Builds the client. It owns no threads and makes no request until first used.
     *
     * @return the client
     * @throws IllegalStateException if no client id is set, a secret-based authentication has no
     *     secret, or both {@code audience(...)} and {@code ignoreAudience()} were called
     * @throws IllegalArgumentException if the authority is not HTTPS (or loopback HTTP)
     */
    public IdentSphereClient build() {
      return new IdentSphereClient(d.freeze());
    }
  }
}
