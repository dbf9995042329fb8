package io.identsphere.oidc;

import io.identsphere.ClaimMapping;
import io.identsphere.token.ValidationListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** Options for an {@link IdentSphereClient}. Not thread-safe. */
public final class IdentSphereClientBuilder {
  private final ClientSettings.Draft d;

  IdentSphereClientBuilder(String authority) {
    this.d = new ClientSettings.Draft(authority);
  }

  /**
   * Sets the OAuth client id this client authenticates as; required.
   *
   * @param id the client id
   * @return this builder
   */
  public IdentSphereClientBuilder clientId(String id) {
    d.clientId = Objects.requireNonNull(id, "clientId == null");
    return this;
  }

  /**
   * Sets the issuer identifier the server's discovery document and tokens must name, for servers
   * whose issuer differs from the URL they are reached at (some hosted servers). Discovery is still
   * fetched from the authority; its {@code issuer} must equal this value exactly, and so must the
   * {@code iss} of access tokens, ID tokens, userinfo and introspection answers.
   *
   * @param issuer the expected {@code iss} (default: the authority)
   * @return this builder
   * @throws IllegalArgumentException if {@code issuer} is empty
   */
  public IdentSphereClientBuilder issuer(String issuer) {
    Objects.requireNonNull(issuer, "issuer == null");
    if (issuer.isEmpty()) throw new IllegalArgumentException("issuer is empty");
    d.issuer = issuer;
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
  public IdentSphereClientBuilder clientSecret(String secret) {
    d.clientSecret = Objects.requireNonNull(secret, "secret == null");
    return this;
  }

  /**
   * Chooses how the client authenticates at the token, introspection, revocation and pushed
   * authorization request endpoints (OIDC Core §9). Without a choice: {@code none} without a
   * secret; with one, the first of {@code client_secret_basic}, {@code client_secret_post} and
   * {@code client_secret_jwt} (for a secret of 32 bytes or more) that the server lists in
   * {@code token_endpoint_auth_methods_supported} ({@code client_secret_basic} when it lists
   * nothing). A chosen method other than {@code none} that the server's list leaves out fails the
   * first call that authenticates with an {@link IllegalStateException} naming the method and the
   * listed ones.
   *
   * @param auth how to authenticate, e.g. {@link ClientAuthentication#privateKeyJwt(java.security.PrivateKey,
   *     String, io.identsphere.jose.JwsAlgorithm)}
   * @return this builder
   */
  public IdentSphereClientBuilder clientAuthentication(ClientAuthentication auth) {
    d.clientAuth = Objects.requireNonNull(auth, "auth == null");
    return this;
  }

  /**
   * Makes the client prove possession of a DPoP key (RFC 9449) at the token endpoint, so the
   * server can bind the tokens it issues to that key.
   *
   * <p>Every token request (code exchange, refresh, client credentials) then carries a fresh
   * {@code DPoP} proof for {@code POST} and the token endpoint's URI, signed by {@code key} with the
   * client's clock. A {@code DPoP-Nonce} the server sends on any answer is remembered per server
   * and put into later proofs; a 400 {@code use_dpop_nonce} answer with a new nonce is retried once
   * with it. An answer with {@code token_type: DPoP} gives a token bound to {@code key}
   * ({@link TokenResponse#isDpopBound()}: call resource servers with
   * {@link io.identsphere.dpop.DpopKey#authorize}); a {@code Bearer} answer is accepted too (the
   * server did not bind). A bound refresh token can only be refreshed with proofs from the same
   * key, so keep the key as long as the refresh token ({@link io.identsphere.dpop.DpopKey#keyPair()}).
   * Without this option, a {@code token_type: DPoP} answer is refused with
   * {@link IdentityServerException.Kind#UNEXPECTED_DPOP_TOKEN}.
   *
   * @param key the client's DPoP key (default: none, no proofs are sent)
   * @return this builder
   */
  public IdentSphereClientBuilder dpop(io.identsphere.dpop.DpopKey key) {
    d.dpopKey = Objects.requireNonNull(key, "key == null");
    return this;
  }

  /**
   * Sets the scopes of authorization requests, replacing the default.
   *
   * @param scopes requested scopes (default {@code openid profile email})
   * @return this builder
   */
  public IdentSphereClientBuilder scopes(String... scopes) {
    d.scopes = List.of(scopes);
    return this;
  }

  /**
   * Sets the {@code aud} the {@linkplain IdentSphereClient#accessTokenValidator() access-token
   * validator} expects: your API's identifier, for example {@code "https://api.example.com/orders"}.
   * A token is accepted when its {@code aud} contains one of these values. There is no default:
   * call this or {@link #ignoreAudience()}, or {@code accessTokenValidator()} throws. It only
   * configures validation: to ask the server for a token for an API, name the API with
   * {@link #resource(URI...)}.
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
  public IdentSphereClientBuilder audience(String... audiences) {
    if (audiences.length == 0) throw new IllegalArgumentException("audience(...) needs at least one value");
    for (String a : audiences) {
      Objects.requireNonNull(a, "audience == null");
      if (a.isEmpty()) throw new IllegalArgumentException("audience is empty");
      if (!d.audiences.contains(a)) d.audiences.add(a);
    }
    return this;
  }

  /**
   * Adds resource indicators (RFC 8707): the APIs the client wants access tokens for. Each is sent
   * as a {@code resource} parameter of authorization requests (pushed or not), code exchanges,
   * refreshes and client credentials requests; a server that supports RFC 8707 puts them into the
   * access token's {@code aud}, and answers {@code invalid_target} for one it does not know.
   *
   * @param resources absolute URIs without a fragment, e.g. {@code https://api.example.com/orders}
   * @return this builder
   * @throws IllegalArgumentException if none is given, or one is not an absolute URI or has a fragment
   */
  public IdentSphereClientBuilder resource(URI... resources) {
    if (resources.length == 0) throw new IllegalArgumentException("resource(...) needs at least one URI");
    for (URI r : resources) if (!d.resources.contains(Resources.check(r))) d.resources.add(r);
    return this;
  }

  /**
   * Pushes every authorization request to the server's PAR endpoint (RFC 9126 §2) first, with
   * client authentication, so the browser URL carries only {@code client_id} and a
   * {@code request_uri}; PKCE, {@code state} and {@code nonce} are unchanged. Requests are pushed
   * without this option too when discovery says {@code require_pushed_authorization_requests};
   * then a discovery document without {@code pushed_authorization_request_endpoint} fails
   * {@code authorizationRequest()} with {@code MALFORMED_RESPONSE}. See
   * {@link AuthorizationRequest#requestUriExpiresAt()} for the {@code expires_in} of the answer.
   *
   * @return this builder
   */
  public IdentSphereClientBuilder pushAuthorizationRequests() {
    d.pushAuthorizationRequests = true;
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
  public IdentSphereClientBuilder ignoreAudience() {
    d.audienceIgnored = true;
    return this;
  }

  /**
   * Sets the redirect URI that {@link IdentSphereClient#authorizationRequest()} uses.
   *
   * @param uri the default redirect URI
   * @return this builder
   */
  public IdentSphereClientBuilder redirectUri(URI uri) {
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
  public IdentSphereClientBuilder timeouts(Duration connect, Duration request) {
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
  public IdentSphereClientBuilder httpClient(HttpClient client) {
    d.http = Objects.requireNonNull(client, "client == null");
    return this;
  }

  /**
   * Sets the time source of token checks and caches; tests inject a fixed or ticking clock.
   *
   * @param clock the time source (default system UTC)
   * @return this builder
   */
  public IdentSphereClientBuilder clock(Clock clock) {
    d.clock = Objects.requireNonNull(clock, "clock == null");
    return this;
  }

  /**
   * Allows plain HTTP to a non-loopback identity server, on purpose: for IdentSphere as a sidecar
   * or a service beside the app on a private network ({@code http://identsphere:4000}). It covers
   * the authority and every URL discovery names. The environment's counterpart is
   * {@code IDENTSPHERE_ALLOW_INSECURE_HTTP=true}. Without it, a plain-HTTP authority fails
   * {@link #build()} with a message that names this switch; loopback hosts never need it.
   *
   * <p><b>Security:</b> tokens, cookies and secrets cross the network in clear, and whoever can
   * answer for the host name can hand out keys. Reasonable only where nobody else can see or
   * answer that traffic: the same pod or host network namespace, or a private container network
   * whose name resolves to the sidecar alone. Never across hosts, data centres or the internet.
   *
   * @return this builder
   */
  public IdentSphereClientBuilder allowInsecureHttp() {
    d.allowInsecure = true;
    return this;
  }

  /**
   * Builds a client without client credentials, for apps that only validate IdentSphere's tokens
   * and call its {@code /v1} API (IdentSphere's two deployment patterns): the access-token
   * validator, {@link IdentSphereClient#validateToken}, {@link IdentSphereClient#api()} and the
   * session-checking verifier (through {@code /v1/users/me}) work; every operation that needs a
   * client id (authorization requests, the token endpoint, ID tokens, revocation, introspection,
   * end-session) throws {@link IllegalStateException}. Contradicts {@link #clientId},
   * {@link #clientSecret} and {@link #clientAuthentication} at {@link #build()}.
   *
   * <p>The signing keys come from discovery's {@code jwks_uri}, or from
   * {@code {authority}/.well-known/jwks.json} when the server has no discovery document (404).
   * The token-confusion rules still hold: tokens with ID-token markers are refused.
   *
   * @return this builder
   */
  public IdentSphereClientBuilder validateOnly() {
    d.validateOnly = true;
    return this;
  }

  /**
   * Sets which claims carry the user's roles, custom roles and tenant.
   *
   * @param mapping where roles and the tenant are read from (default {@link ClaimMapping#DEFAULT})
   * @return this builder
   */
  public IdentSphereClientBuilder claimMapping(ClaimMapping mapping) {
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
  public IdentSphereClientBuilder discoveryTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl == null");
    if (ttl.isNegative()) throw new IllegalArgumentException("ttl must not be negative: " + ttl);
    d.discoveryTtl = ttl;
    return this;
  }

  /**
   * Bounds the size of an answer from the identity server; a larger answer is refused.
   *
   * @param bytes largest accepted answer, in bytes, at least 1 (default 256 KiB)
   * @return this builder
   * @throws IllegalArgumentException if {@code bytes} is 0 or negative (every answer would be refused)
   */
  public IdentSphereClientBuilder maxResponseBytes(int bytes) {
    if (bytes < 1) throw new IllegalArgumentException("maxResponseBytes must be positive: " + bytes);
    d.maxBytes = bytes;
    return this;
  }

  /**
   * Adjusts the cache of the identity server's JWK Set, which the client's validators share.
   *
   * @param options adjusts the JWK Set cache (lifetimes, cooldown, outage policy, size)
   * @return this builder
   */
  public IdentSphereClientBuilder keyCache(Consumer<RemoteJwkSet.Builder> options) {
    options.accept(d.keyOptions);
    return this;
  }

  /**
   * Reports this client's introspection calls ({@code introspected}, {@code introspectionFailed}),
   * the session checks of {@link IdentSphereClient#sessionCheckingVerifier} ({@code sessionChecked},
   * {@code sessionCheckFailed}), each with how long it took, and the tokens its access-token
   * validator accepts and rejects. A listener that throws is logged and ignored.
   *
   * @param listener the listener (replaces any earlier one)
   * @return this builder
   */
  public IdentSphereClientBuilder listener(ValidationListener listener) {
    d.listener = Objects.requireNonNull(listener, "listener == null");
    return this;
  }

  /**
   * Builds the client. It owns no threads and makes no request until first used.
   *
   * @return the client
   * @throws IllegalStateException if no client id is set (and not {@link #validateOnly()}), client
   *     credentials are combined with {@code validateOnly()}, a secret-based authentication has no
   *     secret, {@code client_secret_jwt} has a secret shorter than 32 bytes, or both
   *     {@code audience(...)} and {@code ignoreAudience()} were called
   * @throws IllegalArgumentException if the authority is not HTTPS (or loopback HTTP), unless
   *     {@link #allowInsecureHttp()}
   */
  public IdentSphereClient build() {
    return new IdentSphereClient(d.freeze());
  }
}
