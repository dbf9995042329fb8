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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
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

  private final AtomicReference<CompletableFuture<ProviderMetadata>> discovering = new AtomicReference<>();
  private volatile ProviderMetadata metadata;
  private volatile Instant metadataExpires = Instant.MIN;

  private IdentSphereClient(Builder b) {
    this.authority = b.authority;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.clientAuth = b.clientAuth != null ? b.clientAuth
        : b.clientSecret == null ? ClientAuthentication.NONE : ClientAuthentication.CLIENT_SECRET_BASIC;
    this.scopes = List.copyOf(b.scopes);
    this.audience = b.audience != null ? b.audience : b.clientId;
    this.redirectUri = b.redirectUri;
    this.requestTimeout = b.requestTimeout;
    this.http = b.http != null ? b.http : Http.newClient(b.connectTimeout);
    this.clock = b.clock;
    this.allowInsecure = b.allowInsecure;
    this.mapping = b.mapping;
    this.discoveryTtl = b.discoveryTtl;
    this.maxBytes = b.maxBytes;
    RemoteJwkSet.Builder kb = b.keyOptions;
    kb.client = http;
    kb.clock = clock;
    kb.requestTimeout = requestTimeout;
    kb.allowInsecure = allowInsecure;
    this.keys = RemoteJwkSet.discovered(kb, () -> metadataAsync().thenApply(ProviderMetadata::jwksUri));
    this.accessTokens = TokenValidator.newBuilder().keySource(keys).expectIssuer(authority).expectAudience(audience)
        .clock(clock).claimMapping(mapping).build();
    this.idTokens = TokenValidator.newBuilder().keySource(keys).expectIssuer(authority).expectAudience(clientId)
        .clock(clock).claimMapping(mapping).requireClaims("sub", "iat").build();
    byte[] secretBytes = clientSecret == null ? null : clientSecret.getBytes(StandardCharsets.UTF_8);
    this.idTokensHmac = secretBytes == null || secretBytes.length < 32 ? null
        : idTokens.toBuilder().keySource(JwkSet.of(Jwk.fromSecret(secretBytes, null, JwsAlgorithm.HS256)))
            .allowAlgorithms(JwsAlgorithm.HS256).build();
  }

  /**
   * @param authority the issuer URL, exactly as the identity server writes {@code iss}
   * @return a builder
   */
  public static Builder newBuilder(String authority) {
    return new Builder(Objects.requireNonNull(authority, "authority == null"));
  }

  /**
   * A builder from the process environment: {@code IDENTSPHERE_URL} (required: the authority),
   * {@code IDENTSPHERE_CLIENT_ID} (required), {@code IDENTSPHERE_CLIENT_SECRET} (optional; without
   * it the client is public and authenticates with {@code none}), {@code IDENTSPHERE_AUDIENCE}
   * (optional; default: the client id).
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
   * @return a builder
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

  /** @return the configured authority (issuer) */
  public String authority() {
    return authority;
  }

  /** @return the client id */
  public String clientId() {
    return clientId;
  }

  // ---- discovery and keys ---------------------------------------------------------------------

  /**
   * @return the provider metadata, fetched on first use and cached for the discovery TTL
   * @throws IdentityServerException if discovery fails or names another issuer
   */
  public ProviderMetadata metadata() {
    return Http.join(metadataAsync());
  }

  /** @return the provider metadata, asynchronously; concurrent callers share one fetch */
  public CompletableFuture<ProviderMetadata> metadataAsync() {
    ProviderMetadata m = metadata;
    if (m != null && clock.instant().isBefore(metadataExpires)) return CompletableFuture.completedFuture(m);
    while (true) {
      CompletableFuture<ProviderMetadata> running = discovering.get();
      if (running != null) return running;
      CompletableFuture<ProviderMetadata> mine = new CompletableFuture<>();
      if (!discovering.compareAndSet(null, mine)) continue;
      m = metadata;
      if (m != null && clock.instant().isBefore(metadataExpires)) {
        discovering.set(null);
        mine.complete(m);
        return mine;
      }
      discover().whenComplete((md, t) -> {
        if (md != null) {
          metadata = md;
          metadataExpires = clock.instant().plus(discoveryTtl);
        }
        discovering.set(null);
        if (md != null) mine.complete(md); else mine.completeExceptionally(Calls.translate(t, "discovery"));
      });
      return mine;
    }
  }

  private CompletableFuture<ProviderMetadata> discover() {
    String base = authority.endsWith("/") ? authority.substring(0, authority.length() - 1) : authority;
    URI uri = URI.create(base + "/.well-known/openid-configuration");
    return Calls.send(http, Http.request(uri, requestTimeout).GET().build(), maxBytes, "discovery").thenApply(r -> {
      ProviderMetadata md = ProviderMetadata.from(Calls.json(r, "discovery", uri, maxBytes), "discovery document");
      if (!md.issuer().equals(authority)) {
        throw IdentityServerException.of(Kind.ISSUER_MISMATCH, "discovery document issuer \"" + md.issuer()
            + "\" does not equal the configured authority \"" + authority + "\" (OIDC Discovery 4.3)");
      }
      for (URI endpoint : new URI[] {md.authorizationEndpoint(), md.tokenEndpoint(), md.jwksUri()}) {
        checkUrl(endpoint);
      }
      return md;
    });
  }

  private void checkUrl(URI u) {
    if (!Http.acceptable(u, allowInsecure)) {
      throw IdentityServerException.of(Kind.INSECURE_URL, Http.safe(u) + " is not HTTPS (or HTTP on loopback)");
    }
  }

  /** Fetches discovery and the JWK Set now, so the first request does not wait. */
  public void warmUp() {
    metadata();
    keys.warmUp();
  }

  /** @return the identity server's JWK Set, found through discovery */
  public RemoteJwkSet keySource() {
    return keys;
  }

  /**
   * @return a validator for this server's access tokens: issuer = authority, audience = the
   *     configured audience (default: client id), keys from the remote JWK Set
   */
  public TokenValidator accessTokenValidator() {
    return accessTokens;
  }

  // ---- login ----------------------------------------------------------------------------------

  /**
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
   * Completes a login: checks the callback's {@code state} (constant time), turns an {@code error}
   * into an exception, checks {@code iss} when present (RFC 9207), exchanges the code with the
   * verifier, and validates the ID token (nonce, audience, {@code at_hash}).
   *
   * @param request the request this login started with
   * @param callback the full callback URL (or just its query) the browser arrived at
   * @return the tokens
   * @throws IdentityServerException on a state mismatch, an authorization error or a failed exchange
   * @throws TokenRejectedException if the ID token is invalid
   */
  public TokenResponse handleCallback(AuthorizationRequest request, URI callback) {
    return Http.join(handleCallbackAsync(request, callback));
  }

  /**
   * @param request the request this login started with
   * @param callback the callback URL
   * @return the tokens, asynchronously
   */
  public CompletableFuture<TokenResponse> handleCallbackAsync(AuthorizationRequest request, URI callback) {
    Map<String, String> q;
    try {
      q = Http.parseQuery(callback.getRawQuery());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(IdentityServerException.of(Kind.MALFORMED_RESPONSE, "callback: " + e.getMessage()));
    }
    String state = q.get("state");
    if (state == null || !IdTokens.constantTimeEquals(state, request.state())) {
      return CompletableFuture.failedFuture(IdentityServerException.of(Kind.STATE_MISMATCH,
          state == null ? "callback has no state" : "callback state does not match the request's"));
    }
    if (q.containsKey("error")) {
      return CompletableFuture.failedFuture(new IdentityServerException(Kind.AUTHORIZATION_ERROR,
          "authorization failed: " + q.get("error") + (q.containsKey("error_description") ? ": " + q.get("error_description") : ""),
          0, q.get("error"), q.get("error_description"), null));
    }
    String code = q.get("code");
    if (code == null || code.isEmpty()) {
      return CompletableFuture.failedFuture(IdentityServerException.of(Kind.MALFORMED_RESPONSE, "callback has no code"));
    }
    return metadataAsync().thenCompose(md -> {
      String iss = q.get("iss");
      if (iss != null && !iss.equals(md.issuer())) {
        throw IdentityServerException.of(Kind.ISSUER_MISMATCH, "callback iss \"" + iss + "\" is not \"" + md.issuer()
            + "\" (RFC 9207: possible mix-up attack)");
      }
      return exchangeCodeAsync(code, request.codeVerifier(), request.redirectUri());
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
   * @param code the authorization code
   * @param codeVerifier the PKCE verifier of the request
   * @param redirect the redirect URI of the request
   * @return the tokens
   */
  public TokenResponse exchangeCode(String code, String codeVerifier, URI redirect) {
    return Http.join(exchangeCodeAsync(code, codeVerifier, redirect));
  }

  /**
   * @param code the authorization code
   * @param codeVerifier the PKCE verifier of the request
   * @param redirect the redirect URI of the request
   * @return the tokens, asynchronously
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
   */
  public TokenResponse refresh(String refreshToken) {
    return Http.join(refreshAsync(refreshToken));
  }

  /**
   * @param refreshToken the refresh token
   * @return the new tokens, asynchronously
   */
  public CompletableFuture<TokenResponse> refreshAsync(String refreshToken) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("grant_type", "refresh_token");
    p.put("refresh_token", Objects.requireNonNull(refreshToken, "refreshToken == null"));
    return tokenCall(p).thenApply(t -> {
      if (t.refreshToken().isPresent()) return t;
      Map<String, Object> raw = new LinkedHashMap<>(t.raw());
      raw.put("refresh_token", refreshToken);
      return new TokenResponse(java.util.Collections.unmodifiableMap(raw), t.expiresAt().map(e -> e).orElse(clock.instant()));
    });
  }

  /**
   * @param requestedScopes scopes to ask for; none for the server's default
   * @return a client credentials token (RFC 6749 §4.4)
   */
  public TokenResponse clientCredentials(String... requestedScopes) {
    return Http.join(clientCredentialsAsync(requestedScopes));
  }

  /**
   * @param requestedScopes scopes to ask for
   * @return the token, asynchronously
   */
  public CompletableFuture<TokenResponse> clientCredentialsAsync(String... requestedScopes) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("grant_type", "client_credentials");
    if (requestedScopes.length > 0) p.put("scope", String.join(" ", requestedScopes));
    if (!audience.equals(clientId)) p.put("audience", audience);
    return tokenCall(p);
  }

  private CompletableFuture<TokenResponse> tokenCall(Map<String, String> params) {
    return metadataAsync().thenCompose(md -> postForm(md.tokenEndpoint(), params, "token endpoint")).thenApply(body -> {
      if (!(body.get("access_token") instanceof String)) {
        throw IdentityServerException.of(Kind.MALFORMED_RESPONSE, "token endpoint answer has no access_token");
      }
      return new TokenResponse(body, clock.instant());
    });
  }

  private CompletableFuture<Map<String, Object>> postForm(URI endpoint, Map<String, String> params, String what) {
    checkUrl(endpoint);
    Map<String, String> p = new LinkedHashMap<>(params);
    HttpRequest.Builder rb = Http.request(endpoint, requestTimeout).header("Content-Type", "application/x-www-form-urlencoded");
    authenticate(rb, p);
    HttpRequest req = rb.POST(Http.formBody(Http.form(p))).build();
    return Calls.send(http, req, maxBytes, what).thenApply(r -> Calls.json(r, what, endpoint, maxBytes));
  }

  private void authenticate(HttpRequest.Builder rb, Map<String, String> p) {
    switch (clientAuth) {
      case CLIENT_SECRET_BASIC:
        String pair = Http.encode(clientId) + ":" + Http.encode(clientSecret);
        rb.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        break;
      case CLIENT_SECRET_POST:
        p.put("client_id", clientId);
        p.put("client_secret", clientSecret);
        break;
      default:
        p.put("client_id", clientId);
    }
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
   * @param accessToken an access token with the {@code openid} scope
   * @return the user the userinfo endpoint describes
   */
  public IdentSphereUser userInfo(String accessToken) {
    return Http.join(userInfoAsync(accessToken, null));
  }

  /**
   * @param accessToken an access token
   * @param expectedSubject the ID token's {@code sub}; the answer must match (OIDC Core §5.3.4)
   * @return the user
   */
  public IdentSphereUser userInfo(String accessToken, String expectedSubject) {
    return Http.join(userInfoAsync(accessToken, expectedSubject));
  }

  /**
   * @param accessToken an access token
   * @param expectedSubject the expected {@code sub}, or null
   * @return the user, asynchronously
   */
  public CompletableFuture<IdentSphereUser> userInfoAsync(String accessToken, String expectedSubject) {
    return metadataAsync().thenCompose(md -> {
      URI u = md.userinfoEndpoint().orElseThrow(() ->
          IdentityServerException.of(Kind.MALFORMED_RESPONSE, "discovery names no userinfo_endpoint"));
      checkUrl(u);
      HttpRequest req = Http.request(u, requestTimeout).header("Authorization", "Bearer " + accessToken).GET().build();
      return Calls.send(http, req, maxBytes, "userinfo").thenApply(r -> Calls.json(r, "userinfo", u, maxBytes));
    }).thenApply(body -> {
      Object sub = body.get("sub");
      if (!(sub instanceof String)) throw IdentityServerException.of(Kind.MALFORMED_RESPONSE, "userinfo answer has no sub");
      if (expectedSubject != null && !expectedSubject.equals(sub)) {
        throw IdentityServerException.of(Kind.SUBJECT_MISMATCH, "userinfo sub does not match the ID token's sub");
      }
      return IdentSphereUser.fromClaims(body, mapping);
    });
  }

  /**
   * Builds the RP-initiated logout URL (OpenID Connect RP-Initiated Logout 1.0).
   *
   * @param idTokenHint the ID token, or null
   * @param postLogoutRedirect where to return after logout, or null
   * @param state a value echoed back, or null
   * @return the end-session URL
   * @throws IdentityServerException if discovery names no end-session endpoint
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
   */
  public void revoke(String token, String tokenTypeHint) {
    Http.join(revokeAsync(token, tokenTypeHint));
  }

  /**
   * @param token the token
   * @param tokenTypeHint the hint, or null
   * @return completion, asynchronously
   */
  public CompletableFuture<Void> revokeAsync(String token, String tokenTypeHint) {
    return metadataAsync().thenCompose(md -> {
      URI u = md.revocationEndpoint().orElseThrow(() ->
          IdentityServerException.of(Kind.MALFORMED_RESPONSE, "discovery names no revocation_endpoint"));
      checkUrl(u);
      Map<String, String> p = new LinkedHashMap<>();
      p.put("token", Objects.requireNonNull(token, "token == null"));
      p.put("token_type_hint", tokenTypeHint);
      HttpRequest.Builder rb = Http.request(u, requestTimeout).header("Content-Type", "application/x-www-form-urlencoded");
      authenticate(rb, p);
      return Calls.send(http, rb.POST(Http.formBody(Http.form(p))).build(), maxBytes, "revocation").thenAccept(r -> {
        if (r.status != 200) Calls.json(r, "revocation", u, maxBytes); // throws the typed error
      });
    });
  }

  /**
   * Asks the identity server whether a token is active (RFC 7662).
   *
   * @param token the token
   * @return the answer
   */
  public IntrospectionResult introspect(String token) {
    return Http.join(introspectAsync(token));
  }

  /**
   * @param token the token
   * @return the answer, asynchronously
   */
  public CompletableFuture<IntrospectionResult> introspectAsync(String token) {
    return metadataAsync().thenCompose(md -> {
      URI u = md.introspectionEndpoint().orElseThrow(() ->
          IdentityServerException.of(Kind.MALFORMED_RESPONSE, "discovery names no introspection_endpoint"));
      Map<String, String> p = new LinkedHashMap<>();
      p.put("token", Objects.requireNonNull(token, "token == null"));
      return postForm(u, p, "introspection");
    }).thenApply(body -> {
      boolean active = Boolean.TRUE.equals(body.get("active"));
      Optional<IdentSphereUser> user = active && body.get("sub") instanceof String
          ? Optional.of(IdentSphereUser.fromClaims(body, mapping)) : Optional.empty();
      return new IntrospectionResult(active, user, body);
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
    return new SessionCheck(accessTokens, token -> {
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
   * @param jsonBody the body
   * @return the answer, asynchronously
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
   * @return the user
   * @throws IdentityServerException with status 401 when the session is not valid
   */
  public IdentSphereUser apiMe(String cookieHeader, String bearerToken) {
    return Http.join(apiMeAsync(cookieHeader, bearerToken));
  }

  /**
   * @param cookieHeader the browser's {@code Cookie} header, or null
   * @param bearerToken an access token, or null
   * @return the user, asynchronously
   */
  public CompletableFuture<IdentSphereUser> apiMeAsync(String cookieHeader, String bearerToken) {
    URI u = api("/v1/users/me");
    HttpRequest.Builder rb = Http.request(u, requestTimeout).GET();
    if (bearerToken != null) rb.header("Authorization", "Bearer " + bearerToken);
    if (cookieHeader != null) {
      List<String> kept = new ArrayList<>();
      for (String c : cookieHeader.split(";")) {
        if (c.trim().toLowerCase(Locale.ROOT).startsWith("identsphere_")) kept.add(c.trim());
      }
      if (!kept.isEmpty()) rb.header("Cookie", String.join("; ", kept));
    }
    return Calls.send(http, rb.build(), maxBytes, "IdentSphere profile")
        .thenApply(r -> IdentSphereUser.fromClaims(Calls.json(r, "IdentSphere profile", u, maxBytes), mapping));
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
    private String audience;
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

    /** @param id the client id (required) @return this builder */
    public Builder clientId(String id) {
      this.clientId = Objects.requireNonNull(id, "clientId == null");
      return this;
    }

    /**
     * @param secret the client secret; omit for a public client. <b>Security:</b> never logged.
     * @return this builder
     */
    public Builder clientSecret(String secret) {
      this.clientSecret = Objects.requireNonNull(secret, "secret == null");
      return this;
    }

    /**
     * @param auth how to authenticate (default {@code CLIENT_SECRET_BASIC} with a secret, else {@code NONE})
     * @return this builder
     */
    public Builder clientAuthentication(ClientAuthentication auth) {
      this.clientAuth = Objects.requireNonNull(auth, "auth == null");
      return this;
    }

    /** @param scopes requested scopes (default {@code openid profile email}) @return this builder */
    public Builder scopes(String... scopes) {
      this.scopes = List.of(scopes);
      return this;
    }

    /** @param audience the API audience access tokens must carry (default: client id) @return this builder */
    public Builder audience(String audience) {
      this.audience = Objects.requireNonNull(audience, "audience == null");
      return this;
    }

    /** @param uri the default redirect URI @return this builder */
    public Builder redirectUri(URI uri) {
      this.redirectUri = Objects.requireNonNull(uri, "uri == null");
      return this;
    }

    /**
     * @param connect connect timeout (default 3 s; ignored with a supplied client)
     * @param request timeout of every request (default 10 s)
     * @return this builder
     */
    public Builder timeouts(Duration connect, Duration request) {
      this.connectTimeout = Calls.positive(connect, "connect");
      this.requestTimeout = Calls.positive(request, "request");
      return this;
    }

    /** @param client the JDK HTTP client to use; never closed by this library @return this builder */
    public Builder httpClient(HttpClient client) {
      this.http = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /** @param clock the time source (default system UTC) @return this builder */
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

    /** @param mapping where roles and the tenant are read from @return this builder */
    public Builder claimMapping(ClaimMapping mapping) {
      this.mapping = Objects.requireNonNull(mapping, "mapping == null");
      return this;
    }

    /** @param ttl how long discovery is cached (default 1 h) @return this builder */
    public Builder discoveryTtl(Duration ttl) {
      this.discoveryTtl = Objects.requireNonNull(ttl, "ttl == null");
      return this;
    }

    /** @param bytes largest accepted answer (default 256 KiB) @return this builder */
    public Builder maxResponseBytes(int bytes) {
      this.maxBytes = bytes;
      return this;
    }

    /**
     * @param options adjusts the JWK Set cache (lifetimes, cooldown, outage policy, size)
     * @return this builder
     */
    public Builder keyCache(Consumer<RemoteJwkSet.Builder> options) {
      options.accept(keyOptions);
      return this;
    }

    /**
     * @return the client
     * @throws IllegalStateException if no client id is set or a secret-based authentication has no secret
     * @throws IllegalArgumentException if the authority is not HTTPS (or loopback HTTP)
     */
    public IdentSphereClient build() {
      if (clientId == null) throw new IllegalStateException("clientId == null: call clientId(...)");
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
