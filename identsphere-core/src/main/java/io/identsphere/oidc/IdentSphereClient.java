package io.identsphere.oidc;

import io.identsphere.ClaimMapping;
import io.identsphere.IdentSphereUser;
import io.identsphere.internal.http.Http;
import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.JsonWriter;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.TokenVerifier;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The OpenID Connect and IdentSphere API client: discovery, the identity server's keys, the
 * authorization code flow with PKCE, refresh, client credentials, ID token validation, userinfo,
 * end-session, revocation, introspection, and IdentSphere's {@code /v1} login and profile calls.
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
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String authority;
  private final String clientId;
  private final String clientSecret;
  private final ClientAuthentication clientAuth;
  private final List<String> scopes;
  /** Sent as the non-standard {@code audience} request parameter unless it equals the client id. */
  private final String audience;
  private final URI redirectUri;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final Clock clock;
  private final boolean allowInsecure;
  private final ClaimMapping mapping;
  private final Duration discoveryTtl;
  private final int maxBytes;
  private final RemoteJwkSet keys;
  private final TokenValidator accessTokens;
  private final TokenValidator idTokens;
  private final TokenValidator idTokensHmac;
  private final ServerCalls calls;
  private final Discovery discovery;

  private IdentSphereClient(Builder b) {
    this.authority = b.authority;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.clientAuth = b.clientAuth != null ? b.clientAuth
        : b.clientSecret == null ? ClientAuthentication.NONE : ClientAuthentication.CLIENT_SECRET_BASIC;
    this.scopes = List.copyOf(b.scopes);
    // The first configured audience is requested; with none, the client id stands for "send none".
    this.audience = b.audiences.isEmpty() ? b.clientId : b.audiences.get(0);
    this.redirectUri = b.redirectUri;
    this.requestTimeout = b.requestTimeout;
    this.http = b.http != null ? b.http : Http.newClient(b.connectTimeout);
    this.clock = b.clock;
    this.allowInsecure = b.allowInsecure;
    this.mapping = b.mapping;
    this.discoveryTtl = b.discoveryTtl;
    this.maxBytes = b.maxBytes;
    this.calls = new ServerCalls(http, requestTimeout, maxBytes, clientId, clientSecret, clientAuth);
    this.discovery = new Discovery(authority, calls, clock, discoveryTtl, allowInsecure);
    RemoteJwkSet.Builder kb = b.keyOptions;
    kb.client = http;
    kb.clock = clock;
    kb.requestTimeout = requestTimeout;
    kb.allowInsecure = allowInsecure;
    this.keys = RemoteJwkSet.discovered(kb, () -> metadataAsync().thenApply(ProviderMetadata::jwksUri));
    // Access tokens: no audience by default (an ID token's aud is the client id, so the client id
    // would let every ID token pass as a bearer token). The client's own id is refused in aud
    // unless the configured audience names it; ID-token markers are refused by default.
    if (b.audiences.isEmpty() && !b.audienceIgnored) {
      this.accessTokens = null; // accessTokenValidator() explains how to decide
    } else {
      TokenValidator.Builder at = TokenValidator.newBuilder().keySource(keys).expectIssuer(authority).clock(clock)
          .claimMapping(mapping);
      if (b.audienceIgnored) at.ignoreAudience(); else at.expectAudience(b.audiences.toArray(new String[0]));
      if (!b.audiences.contains(clientId)) at.refuseTokensAddressedToClient(clientId);
      this.accessTokens = at.build();
    }
    this.idTokens = TokenValidator.newBuilder().keySource(keys).expectIssuer(authority).expectAudience(clientId)
        .clock(clock).claimMapping(mapping).requireClaims("sub", "iat").acceptIdTokens().build();
    byte[] secretBytes = clientSecret == null ? null : clientSecret.getBytes(StandardCharsets.UTF_8);
    this.idTokensHmac = secretBytes == null || secretBytes.length < 32 ? null
        : idTokens.toBuilder().keySource(JwkSet.of(Jwk.fromSecret(secretBytes, null, JwsAlgorithm.HS256)))
            .allowAlgorithms(JwsAlgorithm.HS256).build();
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
    return clock;
  }

  /**
   * Returns the identity server's authority, which is also the issuer its tokens must name.
   *
   * @return the configured authority (issuer)
   */
  public String authority() {
    return authority;
  }

  /**
   * Returns the OAuth client id this client authenticates as.
   *
   * @return the client id
   */
  public String clientId() {
    return clientId;
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
    if (accessTokens == null) {
      throw new IllegalStateException("no audience for access tokens: call audience(\"<your API>\") or ignoreAudience()"
          + " (env: IDENTSPHERE_AUDIENCE)");
    }
    return accessTokens;
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
    if (redirectUri == null) throw new IllegalStateException("no redirectUri configured: pass one");
    return authorizationRequest(redirectUri, Map.of());
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
    String verifier = random(32);
    String state = random(16);
    String nonce = random(16);
    Map<String, String> p = new LinkedHashMap<>();
    p.put("response_type", "code");
    p.put("client_id", clientId);
    p.put("redirect_uri", redirect.toString());
    p.put("scope", String.join(" ", scopes));
    p.put("state", state);
    p.put("nonce", nonce);
    p.put("code_challenge", codeChallenge(verifier));
    p.put("code_challenge_method", "S256");
    if (!audience.equals(clientId)) p.put("audience", audience);
    for (Map.Entry<String, String> e : extra.entrySet()) {
      if (p.containsKey(e.getKey())) throw new IllegalArgumentException("parameter " + e.getKey() + " is set by the client");
      p.put(e.getKey(), e.getValue());
    }
    return new AuthorizationRequest(Http.withQuery(metadata().authorizationEndpoint(), p), state, nonce, verifier, redirect);
  }

  /**
   * Computes the PKCE {@code S256} code challenge of a code verifier.
   *
   * @param codeVerifier a PKCE code verifier
   * @return {@code BASE64URL(SHA256(ASCII(codeVerifier)))} (RFC 7636 §4.2)
   */
  public static String codeChallenge(String codeVerifier) {
    try {
      return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(codeVerifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64Url.encode(b);
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
    Map<String, String> q;
    try {
      q = Callbacks.parse(callback, request);
    } catch (IdentityServerException e) {
      return CompletableFuture.failedFuture(e);
    }
    return metadataAsync().thenCompose(md -> {
      Callbacks.checkIssuer(q, md);
      Callbacks.checkError(q);
      return exchangeCodeAsync(Callbacks.code(q), request.codeVerifier(), request.redirectUri());
    }).thenApply(tokens -> {
      if (tokens.idToken().isPresent()) {
        validateIdToken(tokens.idToken().get(), request.nonce(), tokens.accessToken());
      } else if (scopes.contains("openid")) {
        throw IdentityServerException.of(Kind.MALFORMED_RESPONSE, "token response has no id_token although openid was requested");
      }
      return tokens;
    });
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
    Map<String, String> p = new LinkedHashMap<>();
    p.put("grant_type", "authorization_code");
    p.put("code", Objects.requireNonNull(code, "code == null"));
    p.put("redirect_uri", redirect.toString());
    p.put("code_verifier", Objects.requireNonNull(codeVerifier, "codeVerifier == null"));
    return tokenCall(p);
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
    Map<String, String> p = new LinkedHashMap<>();
    p.put("grant_type", "refresh_token");
    p.put("refresh_token", Objects.requireNonNull(refreshToken, "refreshToken == null"));
    return tokenCall(p).thenApply(t -> {
      if (t.refreshToken().isPresent()) return t;
      return t.withRefreshToken(refreshToken);
    });
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
    Map<String, String> p = new LinkedHashMap<>();
    p.put("grant_type", "client_credentials");
    if (requestedScopes.length > 0) p.put("scope", String.join(" ", requestedScopes));
    if (!audience.equals(clientId)) p.put("audience", audience);
    return tokenCall(p);
  }

  private CompletableFuture<TokenResponse> tokenCall(Map<String, String> params) {
    return metadataAsync().thenCompose(md -> calls.postForm(md.tokenEndpoint(), params, "token endpoint"))
        .thenApply(body -> TokenResponse.from(body, clock.instant()));
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
    Objects.requireNonNull(accessToken, "accessToken == null");
    return metadataAsync().thenCompose(md -> {
      URI u = md.userinfoEndpoint().orElseThrow(() ->
          IdentityServerException.of(Kind.MALFORMED_RESPONSE, "discovery names no userinfo_endpoint"));
      return calls.get(u, accessToken, null, "userinfo")
          .thenApply(body -> Answers.userinfo(body, md.issuer(), expectedSubject, mapping, Answers.USERINFO));
    });
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
    URI end = metadata().endSessionEndpoint().orElseThrow(() ->
        IdentityServerException.of(Kind.MALFORMED_RESPONSE, "discovery names no end_session_endpoint"));
    Map<String, String> p = new LinkedHashMap<>();
    p.put("id_token_hint", idTokenHint);
    p.put("post_logout_redirect_uri", postLogoutRedirect == null ? null : postLogoutRedirect.toString());
    p.put("client_id", clientId);
    p.put("state", state);
    return Http.withQuery(end, p);
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
    Objects.requireNonNull(token, "token == null");
    return metadataAsync().thenCompose(md -> {
      URI u = md.revocationEndpoint().orElseThrow(() ->
          IdentityServerException.of(Kind.MALFORMED_RESPONSE, "discovery names no revocation_endpoint"));
      Map<String, String> p = new LinkedHashMap<>();
      p.put("token", token);
      p.put("token_type_hint", tokenTypeHint);
      return calls.postFormExpectingOk(u, p, "revocation");
    });
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
    Objects.requireNonNull(token, "token == null");
    return metadataAsync().thenCompose(md -> {
      URI u = md.introspectionEndpoint().orElseThrow(() ->
          IdentityServerException.of(Kind.MALFORMED_RESPONSE, "discovery names no introspection_endpoint"));
      Map<String, String> p = new LinkedHashMap<>();
      p.put("token", token);
      return calls.postForm(u, p, "introspection")
          .thenApply(body -> Answers.introspection(body, md.issuer(), clock.instant(), mapping));
    });
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
        apiMe(null, token);
        return true;
      } catch (IdentityServerException e) {
        if (e.status().isPresent() && (e.status().getAsInt() == 401 || e.status().getAsInt() == 403)) return false;
        throw e;
      }
    }, cacheTtl, clock);
  }

  // ---- IdentSphere API -------------------------------------------------------------------------

  /**
   * Relays a login to IdentSphere's API: {@code POST {authority}/v1/auth/login} with the caller's
   * JSON body; the answer carries every {@code Set-Cookie} for the app to pass to the browser.
   *
   * @param jsonBody the body, for example {@code {"email":"...","password":"..."}}
   * @return status, body and cookies (a 401 is returned, not thrown)
   */
  public ApiResponse apiLogin(String jsonBody) {
    return Http.join(apiLoginAsync(jsonBody));
  }

  /**
   * Relays a login to IdentSphere's API as {@link #apiLogin} does, asynchronously.
   *
   * @param jsonBody the body, for example {@code {"email":"...","password":"..."}}
   * @return status, body and cookies, asynchronously (a 401 is returned, not a failure)
   */
  public CompletableFuture<ApiResponse> apiLoginAsync(String jsonBody) {
    URI u = api("/v1/auth/login");
    HttpRequest req = Http.request(u, requestTimeout).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8)).build();
    return Calls.send(http, req, maxBytes, "IdentSphere login").thenApply(r -> new ApiResponse(r.status,
        r.headers.firstValue("Content-Type").orElse(""), r.text(), r.headers.allValues("Set-Cookie")));
  }

  /**
   * Reads the signed-in user from IdentSphere's {@code GET /v1/users/me}, forwarding the caller's
   * {@code identsphere_*} cookies (others are dropped) or a bearer token.
   *
   * @param cookieHeader the browser's {@code Cookie} header, or null
   * @param bearerToken an access token, or null
   * @return the user; the answer is checked as a userinfo answer (see {@link #userInfoAsync})
   * @throws IdentityServerException with status 401 when the session is not valid
   */
  public IdentSphereUser apiMe(String cookieHeader, String bearerToken) {
    return Http.join(apiMeAsync(cookieHeader, bearerToken));
  }

  /**
   * Reads the signed-in user from IdentSphere's {@code GET /v1/users/me} as {@link #apiMe} does,
   * asynchronously.
   *
   * @param cookieHeader the browser's {@code Cookie} header, or null
   * @param bearerToken an access token, or null
   * @return the user, asynchronously; fails with {@link IdentityServerException} (status 401 when
   *     the session is not valid)
   */
  public CompletableFuture<IdentSphereUser> apiMeAsync(String cookieHeader, String bearerToken) {
    URI u = api("/v1/users/me");
    String cookies = null;
    if (cookieHeader != null) {
      List<String> kept = new ArrayList<>();
      for (String c : cookieHeader.split(";")) {
        if (c.trim().toLowerCase(Locale.ROOT).startsWith("identsphere_")) kept.add(c.trim());
      }
      if (!kept.isEmpty()) cookies = String.join("; ", kept);
    }
    return calls.get(u, bearerToken, cookies, "IdentSphere profile")
        .thenApply(body -> Answers.userinfo(body, authority, null, mapping, "IdentSphere profile answer"));
  }

  private URI api(String path) {
    String base = authority.endsWith("/") ? authority.substring(0, authority.length() - 1) : authority;
    return URI.create(base + path);
  }

  /** Serializes a login body; a convenience for callers relaying email and password. */
  static String loginBody(String email, String password) {
    return JsonWriter.write(Map.of("email", email, "password", password));
  }

  @Override
  public String toString() {
    return "IdentSphereClient{authority=" + authority + ", clientId=" + clientId + ", auth=" + clientAuth + "}";
  }

  /** Options for an {@link IdentSphereClient}. Not thread-safe. */
  public static final class Builder {
    private final String authority;
    private String clientId;
    private String clientSecret;
    private ClientAuthentication clientAuth;
    private List<String> scopes = List.of("openid", "profile", "email");
    private final List<String> audiences = new ArrayList<>();
    private boolean audienceIgnored;
    private URI redirectUri;
    private Duration connectTimeout = Duration.ofSeconds(3);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private HttpClient http;
    private Clock clock = Clock.systemUTC();
    private boolean allowInsecure;
    private ClaimMapping mapping = ClaimMapping.DEFAULT;
    private Duration discoveryTtl = Duration.ofHours(1);
    private int maxBytes = 256 * 1024;
    private final RemoteJwkSet.Builder keyOptions = RemoteJwkSet.builderForClient();

    private Builder(String authority) {
      this.authority = authority;
    }

    /**
     * Sets the OAuth client id this client authenticates as; required.
     *
     * @param id the client id
     * @return this builder
     */
    public Builder clientId(String id) {
      this.clientId = Objects.requireNonNull(id, "clientId == null");
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
      this.clientSecret = Objects.requireNonNull(secret, "secret == null");
      return this;
    }

    /**
     * Chooses how the client authenticates at the token, revocation and introspection endpoints.
     *
     * @param auth how to authenticate (default {@code CLIENT_SECRET_BASIC} with a secret, else {@code NONE})
     * @return this builder
     */
    public Builder clientAuthentication(ClientAuthentication auth) {
      this.clientAuth = Objects.requireNonNull(auth, "auth == null");
      return this;
    }

    /**
     * Sets the scopes of authorization requests, replacing the default.
     *
     * @param scopes requested scopes (default {@code openid profile email})
     * @return this builder
     */
    public Builder scopes(String... scopes) {
      this.scopes = List.of(scopes);
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
        if (!this.audiences.contains(a)) this.audiences.add(a);
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
      this.audienceIgnored = true;
      return this;
    }

    /**
     * Sets the redirect URI that {@link IdentSphereClient#authorizationRequest()} uses.
     *
     * @param uri the default redirect URI
     * @return this builder
     */
    public Builder redirectUri(URI uri) {
      this.redirectUri = Objects.requireNonNull(uri, "uri == null");
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
      this.connectTimeout = Calls.positive(connect, "connect");
      this.requestTimeout = Calls.positive(request, "request");
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
      this.http = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /**
     * Sets the time source of token checks and caches; tests inject a fixed or ticking clock.
     *
     * @param clock the time source (default system UTC)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Allows plain HTTP to non-loopback hosts. <b>Security:</b> tokens and secrets then cross the
     * network in clear.
     *
     * @return this builder
     */
    public Builder allowInsecureHttp() {
      this.allowInsecure = true;
      return this;
    }

    /**
     * Sets which claims carry the user's roles, custom roles and tenant.
     *
     * @param mapping where roles and the tenant are read from (default {@link ClaimMapping#DEFAULT})
     * @return this builder
     */
    public Builder claimMapping(ClaimMapping mapping) {
      this.mapping = Objects.requireNonNull(mapping, "mapping == null");
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
      this.discoveryTtl = ttl;
      return this;
    }

    /**
     * Bounds the size of an answer from the identity server; a larger answer is refused.
     *
     * @param bytes largest accepted answer, in bytes (default 256 KiB)
     * @return this builder
     */
    public Builder maxResponseBytes(int bytes) {
      this.maxBytes = bytes;
      return this;
    }

    /**
     * Adjusts the cache of the identity server's JWK Set, which the client's validators share.
     *
     * @param options adjusts the JWK Set cache (lifetimes, cooldown, outage policy, size)
     * @return this builder
     */
    public Builder keyCache(Consumer<RemoteJwkSet.Builder> options) {
      options.accept(keyOptions);
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
      if (clientId == null) throw new IllegalStateException("clientId == null: call clientId(...)");
      if (audienceIgnored && !audiences.isEmpty()) {
        throw new IllegalStateException("audience(...) and ignoreAudience() contradict each other: call one of them");
      }
      if (clientAuth != null && clientAuth != ClientAuthentication.NONE && clientSecret == null) {
        throw new IllegalStateException(clientAuth + " needs a clientSecret");
      }
      URI a = URI.create(authority);
      if (!Http.acceptable(a, allowInsecure)) {
        throw new IllegalArgumentException("authority must be HTTPS (or HTTP on loopback): " + authority);
      }
      return new IdentSphereClient(this);
    }
  }
}
