package io.identsphere.token;

import io.identsphere.ClaimMapping;
import io.identsphere.internal.watch.Watch;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.jose.KeySource;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Validates JWS-signed JWTs (RFC 7519) such as IdentSphere access tokens and returns a
 * {@link VerifiedToken}.
 *
 * <p>Strict by default. In order, a token must: be at most {@code maxTokenLength} characters;
 * be a JWS compact serialization with strict base64url and strict JSON; name an {@code alg} in the
 * allow-list (asymmetric algorithms by default; never {@code none}); carry no {@code crit} header;
 * have an accepted {@code typ} (absent, {@code JWT} or {@code at+jwt} by default); be signed by a key
 * from the key source that has its {@code kid} and {@linkplain Jwk#permits permits} its algorithm;
 * not be an ID token or another non-access token (no {@code at_hash}, {@code c_hash} or
 * {@code s_hash} claim, a {@code typ} claim, when present, of {@code Bearer}, and no {@code nonce}
 * unless it declares itself an access token by that claim or an {@code at+jwt} header); have a
 * numeric {@code exp} in the future and, when present, {@code nbf} and {@code iat} not in the
 * future (each with the clock skew; NumericDates from 0 to 253402300799, the end of the year 9999);
 * name an expected issuer and audience; give every claim it reads the right JSON type; carry every
 * required claim. The key, not the token header, decides: an HS256 token is never checked against
 * an RSA key. A member that is present is never taken for absent: {@code "nbf": null},
 * {@code "kid": 7} or {@code "aud": ["api", 1]} are refused, not skipped.
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.newBuilder()
 *     .keySource(RemoteJwkSet.newBuilder(URI.create("https://id.example.com/.well-known/jwks.json")).build())
 *     .expectIssuer("https://id.example.com")
 *     .expectAudience("orders-api")
 *     .build();
 * IdentSphereUser user = validator.validate(token).user();
 * }</pre>
 *
 * <p>Immutable and thread-safe once built; build one and share it.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8725">RFC 8725, JWT Best Current Practices</a>
 */
public final class TokenValidator implements TokenVerifier {
  /** The longest token the verified-token cache stores; longer ones are validated every time. */
  public static final int CACHED_TOKEN_CHARS = 4096;
  /** The longest maximum age of a cached validation. */
  public static final Duration MAX_CACHE_AGE = Duration.ofHours(1);

  /** The largest clock skew a validator accepts. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  final Steps steps; // the checks in order, the revocations, the listener
  private final TokenCache cache; // null unless cacheVerifiedTokens(...)
  private final ValidatorOptions options; // what toBuilder() starts from

  private TokenValidator(ValidatorOptions o) {
    this.options = o;
    this.steps = new Steps(o);
    this.cache = o.cacheEntries == 0 ? null : new TokenCache(o.cacheEntries, o.cacheMaxAge.toMillis());
  }

  /**
   * Starts a validator's options: strict defaults, with the key source, the issuer rule and the
   * audience rule left for the caller to decide.
   *
   * @return a new builder
   */
  public static Builder newBuilder() {
    return new Builder(new ValidatorOptions());
  }

  /**
   * Copies this validator's options into a builder, to derive a variant.
   *
   * @return a builder holding every option of this validator
   */
  public Builder toBuilder() {
    return new Builder(options.copy());
  }

  /**
   * Returns the clock this validator reads the time from.
   *
   * @return the clock this validator reads the time from
   */
  public Clock clock() {
    return steps.times.clock;
  }

  /**
   * Tells whether this validator caches successful validations ({@link Builder#cacheVerifiedTokens}).
   *
   * @return true when a verified-token cache is on
   */
  public boolean cachesVerifiedTokens() {
    return cache != null;
  }

  /**
   * Returns the claim mapping used to build users.
   *
   * @return the claim mapping used to build users
   */
  public ClaimMapping claimMapping() {
    return steps.mapping;
  }

  /** Same as {@link #validate(String)}. */
  @Override
  public VerifiedToken verify(String token) {
    return validate(token);
  }

  /**
   * Validates a token.
   *
   * @param token the compact JWS, without a {@code Bearer } prefix
   * @return the verified token
   * @throws TokenRejectedException if any check fails; {@link TokenRejectedException#reason()} says which
   * @throws io.identsphere.IdentSphereException if the key source cannot produce keys (identity server down)
   */
  public VerifiedToken validate(String token) {
    try {
      if (cache != null) return cache.validate(token, this);
      return steps.admit(steps.validateUncached(token), false);
    } catch (TokenRejectedException e) {
      Watch.rejected(steps.listener, e); // DEBUG log, Flight Recorder, listener: never the token
      throw e;
    }
  }

  /**
   * Drops cached validations, for example those of a session that was just logged out; a token
   * dropped is validated afresh when it comes again. Without a cache, does nothing.
   *
   * @param which chooses the entries to drop
   * @return how many were dropped
   */
  public int evictCached(Predicate<? super VerifiedToken> which) {
    Objects.requireNonNull(which, "which == null");
    return cache == null ? 0 : cache.evictIf(which);
  }

  /**
   * Returns the session revocations this validator consults ({@link Builder#sessionRevocations}).
   *
   * @return the revocations, if any
   */
  public Optional<SessionRevocations> sessionRevocations() {
    return Optional.ofNullable(steps.revocations);
  }

  /** The claim checks after the signature and type; for benchmarks and tests. */
  VerifiedToken checkClaims(CompactJws jws, Map<String, Object> claims) {
    return steps.checkClaims(jws, claims);
  }

  /** Checks length, syntax, algorithm and signature; no claim checks. For vector tests. */
  CompactJws verifySignature(String token) {
    return steps.signature.verify(token);
  }

  /**
   * Options for a {@link TokenValidator}. Not thread-safe; use from one thread, then {@link #build()}.
   */
  public static final class Builder {
    private final ValidatorOptions o;

    private Builder(ValidatorOptions o) {
      this.o = o;
    }

    /**
     * Caches successful validations, so that a token seen again costs a lookup instead of a
     * signature check. Keyed by the whole token text; a hit re-checks {@code exp}, {@code nbf} and
     * {@code iat} against this validator's clock (an entry never outlives its token) and that the
     * key which verified the token is still offered by the key source (a key that left a
     * {@code RemoteJwkSet} drops its tokens); entries also expire after {@code maxAge}. Failures are
     * never cached; concurrent first sightings of one token verify it once. Memory is bounded:
     * {@code maxEntries} (rounded up to a power of two) entries of tokens of at most
     * {@link #CACHED_TOKEN_CHARS} characters (longer ones are validated every time); a flood of
     * distinct tokens replaces entries, it never grows the cache.
     *
     * <p><b>Security:</b> a cache does not lengthen the revocation lag, which stays bounded by the
     * token's lifetime (or a session check); it shortens nothing either.
     *
     * @param maxEntries the most entries kept, from 1 to 1048576
     * @param maxAge how long an entry may serve, at most {@link #MAX_CACHE_AGE}
     * @return this builder
     * @throws IllegalArgumentException if a bound is out of range
     */
    public Builder cacheVerifiedTokens(int maxEntries, Duration maxAge) {
      o.cache(maxEntries, maxAge);
      return this;
    }

    /**
     * Turns the verified-token cache off (the default), for a variant made with {@code toBuilder()}.
     *
     * @return this builder
     */
    public Builder noTokenCache() {
      o.cacheEntries = 0;
      o.cacheMaxAge = null;
      return this;
    }

    /**
     * Reports each accepted and rejected token to a listener. A listener that throws is logged
     * and ignored; without one, events cost nothing.
     *
     * @param listener the listener (replaces any earlier one)
     * @return this builder
     */
    public Builder listener(ValidationListener listener) {
      o.listener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Refuses tokens of sessions and subjects an identity server logged out (OpenID Connect
     * Back-Channel Logout): after every other check, and on verified-token cache hits too, a token
     * that {@code revocations} reports is refused as {@link TokenRejectedException.Reason#REVOKED}.
     *
     * @param revocations the list to consult (replaces any earlier one)
     * @return this builder
     */
    public Builder sessionRevocations(SessionRevocations revocations) {
      o.revocations = Objects.requireNonNull(revocations, "revocations == null");
      return this;
    }

    /**
     * Sets where the verification keys come from: a local {@code JwkSet} or a remote one.
     *
     * @param keySource where verification keys come from (required)
     * @return this builder
     */
    public Builder keySource(KeySource keySource) {
      o.keySource = Objects.requireNonNull(keySource, "keySource == null");
      return this;
    }

    /**
     * Accepts tokens whose {@code iss} equals one of these strings exactly.
     *
     * @param issuers the expected issuers
     * @return this builder
     */
    public Builder expectIssuer(String... issuers) {
      for (String i : issuers) o.issuers.add(Objects.requireNonNull(i, "issuer == null"));
      o.issuerDecided = true;
      return this;
    }

    /**
     * Skips the issuer check. Only safe when the key source is used by a single issuer.
     *
     * @return this builder
     */
    public Builder ignoreIssuer() {
      o.issuers.clear();
      o.issuerDecided = true;
      return this;
    }

    /**
     * Accepts tokens whose {@code aud} contains one of these values.
     *
     * @param audiences the expected audiences
     * @return this builder
     */
    public Builder expectAudience(String... audiences) {
      for (String a : audiences) o.audiences.add(Objects.requireNonNull(a, "audience == null"));
      o.audienceDecided = true;
      return this;
    }

    /**
     * Skips the audience check. <b>Security:</b> a token minted for another API of the same
     * issuer is then accepted here.
     *
     * @return this builder
     */
    public Builder ignoreAudience() {
      o.audiences.clear();
      o.audienceDecided = true;
      return this;
    }

    /**
     * Replaces the algorithm allow-list (default: RS256/384/512, PS256/384/512, ES256/384).
     * HMAC algorithms work only with secrets in a local {@link io.identsphere.jose.JwkSet}.
     *
     * @param algorithms the allowed algorithms; at least one
     * @return this builder
     */
    public Builder allowAlgorithms(JwsAlgorithm... algorithms) {
      if (algorithms.length == 0) throw new IllegalArgumentException("allow at least one algorithm");
      o.algorithms = EnumSet.copyOf(Arrays.asList(algorithms));
      return this;
    }

    /**
     * Sets the clock the time checks read; inject one in tests.
     *
     * @param clock the time source (default: system UTC)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      o.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets the tolerance for clocks that disagree, applied to {@code exp}, {@code nbf} and {@code iat}.
     *
     * @param skew tolerance for {@code exp}, {@code nbf} and {@code iat} (default 60 s, at most
     *     {@link #MAX_CLOCK_SKEW})
     * @return this builder
     */
    public Builder clockSkew(Duration skew) {
      o.skew(skew);
      return this;
    }

    /**
     * Requires claims beyond the registered ones checked by default.
     *
     * @param claims claims that must be present and not null (for example {@code sub})
     * @return this builder
     */
    public Builder requireClaims(String... claims) {
      for (String c : claims) o.requiredClaims.add(Objects.requireNonNull(c, "claim == null"));
      return this;
    }

    /**
     * Accepts tokens without {@code exp}. <b>Security:</b> such a token is valid forever.
     *
     * @return this builder
     */
    public Builder acceptTokensWithoutExpiry() {
      o.expiryRequired = false;
      return this;
    }

    /**
     * Replaces the accepted {@code typ} values (default {@code JWT}, {@code at+jwt}), compared
     * case-insensitively with an optional {@code application/} prefix (RFC 7515 §4.1.9).
     *
     * @param types accepted types
     * @return this builder
     */
    public Builder acceptTypes(String... types) {
      o.types(types);
      return this;
    }

    /**
     * Makes this a validator of OpenID Connect ID tokens: their markers ({@code nonce},
     * {@code at_hash}, {@code c_hash}, {@code s_hash}, a {@code typ} claim such as Keycloak's
     * {@code ID}) are expected, not refused. By default every validator refuses a token that
     * carries any of them as {@link TokenRejectedException.Reason#NOT_AN_ACCESS_TOKEN} (a
     * {@code nonce} only when the token does not declare itself an access token with a
     * {@code typ} claim {@code Bearer} or an {@code at+jwt} header, as Keycloak before version 24
     * and mock-oauth2-server copy the {@code nonce} into access tokens), since an
     * ID token is addressed to the client that signed the user in and must never pass as a bearer
     * token for an API (RFC 9068 §4, RFC 8725 §3.11).
     *
     * <p><b>Security:</b> only for code that checks ID tokens, with the OIDC Core §3.1.3.7 rules
     * ({@code aud} is the client id, {@code nonce}, {@code azp}, {@code at_hash}) on top, as
     * {@code IdentSphereClient.validateIdToken} does. Never use such a validator to authenticate
     * requests to an API: it accepts the client's ID tokens as bearer tokens.
     *
     * @return this builder
     */
    public Builder acceptIdTokens() {
      o.idTokens = true;
      return this;
    }

    /**
     * Refuses any token whose {@code aud} contains this OAuth client's id, as
     * {@link TokenRejectedException.Reason#NOT_AN_ACCESS_TOKEN}, even when another member of
     * {@code aud} is expected: a token addressed to the client is its ID token, not an access
     * token for an API. {@code IdentSphereClient.accessTokenValidator()} sets this with its own
     * client id unless its configured audience names the client id.
     *
     * <p><b>Security:</b> the ID-token markers (see {@link #acceptIdTokens()}) catch the ID tokens
     * of most servers; this rule also catches those that carry no marker (an ID token issued
     * without {@code nonce} or {@code at_hash}).
     *
     * @param clientId the client's id; may not also be an expected audience
     * @return this builder
     */
    public Builder refuseTokensAddressedToClient(String clientId) {
      o.clientIds.add(Objects.requireNonNull(clientId, "clientId == null"));
      return this;
    }

    /**
     * Rejects tokens without a {@code typ} header (RFC 9068 access tokens always carry one).
     *
     * @return this builder
     */
    public Builder requireTypeHeader() {
      o.typeRequired = true;
      return this;
    }

    /**
     * Bounds the size of an accepted token; longer ones are refused before any parsing.
     *
     * @param chars largest accepted token, in characters (default 8192)
     * @return this builder
     */
    public Builder maxTokenLength(int chars) {
      o.maxTokenLength(chars);
      return this;
    }

    /**
     * Sets the claims that roles, custom roles and the tenant are read from.
     *
     * @param mapping where roles, custom roles and the tenant are read from
     * @return this builder
     */
    public Builder claimMapping(ClaimMapping mapping) {
      o.mapping = Objects.requireNonNull(mapping, "mapping == null");
      return this;
    }

    /**
     * Builds the validator.
     *
     * @return the validator
     * @throws IllegalStateException if no key source is set, the issuer or audience rule was
     *     neither given nor explicitly ignored, or a refused client id is also an expected audience
     */
    public TokenValidator build() {
      return new TokenValidator(o.complete());
    }
  }
}
