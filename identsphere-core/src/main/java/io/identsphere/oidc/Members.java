package io.identsphere.oidc;

import io.identsphere.internal.json.Json;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of the members of an identity server's JSON answer. A member of the wrong type is a
 * {@code MALFORMED_RESPONSE} naming the member and the type found, never a silent default. Every
 * conversion is cheap whatever the number: {@code 1e99999999} and {@code 1e-99999999} are judged by
 * comparisons of magnitude, never by arithmetic on their digits, and no {@link ArithmeticException}
 * or {@link java.time.DateTimeException} escapes.
 *
 * <p>Stateless and thread-safe.
 */
final class Members {
  private static final BigDecimal MIN_SECONDS = BigDecimal.valueOf(Instant.MIN.getEpochSecond());
  private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Instant.MAX.getEpochSecond());
  private static final int MAX_SCALE = 1000;

  private Members() {}

  static IdentityServerException malformed(String what, String name, String problem) {
    return IdentityServerException.of(Kind.MALFORMED_RESPONSE, what + " member \"" + name + "\" " + problem);
  }

  private static IdentityServerException wrongType(String what, String name, String expected, Object found) {
    return malformed(what, name, "must be " + expected + ", found " + Json.typeName(found));
  }

  /**
   * Reads a member that must be a string when present.
   *
   * @param m the answer's members
   * @param name the member's name
   * @param what the answer, for the message ("token response")
   * @return the member if it is a string, null when absent
   * @throws IdentityServerException {@code MALFORMED_RESPONSE} if the member has another JSON type
   */
  static String string(Map<String, Object> m, String name, String what) {
    Object v = m.get(name);
    if (v == null || v instanceof String) return (String) v;
    throw wrongType(what, name, "a string", v);
  }

  /** As {@link #string} for several members. */
  static void strings(Map<String, Object> m, String what, List<String> names) {
    for (String n : names) string(m, n, what);
  }

  /**
   * Reads a member that must be a boolean when present.
   *
   * @param m the answer's members
   * @param name the member's name
   * @param what the answer, for the message ("token response")
   * @return the member if it is a boolean, null when absent
   * @throws IdentityServerException {@code MALFORMED_RESPONSE} if the member has another JSON type
   */
  static Boolean bool(Map<String, Object> m, String name, String what) {
    Object v = m.get(name);
    if (v == null || v instanceof Boolean) return (Boolean) v;
    throw wrongType(what, name, "a boolean", v);
  }

  /** Checks that a member, when present, is a JSON object. */
  static void object(Map<String, Object> m, String name, String what) {
    Object v = m.get(name);
    if (v != null && !(v instanceof Map)) throw wrongType(what, name, "an object", v);
  }

  /** Checks that {@code aud}-like member, when present, is a string or an array of strings. */
  static void stringOrStrings(Map<String, Object> m, String name, String what) {
    Object v = m.get(name);
    if (v == null || v instanceof String) return;
    if (v instanceof List) {
      for (Object o : (List<?>) v) {
        if (!(o instanceof String)) throw wrongType(what, name, "a string or an array of strings", o);
      }
      return;
    }
    throw wrongType(what, name, "a string or an array of strings", v);
  }

  /**
   * Reads a NumericDate (RFC 7519 §2): seconds since the epoch, possibly fractional, in the range
   * of {@link Instant}. Fractions below a nanosecond are dropped (rounded down); a number with more
   * than 1000 fraction digits ({@code 1e-99999999}) is refused.
   *
   * @return the instant, or null when the member is absent
   * @throws IdentityServerException {@code MALFORMED_RESPONSE} for another type or a number out of range
   */
  static Instant numericDate(Map<String, Object> m, String name, String what) {
    Object v = m.get(name);
    if (v == null) return null;
    if (v instanceof Long || v instanceof Integer) {
      long s = ((Number) v).longValue();
      if (s < Instant.MIN.getEpochSecond() || s > Instant.MAX.getEpochSecond()) throw outOfRange(what, name);
      return Instant.ofEpochSecond(s);
    }
    if (v instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) v;
      // compareTo decides by the exponents first, so these are cheap even for 1e99999999
      if (d.compareTo(MIN_SECONDS) < 0 || d.compareTo(MAX_SECONDS) > 0) throw outOfRange(what, name);
      // 1e-99999999 has scale 99999999, and setScale(0) on it would compute 10^99999999: refuse it.
      // A plain decimal of at most 1000 characters (the parser's bound) has a scale below 1000.
      if (d.scale() > MAX_SCALE) throw malformed(what, name, "has more fraction digits than a date can use");
      BigDecimal secs = d.setScale(0, RoundingMode.FLOOR);
      long nanos = d.subtract(secs).movePointRight(9).longValue();
      return Instant.ofEpochSecond(secs.longValue(), nanos);
    }
    if (v instanceof Number) throw outOfRange(what, name); // BigInteger: beyond any Instant
    throw wrongType(what, name, "a NumericDate (a number of seconds since the epoch)", v);
  }

  private static IdentityServerException outOfRange(String what, String name) {
    return malformed(what, name, "is a number out of the range of dates");
  }

  /**
   * Reads a positive lifetime in whole seconds, such as {@code expires_in} (RFC 6749 §5.1).
   *
   * @param max the largest accepted value
   * @return the seconds, or -1 when the member is absent
   * @throws IdentityServerException {@code MALFORMED_RESPONSE} for another type, a fraction, a
   *     negative number or one above {@code max}
   */
  static long seconds(Map<String, Object> m, String name, String what, long max) {
    Object v = m.get(name);
    if (v == null) return -1;
    if (!(v instanceof Number)) throw wrongType(what, name, "a whole number of seconds", v);
    if (!(v instanceof Long || v instanceof Integer)) {
      // BigInteger is above max; a BigDecimal (fraction or exponent) is not a whole JSON integer
      throw malformed(what, name, "must be a whole number of seconds from 0 to " + max + ", found "
          + (v instanceof BigDecimal ? "a fraction or exponent" : "a larger number"));
    }
    long s = ((Number) v).longValue();
    if (s < 0 || s > max) throw malformed(what, name, "must be from 0 to " + max + " seconds, found " + s);
    return s;
  }
}
