package io.identsphere.token;

import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.jose.KeySource;
import io.identsphere.token.TokenRejectedException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Validates the logout tokens of OpenID Connect Back-Channel Logout 1.0 (§2.4, §2.6), which an
 * identity server POSTs to a client's back-channel logout URI when a user's session ends.
 *
 * <p>A logout token must: be signed by a key of the identity server (the same algorithm allow-list
 * and key rules as {@link TokenValidator}); name the expected issuer; have this client's id in
 * {@code aud}; carry an {@code iat} not in the future (with the clock skew) and at most
 * {@code maxTokenAge} old, an {@code exp} not reached when it has one, a string {@code jti} not
 * received before from this issuer, an {@code events} object with the member
 * {@value #BACKCHANNEL_LOGOUT_EVENT} whose value is a JSON object, a string {@code sid} and/or
 * {@code sub}, and no {@code nonce}; and have a {@code typ} header, when it has one, of
 * {@code logout+jwt} (§2.4 explicit typing). Access tokens and ID tokens fail these rules, and an
 * access-token {@link TokenValidator} refuses logout tokens ({@code typ}, {@code events}), so
 * neither kind can pass for the other.
 *
 * <pre>{@code
 * LogoutTokenValidator logouts = LogoutTokenValidator.newBuilder()
 *     .keySource(client.keySource()).issuer(client.authority()).clientId(client.clientId()).build();
 * revocations.revoke(logouts.validate(form.get("logout_token")));
 * }</pre>
 *
 * <p>The replay cache is bounded ({@code replayCacheSize} identifiers, each kept until its token is
 * too old to be accepted); it is per instance, like the validator. Immutable apart from that cache,
 * and thread-safe.
 *
 * @see <a href="https://openid.net/specs/openid-connect-backchannel-1_0.html">OpenID Connect Back-Channel Logout 1.0</a>
 */
public final class LogoutTokenValidator {
  /** The member of {@code events} that makes a JWT a logout token. */
  public static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
  /** The largest {@link Builder#maxTokenAge}. */
  public static final Duration MAX_TOKEN_AGE = Duration.ofHours(1);

  private final TokenValidator signed; // signature, typ, iss, aud, exp, iat not in the future, claim types
  private final Clock clock;
  private final Duration oldest; // maxTokenAge plus skew
  private final ReplayCache replays;

  private LogoutTokenValidator(Builder b) {
    TokenValidator.Builder v = TokenValidator.newBuilder().keySource(b.keySource).expectIssuer(b.issuer)
        .expectAudience(b.clientId).acceptTypes("logout+jwt").acceptIdTokens().acceptTokensWithoutExpiry()
        .clock(b.clock).clockSkew(b.skew);
    if (b.algorithms != null) v.allowAlgorithms(b.algorithms);
    this.signed = v.build();
    this.clock = b.clock;
    this.oldest = b.maxAge.plus(b.skew);
    this.replays = new ReplayCache(b.replayEntries);
  }

  /**
   * Starts a builder; the key source, the issuer and the client id are required.
   *
   * @return a new builder
   */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * Validates a logout token and remembers its {@code jti}.
   *
   * @param logoutToken the {@code logout_token} form parameter, a compact JWS
   * @return the logout it announces
   * @throws TokenRejectedException if a rule fails ({@link TokenRejectedException#reason()} says
   *     which; {@link Reason#REPLAYED} for a {@code jti} already received); its message never holds
   *     the token
   * @throws io.identsphere.IdentSphereException if the key source cannot produce keys
   */
  public LogoutToken validate(String logoutToken) {
    Objects.requireNonNull(logoutToken, "logoutToken == null");
    VerifiedToken t = signed.validate(logoutToken);
    Map<String, Object> claims = t.claims();
    Instant now = clock.instant();
    Instant iat = t.user().issuedAt().orElseThrow(() -> missing("iat"));
    if (iat.isBefore(now.minus(oldest))) {
      throw new TokenRejectedException(Reason.EXPIRED, "logout token issued at " + iat + ", "
          + Duration.between(iat, now).getSeconds() + " s before now (" + now + "); accepted: at most "
          + oldest.getSeconds() + " s (max token age plus clock skew)");
    }
    Object jti = ClaimRules.member(claims, "jti"); // a string when present: checked with the claim types
    if (jti == ClaimRules.ABSENT) throw missing("jti");
    checkEvents(ClaimRules.member(claims, "events"));
    Object sid = ClaimRules.member(claims, "sid");
    if (sid != ClaimRules.ABSENT && !(sid instanceof String)) throw ClaimRules.invalid("sid", "a string", sid);
    Object sub = ClaimRules.member(claims, "sub");
    if (sid == ClaimRules.ABSENT && sub == ClaimRules.ABSENT) {
      throw new TokenRejectedException(Reason.MISSING_CLAIM, "a logout token must name a \"sid\" or a \"sub\", it names neither");
    }
    if (ClaimRules.member(claims, "nonce") != ClaimRules.ABSENT) {
      throw new TokenRejectedException(Reason.INVALID_CLAIM, "a logout token must not carry \"nonce\" (Back-Channel Logout 2.4)");
    }
    String issuer = t.issuer().orElseThrow();
    long forgetAt = iat.plus(oldest).plus(oldest).toEpochMilli(); // past it, the iat rule refuses the token anyway
    if (!replays.firstSighting(issuer + '\u0000' + jti, forgetAt, now.toEpochMilli())) {
      throw new TokenRejectedException(Reason.REPLAYED, "a logout token with this \"jti\" was already received");
    }
    return new LogoutToken(issuer, sub instanceof String ? (String) sub : null, sid instanceof String ? (String) sid : null,
        iat, (String) jti);
  }

  private static void checkEvents(Object events) {
    if (events == ClaimRules.ABSENT) throw missing("events");
    if (!(events instanceof Map)) throw ClaimRules.invalid("events", "a JSON object", events);
    Map<?, ?> m = (Map<?, ?>) events;
    if (!m.containsKey(BACKCHANNEL_LOGOUT_EVENT)) {
      throw new TokenRejectedException(Reason.MISSING_CLAIM, "\"events\" has no member \"" + BACKCHANNEL_LOGOUT_EVENT
          + "\": it is not a logout token");
    }
    Object value = m.get(BACKCHANNEL_LOGOUT_EVENT);
    if (!(value instanceof Map)) throw ClaimRules.invalid("events." + BACKCHANNEL_LOGOUT_EVENT, "a JSON object", value);
  }

  private static TokenRejectedException missing(String claim) {
    return new TokenRejectedException(Reason.MISSING_CLAIM, "required claim \"" + claim + "\" is missing");
  }

  /** The identifiers remembered, for tests. */
  int rememberedIds() {
    return replays.size();
  }

  /** Options for a {@link LogoutTokenValidator}. Not thread-safe. */
  public static final class Builder {
    private KeySource keySource;
    private String issuer;
    private String clientId;
    private Clock clock = Clock.systemUTC();
    private Duration skew = Duration.ofSeconds(60);
    private Duration maxAge = Duration.ofMinutes(5);
    private int replayEntries = 10_000;
    private JwsAlgorithm[] algorithms;

    private Builder() {}

    /**
     * Sets where the identity server's keys come from (for a client: {@code client.keySource()}).
     *
     * @param keySource the identity server's keys
     * @return this builder
     */
    public Builder keySource(KeySource keySource) {
      this.keySource = Objects.requireNonNull(keySource, "keySource == null");
      return this;
    }

    /**
     * Sets the issuer logout tokens must name ({@code iss}, exact match); required.
     *
     * @param issuer the identity server's issuer
     * @return this builder
     */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer == null");
      return this;
    }

    /**
     * Sets this client's id, which a logout token's {@code aud} must contain; required.
     *
     * @param clientId the OAuth client id
     * @return this builder
     */
    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId, "clientId == null");
      return this;
    }

    /**
     * Sets the clock the time rules read; inject one in tests.
     *
     * @param clock the time source (default system UTC)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets the tolerance for clocks that disagree, applied to {@code iat} and {@code exp}.
     *
     * @param skew the tolerance (default 60 s, at most {@link TokenValidator#MAX_CLOCK_SKEW})
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder clockSkew(Duration skew) {
      TokenValidator.newBuilder().clockSkew(skew); // the same bounds, checked now
      this.skew = skew;
      return this;
    }

    /**
     * Bounds how old a logout token may be ({@code iat} before now, beyond the skew): an older one,
     * captured and replayed after its {@code jti} left the replay cache, is refused.
     *
     * @param maxAge the largest age (default 5 min, from 1 s to {@link #MAX_TOKEN_AGE})
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxTokenAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge == null");
      if (maxAge.getSeconds() < 1 || maxAge.compareTo(MAX_TOKEN_AGE) > 0) {
        throw new IllegalArgumentException("maxTokenAge must be from 1 s to " + MAX_TOKEN_AGE.toMinutes() + " min: " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    /**
     * Bounds the replay cache.
     *
     * @param entries the most {@code jti}s remembered (default 10000, from 1 to 1048576)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder replayCacheSize(int entries) {
      if (entries < 1 || entries > 1 << 20) throw new IllegalArgumentException("replayCacheSize must be in [1, 1048576]: " + entries);
      this.replayEntries = entries;
      return this;
    }

    /**
     * Replaces the algorithm allow-list (default: as {@link TokenValidator}).
     *
     * @param algorithms the allowed algorithms; at least one
     * @return this builder
     */
    public Builder allowAlgorithms(JwsAlgorithm... algorithms) {
      TokenValidator.newBuilder().allowAlgorithms(algorithms); // at least one, checked now
      this.algorithms = algorithms.clone();
      return this;
    }

    /**
     * Builds the validator.
     *
     * @return the validator, with an empty replay cache
     * @throws IllegalStateException if the key source, issuer or client id is missing
     */
    public LogoutTokenValidator build() {
      if (keySource == null) throw new IllegalStateException("keySource == null: call keySource(...)");
      if (issuer == null) throw new IllegalStateException("issuer == null: call issuer(...)");
      if (clientId == null) throw new IllegalStateException("clientId == null: call clientId(...)");
      return new LogoutTokenValidator(this);
    }
  }
}
