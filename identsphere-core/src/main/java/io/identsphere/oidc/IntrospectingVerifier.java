package io.identsphere.oidc;

import io.identsphere.internal.http.Http;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenRejectedException.Reason;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.TokenVerifier;
import io.identsphere.token.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies opaque access tokens by asking the identity server (token introspection, RFC 7662),
 * and, by default, JWT access tokens locally: a token of three dot-separated base64url parts goes
 * to the client's {@linkplain IdentSphereClient#accessTokenValidator() access-token validator},
 * anything else to the introspection endpoint; {@link Builder#introspectJwts()} sends every token
 * to introspection. Obtained from {@link IdentSphereClient#introspectingVerifier()}; pass it to
 * {@code IdentSphereFeature.of(verifier)}.
 *
 * <pre>{@code
 * TokenVerifier verifier = client.introspectingVerifier().cacheTtl(Duration.ofSeconds(30)).build();
 * resourceConfig.register(IdentSphereFeature.of(verifier));
 * }</pre>
 *
 * <p><b>What is accepted.</b> An answer with {@code active: true} whose members have their
 * registered types, whose {@code iss} (when present) is the issuer, whose {@code exp} (when
 * present) is after now, and which passes the access-token rules of JWTs: the configured audience
 * in {@code aud}, no ID-token markers, {@code token_type} Bearer when present (so a refresh token is
 * refused), {@code nbf}/{@code iat} not in the future. The {@link VerifiedToken} is
 * {@linkplain VerifiedToken#introspected() introspected}: its claims and typed user come from the
 * answer ({@code sub}, {@code scope}, {@code client_id}, {@code exp}, roles and tenant as the
 * client's claim mapping says).
 *
 * <p><b>Errors.</b> {@code active: false}, a refused answer, or a definite OAuth error about the
 * token (HTTP 400 with {@code invalid_token}, {@code invalid_request} or {@code invalid_grant}) is a
 * {@link TokenRejectedException} (a 401 for the caller in the JAX-RS adapter); an answer naming
 * another issuer is {@code WRONG_ISSUER}. An outage, a timeout, a 5xx, a malformed answer or a
 * refused client authentication is an {@link IdentityServerException} (a 503), and is never cached.
 *
 * <p><b>Cache.</b> Answers are kept by the SHA-256 of the token (never the token), at most
 * {@link Builder#maxEntries} (least recently used out): an accepted token for {@code cacheTtl}, but
 * never beyond the answer's {@code exp}; a refused one for {@code inactiveTtl}, which is shorter.
 * {@code cacheTtl} is therefore the revocation lag. Concurrent requests with the same token share
 * one call. Tokens longer than {@value #MAX_TOKEN_LENGTH} characters or with characters outside
 * RFC 6750's {@code b64token} are refused without a call.
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public final class IntrospectingVerifier implements TokenVerifier {
  /** The longest token sent to introspection, in characters. */
  public static final int MAX_TOKEN_LENGTH = 8192;
  private static final Set<String> DEFINITE_ERRORS = Set.of("invalid_token", "invalid_request", "invalid_grant");

  private final Introspection introspection;
  private final IntrospectedTokens rules;
  private final TokenValidator jwts;
  private final Clock clock;
  private final Duration cacheTtl;
  private final Duration inactiveTtl;
  private final IntrospectionCache cache;
  private final ConcurrentHashMap<String, CompletableFuture<IntrospectionCache.Entry>> inflight = new ConcurrentHashMap<>();

  private IntrospectingVerifier(Builder b) {
    this.introspection = b.introspection;
    this.rules = b.rules;
    this.jwts = b.introspectJwts ? null : b.jwts;
    this.clock = b.clock;
    this.cacheTtl = b.cacheTtl;
    this.inactiveTtl = b.inactiveTtl;
    this.cache = new IntrospectionCache(b.maxEntries);
  }

  /**
   * Verifies a token: locally when it is a JWT (unless {@link Builder#introspectJwts()}), else from
   * the cache or by introspection, blocking until the answer.
   *
   * @param token the bearer token
   * @return the verified token
   * @throws TokenRejectedException if the token is refused (see the class comment)
   * @throws IdentityServerException if the identity server cannot answer
   */
  @Override
  public VerifiedToken verify(String token) {
    return Http.join(verifyAsync(token));
  }

  /**
   * Verifies a token as {@link #verify} does, without blocking.
   *
   * @param token the bearer token
   * @return the verified token, asynchronously; fails with the exceptions {@link #verify} throws
   */
  public CompletableFuture<VerifiedToken> verifyAsync(String token) {
    Objects.requireNonNull(token, "token == null");
    try {
      checkShape(token);
      if (jwts != null && looksLikeJwt(token)) return CompletableFuture.completedFuture(jwts.validate(token));
    } catch (TokenRejectedException e) {
      return CompletableFuture.failedFuture(e);
    }
    String key = IntrospectionCache.key(token);
    IntrospectionCache.Entry hit = cache.get(key, clock.instant());
    if (hit != null) return settle(hit);
    CompletableFuture<IntrospectionCache.Entry> mine = new CompletableFuture<>();
    CompletableFuture<IntrospectionCache.Entry> other = inflight.putIfAbsent(key, mine);
    if (other != null) return other.thenCompose(IntrospectingVerifier::settle);
    introspection.introspect(token).handle((r, t) -> judge(r, t)).whenComplete((e, t) -> {
      inflight.remove(key, mine);
      if (e != null) {
        cache.put(key, e, clock.instant());
        mine.complete(e);
      } else {
        mine.completeExceptionally(Calls.translate(t, "introspection"));
      }
    });
    return mine.thenCompose(IntrospectingVerifier::settle);
  }

  private static CompletableFuture<VerifiedToken> settle(IntrospectionCache.Entry e) {
    try {
      return CompletableFuture.completedFuture(e.get());
    } catch (TokenRejectedException r) {
      return CompletableFuture.failedFuture(r);
    }
  }

  /** Turns an answer or a failure into a cache entry; throws for failures that say nothing about the token. */
  private IntrospectionCache.Entry judge(IntrospectionResult r, Throwable t) {
    Instant now = clock.instant();
    if (t != null) {
      RuntimeException e = Calls.translate(t, "introspection");
      TokenRejectedException refusal = aboutTheToken(e);
      if (refusal == null) throw e;
      return IntrospectionCache.Entry.refused(refusal, Discovery.plus(now, inactiveTtl));
    }
    try {
      VerifiedToken v = rules.judge(r, now);
      Instant until = Discovery.plus(now, cacheTtl);
      Instant exp = v.expiresAt().orElse(null);
      if (exp != null && exp.isBefore(until)) until = exp;
      return IntrospectionCache.Entry.accepted(v, until);
    } catch (TokenRejectedException e) {
      return IntrospectionCache.Entry.refused(e, Discovery.plus(now, inactiveTtl));
    }
  }

  /** The refusal an identity server's failure amounts to, or null when it is an outage or a fault of ours. */
  private static TokenRejectedException aboutTheToken(RuntimeException e) {
    if (!(e instanceof IdentityServerException)) return null;
    IdentityServerException ise = (IdentityServerException) e;
    if (ise.kind() == Kind.ISSUER_MISMATCH) {
      return new TokenRejectedException(Reason.WRONG_ISSUER, ise.getMessage());
    }
    if (ise.kind() == Kind.OAUTH_ERROR && ise.status().orElse(0) == 400 && ise.error().map(DEFINITE_ERRORS::contains).orElse(false)) {
      return new TokenRejectedException(Reason.INACTIVE, "the identity server refused to introspect the token: "
          + ise.error().get());
    }
    return null;
  }

  private static void checkShape(String token) {
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new TokenRejectedException(Reason.TOO_LARGE, "token is " + token.length() + " characters, at most "
          + MAX_TOKEN_LENGTH + " are accepted");
    }
    if (token.isEmpty()) throw new TokenRejectedException(Reason.MALFORMED, "token is empty");
    int end = token.length();
    while (end > 0 && token.charAt(end - 1) == '=') end--;
    if (end == 0) throw new TokenRejectedException(Reason.MALFORMED, "token is only '='");
    for (int i = 0; i < end; i++) {
      char c = token.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
      if (!ok) throw new TokenRejectedException(Reason.MALFORMED, "token has a character outside RFC 6750 b64token at index " + i);
    }
  }

  /** Three non-empty dot-separated parts of base64url characters: a JWS compact serialization. */
  static boolean looksLikeJwt(String token) {
    int parts = 1;
    int partLength = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (partLength == 0) return false;
        parts++;
        partLength = 0;
      } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        partLength++;
      } else {
        return false;
      }
    }
    return parts == 3 && partLength > 0;
  }

  /** The number of cached answers, for tests. */
  int cachedAnswers() {
    return cache.size();
  }

  @Override
  public String toString() {
    return "IntrospectingVerifier{cacheTtl=" + cacheTtl + ", inactiveTtl=" + inactiveTtl
        + (jwts == null ? ", every token introspected" : ", JWTs validated locally") + "}";
  }

  /**
   * Options for an {@link IntrospectingVerifier}, from {@link IdentSphereClient#introspectingVerifier()}.
   * Not thread-safe.
   */
  public static final class Builder {
    /** The most answers a cache may be configured to hold. */
    public static final int MAX_ENTRIES_LIMIT = 1_000_000;

    private final Introspection introspection;
    private final IntrospectedTokens rules;
    private final TokenValidator jwts;
    private final Clock clock;
    private Duration cacheTtl = Duration.ofSeconds(60);
    private Duration inactiveTtl = Duration.ofSeconds(5);
    private int maxEntries = 10_000;
    private boolean introspectJwts;

    Builder(Introspection introspection, IntrospectedTokens rules, TokenValidator jwts, Clock clock) {
      this.introspection = introspection;
      this.rules = rules;
      this.jwts = jwts;
      this.clock = clock;
    }

    /**
     * Sets how long an accepted token's answer is reused; never longer than the answer's
     * {@code exp}. This is the revocation lag.
     *
     * @param ttl how long an active answer is trusted (default 60 s); zero asks every time
     * @return this builder
     * @throws IllegalArgumentException if {@code ttl} is negative
     */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = notNegative(ttl, "cacheTtl");
      return this;
    }

    /**
     * Sets how long a refusal (inactive, refused answer) is reused, so that a flood of one bad
     * token does not become a flood of calls.
     *
     * @param ttl how long a refusal is remembered (default 5 s); at most {@code cacheTtl}
     * @return this builder
     * @throws IllegalArgumentException if {@code ttl} is negative
     */
    public Builder inactiveTtl(Duration ttl) {
      this.inactiveTtl = notNegative(ttl, "inactiveTtl");
      return this;
    }

    /**
     * Bounds the cache.
     *
     * @param entries the most answers kept (default 10,000; 1 to {@value #MAX_ENTRIES_LIMIT})
     * @return this builder
     * @throws IllegalArgumentException if {@code entries} is out of range
     */
    public Builder maxEntries(int entries) {
      if (entries < 1 || entries > MAX_ENTRIES_LIMIT) {
        throw new IllegalArgumentException("maxEntries must be 1 to " + MAX_ENTRIES_LIMIT + ": " + entries);
      }
      this.maxEntries = entries;
      return this;
    }

    /**
     * Sends JWTs to introspection too, instead of validating them locally: for servers whose JWT
     * access tokens must be checked for revocation, or whose keys this client should not use.
     *
     * @return this builder
     */
    public Builder introspectJwts() {
      this.introspectJwts = true;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     * @throws IllegalStateException if {@code inactiveTtl} is longer than {@code cacheTtl}
     */
    public IntrospectingVerifier build() {
      if (inactiveTtl.compareTo(cacheTtl) > 0) {
        throw new IllegalStateException("inactiveTtl " + inactiveTtl + " is longer than cacheTtl " + cacheTtl
            + ": refusals are remembered for a shorter time than acceptances");
      }
      return new IntrospectingVerifier(this);
    }

    private static Duration notNegative(Duration d, String name) {
      Objects.requireNonNull(d, name + " == null");
      if (d.isNegative()) throw new IllegalArgumentException(name + " must not be negative: " + d);
      return d;
    }
  }
}
