package io.identsphere.token;

import io.identsphere.IdentSphereUser;
import io.identsphere.internal.json.Json;
import io.identsphere.token.TokenRejectedException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The time rules of {@link TokenValidator}: {@code exp} (required unless
 * {@code acceptTokensWithoutExpiry()}) not reached, {@code nbf} and {@code iat}, when present, not in
 * the future, each with the clock skew; every one a NumericDate from 0 to 253402300799 (the end of
 * the year 9999). The common case (whole-second dates and skew) is decided without making an
 * {@link Instant}; anything else, and every rejection, goes through the general rules.
 *
 * <p>Immutable and thread-safe.
 */
final class TimeRules {
  private static final Clock SYSTEM_UTC = Clock.systemUTC();

  final Clock clock;
  final Duration skew;
  final boolean expiryRequired;
  private final long skewSeconds; // skew split once, for the whole-second time checks
  private final int skewNanos;

  TimeRules(Clock clock, Duration skew, boolean expiryRequired) {
    this.clock = clock;
    this.skew = skew;
    this.expiryRequired = expiryRequired;
    this.skewSeconds = skew.getSeconds();
    this.skewNanos = skew.getNano();
  }

  /**
   * Checks {@code exp}, {@code nbf} and {@code iat}, in this order.
   *
   * @param claims the token's claims
   * @throws TokenRejectedException if a date is missing, of the wrong type, out of range, expired
   *     or in the future
   */
  void check(Map<String, Object> claims) {
    Object exp = claims.get("exp");
    Object nbf = claims.get("nbf");
    Object iat = claims.get("iat");
    // The common case in whole seconds, without Instant arithmetic: integral exp, nbf and iat in
    // the NumericDate range, no member that is JSON null (so null means absent) and a skew of whole
    // seconds. For a now of s seconds plus a fraction f, with integral T: now < T exactly when
    // s < T, and now + skew < T exactly when s + skew < T.
    if (skewNanos == 0 && plainSeconds(exp) && (nbf == null || plainSeconds(nbf)) && (iat == null || plainSeconds(iat))
        && !Json.mayHoldNull(claims)) {
      long s = epochSecond();
      if (s < (Long) exp + skewSeconds && (nbf == null || s + skewSeconds >= (Long) nbf)
          && (iat == null || s + skewSeconds >= (Long) iat)) {
        return;
      }
    }
    check(claims, clock.instant()); // the general rules, which also explain a rejection
  }

  /**
   * The clock's current second. For the system UTC clock, from {@link System#currentTimeMillis()}:
   * the same OS clock that {@code Clock.systemUTC().instant()} reads, without making an Instant.
   */
  private long epochSecond() {
    if (clock == SYSTEM_UTC) return Math.floorDiv(System.currentTimeMillis(), 1000L);
    return clock.instant().getEpochSecond();
  }

  /**
   * The clock's current instant in milliseconds: what a cache hit is judged by.
   *
   * @return the clock's milliseconds since the epoch
   */
  long nowMillis() {
    return clock == SYSTEM_UTC ? System.currentTimeMillis() : clock.millis();
  }

  /**
   * The first millisecond from which {@link #check} passes for these claims (already checked):
   * {@code nbf} and {@code iat} minus the skew, rounded up. Any clock millisecond at or after it
   * means an instant at or after it, so the rules hold.
   */
  long validFromMillis(Map<String, Object> claims) {
    Instant nbf = date(claims, "nbf");
    Instant iat = date(claims, "iat");
    Instant from = nbf == null ? null : nbf.minus(skew);
    if (iat != null && (from == null || iat.minus(skew).isAfter(from))) from = iat.minus(skew);
    if (from == null) return Long.MIN_VALUE;
    long ms = from.toEpochMilli();
    return from.getNano() % 1_000_000 == 0 ? ms : ms + 1;
  }

  /**
   * The first millisecond at which {@link #check} may fail for these claims: {@code exp} plus the
   * skew, rounded down ({@link Long#MAX_VALUE} without {@code exp}). A clock millisecond before
   * it means an instant before {@code exp} plus the skew.
   */
  long validUntilMillis(Map<String, Object> claims) {
    Instant exp = date(claims, "exp");
    return exp == null ? Long.MAX_VALUE : exp.plus(skew).toEpochMilli();
  }

  /** A Long NumericDate in the accepted range, where adding the skew cannot overflow. */
  private static boolean plainSeconds(Object v) {
    if (!(v instanceof Long)) return false;
    long s = (Long) v;
    return s >= 0 && s < IdentSphereUser.NUMERIC_DATE_LIMIT;
  }

  private void check(Map<String, Object> claims, Instant now) {
    Instant exp = date(claims, "exp");
    if (exp == null) {
      if (expiryRequired) throw new TokenRejectedException(Reason.MISSING_CLAIM, "required claim \"exp\" is missing");
    } else if (!now.minus(skew).isBefore(exp)) { // now < exp + skew, without overflowing at Instant.MAX
      throw new TokenRejectedException(Reason.EXPIRED, "token expired at " + exp + ", "
          + Duration.between(exp, now).getSeconds() + " s before now (" + now + "), clock skew " + skew.getSeconds() + " s");
    }
    Instant nbf = date(claims, "nbf");
    if (nbf != null && now.plus(skew).isBefore(nbf)) {
      throw new TokenRejectedException(Reason.NOT_YET_VALID, "token not valid before " + nbf + ", "
          + Duration.between(now, nbf).getSeconds() + " s after now (" + now + "), clock skew " + skew.getSeconds() + " s");
    }
    Instant iat = date(claims, "iat");
    if (iat != null && now.plus(skew).isBefore(iat)) {
      throw new TokenRejectedException(Reason.ISSUED_IN_FUTURE, "token issued at " + iat + ", "
          + Duration.between(now, iat).getSeconds() + " s after now (" + now + "), clock skew " + skew.getSeconds() + " s");
    }
  }

  /**
   * A NumericDate claim, or null when absent. A number outside 0 .. 253402300799 (fractions
   * included), like any other type or {@code null}, is refused; the conversion costs the same
   * whatever the number's exponent (see {@link IdentSphereUser#numericDate}).
   */
  private static Instant date(Map<String, Object> claims, String name) {
    Object v = ClaimRules.member(claims, name);
    if (v == ClaimRules.ABSENT) return null;
    if (!(v instanceof Number)) throw ClaimRules.invalid(name, "a NumericDate (seconds since the epoch)", v);
    return IdentSphereUser.numericDate(v).orElseThrow(() -> new TokenRejectedException(Reason.INVALID_CLAIM,
        "claim \"" + name + "\" must be a NumericDate from 0 to " + (IdentSphereUser.NUMERIC_DATE_LIMIT - 1)
            + " (1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z), found a number outside that range"));
  }
}
