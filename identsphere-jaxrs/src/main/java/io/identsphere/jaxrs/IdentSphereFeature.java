package io.identsphere.jaxrs;

import io.identsphere.dpop.DpopVerifier;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.token.LogoutTokenValidator;
import io.identsphere.token.SessionRevocations;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.TokenVerifier;
import io.identsphere.token.VerifiedToken;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Protects a Jakarta REST application with IdentSphere tokens. Register it once:
 *
 * <pre>{@code
 * resourceConfig.register(IdentSphereFeature.of(client));              // from an IdentSphereClient
 * resourceConfig.register(IdentSphereFeature.of(validator));           // or any TokenVerifier
 * }</pre>
 *
 * <p>It installs an authentication filter at {@link Priorities#AUTHENTICATION} and, for each
 * resource method, an authorization filter at {@link Priorities#AUTHORIZATION} holding the rule
 * resolved once from its annotations ({@code @DenyAll}, {@code @PermitAll}, {@code @RolesAllowed},
 * {@link RequireAllRoles}, {@link RequireScopes}, {@link Authenticated}; precedence in
 * {@code AccessRules}: method annotations replace class annotations, and {@code @PermitAll} or
 * {@code @DenyAll} combined with anything else on one element fails deployment).
 *
 * <p>Responses: no or malformed credentials on a protected resource give 401 with
 * {@code WWW-Authenticate: Bearer realm="identsphere"} (400 {@code invalid_request} for a malformed
 * or repeated {@code Authorization} header); an invalid or expired token gives 401
 * {@code error="invalid_token"} with a general description ("the token has expired", "the token
 * was issued for another audience"), never the expected issuer or audience, which go to a DEBUG
 * log line; a missing role gives 403; a missing scope gives 403
 * {@code error="insufficient_scope"}; {@code @DenyAll} gives 403 to everyone; an identity server
 * outage while keys are needed gives 503, logged as one WARNING per minute at most (DEBUG for the
 * others). Bodies are {@code application/problem+json} and never echo the token or other request
 * data. Under the default {@link DpopMode#ALLOWED}, a 401 carries a second challenge,
 * {@code WWW-Authenticate: DPoP realm="identsphere", algs="ES256 PS256 RS256"} (RFC 9449 §7.1);
 * {@link DpopMode#REQUIRED} sends only the DPoP challenge and {@link DpopMode#IGNORED} only the
 * Bearer one. <b>Unprotected resources</b> ({@code @PermitAll}, or no annotation) ignore
 * an invalid token and run as anonymous, so a stale cookie never breaks a public page.
 *
 * <p><b>Verified-token cache, on by default:</b> when the verifier is a {@link TokenValidator}
 * without a cache of its own (as {@code client.accessTokenValidator()} is), the feature uses a copy
 * of it with {@link TokenValidator.Builder#cacheVerifiedTokens cacheVerifiedTokens}({@value
 * #DEFAULT_CACHE_ENTRIES}, {@value #DEFAULT_CACHE_MINUTES} min): a browser or service that sends
 * the same token again costs a lookup, not a signature check. Every hit still re-checks the
 * token's times against the clock and that its key is still published; the revocation lag stays
 * bounded by the token's lifetime, as without the cache. Other verifiers (a session-checking one)
 * are used as they are. Change it with {@link Builder#cacheVerifiedTokens}, turn it off with
 * {@link Builder#noTokenCache()}.
 *
 * <p><b>Back-channel logout, opt-in:</b> {@link Builder#backChannelLogout(String)} serves an
 * OpenID Connect Back-Channel Logout 1.0 endpoint; after a valid logout token, tokens of that session
 * or subject issued at or before the logout get 401, cached or not (see
 * {@link io.identsphere.token.SessionRevocations} for lists shared between instances).
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public final class IdentSphereFeature implements Feature {
  /** The verified-token cache's default size. */
  public static final int DEFAULT_CACHE_ENTRIES = 1024;
  /** The verified-token cache's default maximum age of an entry, in minutes. */
  public static final int DEFAULT_CACHE_MINUTES = 5;
  /** The default revocation list's longest token lifetime, in hours: how long it remembers a logout. */
  public static final int DEFAULT_REVOCATION_HOURS = 24;
  /** The default revocation list's size: the sessions and subjects it remembers. */
  public static final int DEFAULT_REVOCATION_ENTRIES = 100_000;

  /** Options shared by the filters. Immutable. */
  static final class Settings {
    final TokenVerifier verifier;
    final String realm;
    final List<TokenSource> sources;
    final String cookieName;
    final String refreshCookieName;
    final boolean includeCustomRoles;
    final IdentSphereClient refreshClient;
    final Rule unannotated;
    final Cookies cookies;
    final SessionRefresh sessions;
    final DpopSettings dpop;
    final BackChannelLogoutFilter logoutEndpoint; // null unless backChannelLogout(...)

    Settings(Builder b) {
      SessionRevocations revocations = b.revocations;
      if (revocations == null && b.logoutPath != null) {
        revocations = b.verifier instanceof TokenValidator ? ((TokenValidator) b.verifier).sessionRevocations().orElse(null) : null;
        if (revocations == null) {
          revocations = SessionRevocations.inMemory(Duration.ofHours(DEFAULT_REVOCATION_HOURS), DEFAULT_REVOCATION_ENTRIES);
        }
      }
      this.verifier = withRevocations(withCache(b.verifier, b.cacheEntries, b.cacheMaxAge), revocations);
      this.logoutEndpoint = b.logoutPath == null ? null : new BackChannelLogoutFilter(b.logoutPath, b.logouts, revocations,
          verifier instanceof TokenValidator ? (TokenValidator) verifier : null);
      this.realm = b.realm;
      this.sources = List.copyOf(b.sources);
      this.cookieName = b.cookieName;
      this.refreshCookieName = b.refreshCookieName;
      this.includeCustomRoles = b.includeCustomRoles;
      this.refreshClient = b.refreshExpired ? b.client : null;
      this.unannotated = b.authenticateByDefault
          ? new Rule(Rule.Kind.CHECK, true, List.of(), List.of(), true, List.of(), false, true) : Rule.PERMIT;
      // Cookie lifetimes read the clock that the token checks read: the client's.
      Clock clock = b.client != null ? b.client.clock() : Clock.systemUTC();
      this.cookies = new Cookies(b.insecureCookiesOnLoopback, "Lax", Duration.ofHours(8), clock);
      this.sessions = refreshClient == null ? null : new SessionRefresh(refreshClient, clock);
      this.dpop = new DpopSettings(b.dpopMode,
          b.dpopVerifier != null ? b.dpopVerifier : DpopVerifier.newBuilder().clock(clock).build(), b.externalBaseUri);
    }
  }

  /** The verifier with the feature's cache: a copy of a validator that has none; anything else as it is. */
  static TokenVerifier withCache(TokenVerifier verifier, int entries, Duration maxAge) {
    if (entries == 0 || !(verifier instanceof TokenValidator)) return verifier;
    TokenValidator v = (TokenValidator) verifier;
    return v.cachesVerifiedTokens() ? v : v.toBuilder().cacheVerifiedTokens(entries, maxAge).build();
  }

  /** The verifier consulting the revocations: a copy of a validator, or a wrapper around anything else. */
  static TokenVerifier withRevocations(TokenVerifier verifier, SessionRevocations revocations) {
    if (revocations == null) return verifier;
    if (verifier instanceof TokenValidator) {
      TokenValidator v = (TokenValidator) verifier;
      return v.sessionRevocations().orElse(null) == revocations ? v : v.toBuilder().sessionRevocations(revocations).build();
    }
    return token -> {
      VerifiedToken t = verifier.verify(token);
      if (revocations.isRevoked(t)) {
        throw new TokenRejectedException(TokenRejectedException.Reason.REVOKED,
            "the token's session or subject was logged out after the token was issued (back-channel logout)");
      }
      return t;
    };
  }

  private final Settings settings;

  private IdentSphereFeature(Settings settings) {
    this.settings = settings;
  }

  /**
   * Creates the feature with default options from any verifier.
   *
   * @param verifier verifies tokens (a {@code TokenValidator}, or a session-checking verifier)
   * @return the feature with default options
   */
  public static IdentSphereFeature of(TokenVerifier verifier) {
    return newBuilder(verifier).build();
  }

  /**
   * Creates the feature with default options from a client.
   *
   * @param client verifies tokens with its {@code accessTokenValidator()}
   * @return the feature with default options
   */
  public static IdentSphereFeature of(IdentSphereClient client) {
    return newBuilder(client).build();
  }

  /**
   * Creates the feature with default options for IdentSphere's validate-only pattern, from the
   * process environment: {@code IDENTSPHERE_URL} alone is enough (see
   * {@link IdentSphereClient#validateOnlyFromEnvironment()}: keys from discovery or
   * {@code /.well-known/jwks.json}, the audience checked only when {@code IDENTSPHERE_AUDIENCE} is
   * set, ID tokens still refused, {@code IDENTSPHERE_ALLOW_INSECURE_HTTP=true} for a plain-HTTP
   * sidecar). For other options use
   * {@code newBuilder(IdentSphereClient.validateOnlyFromEnvironment().build())}.
   *
   * @return the feature with default options
   * @throws IllegalStateException if {@code IDENTSPHERE_URL} is not set or a switch is not {@code true}/{@code false}
   * @throws IllegalArgumentException if the URL is plain HTTP to a non-loopback host without the switch
   */
  public static IdentSphereFeature fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * As {@link #fromEnvironment()}, reading from the given map.
   *
   * @param env the variables
   * @return the feature with default options
   * @throws IllegalStateException as {@link #fromEnvironment()}
   * @throws IllegalArgumentException as {@link #fromEnvironment()}
   */
  public static IdentSphereFeature fromEnvironment(java.util.Map<String, String> env) {
    return of(IdentSphereClient.validateOnlyFromEnvironment(env).build());
  }

  /**
   * Starts a builder from any verifier (cookie refresh then needs a client, so it is unavailable).
   *
   * @param verifier verifies tokens
   * @return a builder
   */
  public static Builder newBuilder(TokenVerifier verifier) {
    return new Builder(Objects.requireNonNull(verifier, "verifier == null"), null);
  }

  /**
   * Starts a builder from a client.
   *
   * @param client verifies tokens with its access token validator, and can refresh expired cookies
   * @return a builder
   */
  public static Builder newBuilder(IdentSphereClient client) {
    Objects.requireNonNull(client, "client == null");
    return new Builder(client.accessTokenValidator(), client);
  }

  /**
   * Starts a builder from a client and another verifier of its tokens, such as
   * {@code client.introspectingVerifier().build()} or {@code client.sessionCheckingVerifier(ttl)}:
   * the verifier checks every request, the client refreshes expired cookies and gives the clock.
   *
   * @param client refreshes expired cookies (with {@link Builder#refreshExpiredCookies()})
   * @param verifier verifies every request's token
   * @return a builder
   */
  public static Builder newBuilder(IdentSphereClient client, TokenVerifier verifier) {
    Objects.requireNonNull(client, "client == null");
    return new Builder(Objects.requireNonNull(verifier, "verifier == null"), client);
  }

  @Override
  public boolean configure(FeatureContext context) {
    if (settings.logoutEndpoint != null) context.register(settings.logoutEndpoint);
    context.register(new AuthenticationFilter(settings), Priorities.AUTHENTICATION);
    context.register((DynamicFeature) (ResourceInfo info, FeatureContext methodContext) -> {
      if (info.getResourceMethod() == null) return;
      Rule rule = AccessRules.resolve(info.getResourceClass(), info.getResourceMethod(), settings.unannotated);
      if (rule.kind != Rule.Kind.PERMIT) {
        DpopMode mode = settings.dpop.modeOf(info.getResourceClass(), info.getResourceMethod());
        methodContext.register(new AuthorizationFilter(rule, settings, mode), Priorities.AUTHORIZATION);
      }
    });
    return true;
  }

  /** Options for an {@link IdentSphereFeature}. Not thread-safe. */
  public static final class Builder {
    private final TokenVerifier verifier;
    private final IdentSphereClient client;
    private String realm = "identsphere";
    private List<TokenSource> sources = TokenSource.HEADER_FIRST;
    private String cookieName = "identsphere_at";
    private String refreshCookieName = "identsphere_rt";
    private boolean includeCustomRoles = true;
    private boolean refreshExpired;
    private boolean authenticateByDefault;
    private boolean insecureCookiesOnLoopback;
    private int cacheEntries = DEFAULT_CACHE_ENTRIES;
    private Duration cacheMaxAge = Duration.ofMinutes(DEFAULT_CACHE_MINUTES);
    private DpopMode dpopMode = DpopMode.ALLOWED;
    private DpopVerifier dpopVerifier;
    private URI externalBaseUri;
    private String logoutPath;
    private LogoutTokenValidator logouts;
    private SessionRevocations revocations;

    private Builder(TokenVerifier verifier, IdentSphereClient client) {
      this.verifier = verifier;
      this.client = client;
    }

    /**
     * Sets the realm of the {@code WWW-Authenticate} challenge.
     *
     * @param realm the realm (default {@code identsphere})
     * @return this builder
     * @throws IllegalArgumentException when the realm contains {@code '"'}
     */
    public Builder realm(String realm) {
      if (realm.indexOf('"') >= 0) throw new IllegalArgumentException("realm must not contain '\"'");
      this.realm = realm;
      return this;
    }

    /**
     * Sets where to look for a token.
     *
     * @param sources where to look for a token, in order (default: Bearer header, then cookie)
     * @return this builder
     */
    public Builder tokenSources(TokenSource... sources) {
      if (sources.length == 0) throw new IllegalArgumentException("at least one token source");
      return tokenSources(Arrays.asList(sources));
    }

    /**
     * Sets where to look for a token, as a list: {@link TokenSource#GUIDE_ORDER} (cookie first, as
     * IdentSphere's guide) or {@link TokenSource#HEADER_FIRST} (the default).
     *
     * @param sources where to look for a token, in order, each at most once
     * @return this builder
     * @throws IllegalArgumentException if the list is empty or names a source twice
     */
    public Builder tokenSources(List<TokenSource> sources) {
      if (sources.isEmpty()) throw new IllegalArgumentException("at least one token source");
      if (new java.util.HashSet<>(sources).size() != sources.size()) throw new IllegalArgumentException("a token source twice: " + sources);
      this.sources = List.copyOf(sources);
      return this;
    }

    /**
     * Sets the names of the token cookies.
     *
     * @param access the access-token cookie (default {@code identsphere_at})
     * @param refresh the refresh-token cookie (default {@code identsphere_rt})
     * @return this builder
     */
    public Builder cookieNames(String access, String refresh) {
      this.cookieName = Objects.requireNonNull(access, "access == null");
      this.refreshCookieName = Objects.requireNonNull(refresh, "refresh == null");
      return this;
    }

    /**
     * Sets whether custom roles count as roles.
     *
     * @param include whether {@code isUserInRole} and {@code @RolesAllowed} count custom roles
     *     (default true)
     * @return this builder
     */
    public Builder includeCustomRoles(boolean include) {
      this.includeCustomRoles = include;
      return this;
    }

    /**
     * Requires an authenticated user on resources without any access annotation (default: they
     * are public, as in plain Jakarta REST).
     *
     * @return this builder
     */
    public Builder authenticateUnannotatedResources() {
      this.authenticateByDefault = true;
      return this;
    }

    /**
     * Keeps browser sessions alive: when the access cookie has expired, or the browser no longer
     * sends it, and a refresh cookie is present, refresh through the client and set new cookies on
     * the response. Concurrent requests with the same refresh cookie share one refresh (refresh
     * tokens may be rotated and reuse revokes them), and requests that still carry the old cookie
     * within 10 seconds get the same new tokens. When the identity server refuses the refresh
     * token, the response clears the session cookies and a protected resource answers 401
     * {@code invalid_token} "the session has ended; sign in again". When it cannot be reached,
     * a protected resource answers 503 and the cookies stay. Needs the builder made from a client.
     *
     * @return this builder
     */
    public Builder refreshExpiredCookies() {
      if (client == null) throw new IllegalStateException("refreshing needs newBuilder(IdentSphereClient)");
      if (client.clientId() == null) throw new IllegalStateException("refreshing needs a client with a client id, not a validateOnly() one");
      this.refreshExpired = true;
      return this;
    }

    /**
     * Leaves {@code Secure} off refreshed cookies when the request came to a loopback host (local
     * development over plain HTTP).
     *
     * @return this builder
     */
    public Builder insecureCookiesOnLoopback() {
      this.insecureCookiesOnLoopback = true;
      return this;
    }

    /**
     * Sizes the verified-token cache the feature adds to a {@link TokenValidator} that has none
     * (default {@value #DEFAULT_CACHE_ENTRIES} entries, {@value #DEFAULT_CACHE_MINUTES} min).
     *
     * @param maxEntries the most entries kept, from 1 to 1048576
     * @param maxAge how long an entry may serve, at most {@link TokenValidator#MAX_CACHE_AGE}
     * @return this builder
     * @throws IllegalArgumentException if a bound is out of range
     */
    public Builder cacheVerifiedTokens(int maxEntries, Duration maxAge) {
      TokenValidator.newBuilder().cacheVerifiedTokens(maxEntries, maxAge); // the same bounds, checked now
      this.cacheEntries = maxEntries;
      this.cacheMaxAge = maxAge;
      return this;
    }

    /**
     * Sets the application's DPoP mode (RFC 9449), which {@link Dpop} overrides per resource.
     * Proofs are checked by a {@link DpopVerifier} with its defaults and the client's clock.
     *
     * @param mode {@code REQUIRED}, {@code ALLOWED} (the default) or {@code IGNORED}
     * @return this builder
     */
    public Builder dpop(DpopMode mode) {
      this.dpopMode = Objects.requireNonNull(mode, "mode == null");
      return this;
    }

    /**
     * Verifies every request's token afresh: the feature adds no cache (a validator's own cache,
     * if it has one, still applies).
     *
     * @return this builder
     */
    public Builder noTokenCache() {
      this.cacheEntries = 0;
      return this;
    }

    /**
     * Sets the application's DPoP mode and the verifier of proofs (its algorithms, window, replay
     * cache size, server nonces).
     *
     * @param mode {@code REQUIRED}, {@code ALLOWED} (the default) or {@code IGNORED}
     * @param verifier checks the proofs
     * @return this builder
     */
    public Builder dpop(DpopMode mode, DpopVerifier verifier) {
      this.dpopVerifier = Objects.requireNonNull(verifier, "verifier == null");
      return dpop(mode);
    }

    /**
     * Sets the application's public base URI, for apps behind a proxy or gateway: a proof's
     * {@code htu} is then compared with this base followed by the request's path below the
     * application's base, instead of the URI the runtime sees. {@code X-Forwarded-*} headers are
     * never trusted.
     *
     * @param base the absolute URI clients call the application at, e.g. {@code https://api.example.com/orders/}
     * @return this builder
     * @throws IllegalArgumentException if it is not an absolute http(s) URI, or has a query or fragment
     */
    public Builder externalBaseUri(URI base) {
      Objects.requireNonNull(base, "base == null");
      if (!base.isAbsolute() || base.getHost() == null || !(base.getScheme().equalsIgnoreCase("https")
          || base.getScheme().equalsIgnoreCase("http")) || base.getRawQuery() != null || base.getRawFragment() != null) {
        throw new IllegalArgumentException("the external base URI must be an absolute http(s) URI without query or fragment");
      }
      this.externalBaseUri = base;
      return this;
    }

    /**
     * Serves an OpenID Connect Back-Channel Logout endpoint at {@code path} (relative to the
     * application's base URI, for example {@code "/auth/backchannel-logout"}; register it with the
     * identity server as the client's {@code backchannel_logout_uri}), checking logout tokens with
     * the client's keys, its authority as the issuer and its id as the audience. See
     * {@link #backChannelLogout(String, LogoutTokenValidator)}.
     *
     * @param path the endpoint's path
     * @return this builder
     * @throws IllegalStateException if the builder was not made from a client
     */
    public Builder backChannelLogout(String path) {
      if (client == null) throw new IllegalStateException("backChannelLogout(path) needs newBuilder(IdentSphereClient);"
          + " pass a LogoutTokenValidator instead");
      return backChannelLogout(path, LogoutTokenValidator.newBuilder().keySource(client.keySource())
          .issuer(client.authority()).clientId(client.clientId()).clock(client.clock()).build());
    }

    /**
     * Serves an OpenID Connect Back-Channel Logout endpoint at {@code path}: a {@code POST} of
     * {@code application/x-www-form-urlencoded} with one {@code logout_token}, validated by
     * {@code logouts}, answered 200 on success and 400 with a JSON {@code error} and
     * {@code error_description} (never the token) otherwise, {@code Cache-Control: no-store}
     * always. A valid logout enters the {@linkplain #sessionRevocations revocation list} (by
     * default an in-memory one of {@value #DEFAULT_REVOCATION_ENTRIES} entries kept
     * {@value #DEFAULT_REVOCATION_HOURS} h, per instance; the validator's own list when it has one)
     * and leaves the verified-token cache: from then on, every token of that session ({@code sid})
     * or subject ({@code sub}) issued at or before the logout is refused with 401
     * {@code invalid_token}, cached or not.
     *
     * @param path the endpoint's path, relative to the application's base URI
     * @param logouts checks the logout tokens
     * @return this builder
     * @throws IllegalArgumentException if the path is empty
     */
    public Builder backChannelLogout(String path, LogoutTokenValidator logouts) {
      Objects.requireNonNull(path, "path == null");
      if (BackChannelLogoutFilter.trim(path).isEmpty()) throw new IllegalArgumentException("the logout path is empty");
      this.logoutPath = path;
      this.logouts = Objects.requireNonNull(logouts, "logouts == null");
      return this;
    }

    /**
     * Refuses the tokens of the sessions and subjects in {@code revocations}, and, with
     * {@link #backChannelLogout}, records the logouts there. Share one list between instances by
     * implementing {@link SessionRevocations} over a common store; an instance that only reads it
     * needs no endpoint.
     *
     * @param revocations the revocation list
     * @return this builder
     */
    public Builder sessionRevocations(SessionRevocations revocations) {
      this.revocations = Objects.requireNonNull(revocations, "revocations == null");
      return this;
    }

    /**
     * Builds the feature.
     *
     * @return the feature
     */
    public IdentSphereFeature build() {
      return new IdentSphereFeature(new Settings(this));
    }
  }
}
