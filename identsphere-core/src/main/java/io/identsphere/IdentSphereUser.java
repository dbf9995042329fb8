package io.identsphere;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A signed-in IdentSphere user as the identity server describes it: subject, profile, tenant,
 * built-in roles, per-tenant custom roles and scopes. The validator builds it from a verified
 * token's claims; the OIDC client from userinfo and introspection responses. The same user has the
 * same view in all three, since the identity server puts the same claims in each.
 *
 * <p>Role checks are case-insensitive ({@link Locale#ROOT}). Custom roles count only where a
 * method says so.
 *
 * <p>Immutable and thread-safe. Implements {@link Principal} with {@link #getName()} returning the
 * subject, so it can be a JAX-RS or servlet principal.
 */
public final class IdentSphereUser implements Principal {
  /**
   * The first NumericDate {@link #numericDate} refuses as too large: 253402300800, that is
   * 10000-01-01T00:00:00Z, in seconds since the epoch.
   */
  public static final long NUMERIC_DATE_LIMIT = 253_402_300_800L;
  private static final List<String> SCOPE_CLAIMS = List.of("scope", "scp");
  private final Map<String, Object> claims;
  private final ClaimMapping mapping;
  private final String subject;
  private final String tenantId;
  /**
   * Roles, custom roles and scopes, each computed on first use: a request that only needs the
   * subject, or only the roles, never pays for the others. A benign race (like
   * {@link String#hashCode()}): two threads may both compute one, and a {@code Grant} is safely
   * published by its final field, so every thread sees a complete value.
   */
  private Grant roles;
  private Grant customRoles;
  private Grant scopes;

  private IdentSphereUser(Map<String, Object> claims, ClaimMapping mapping) {
    this.claims = claims;
    this.mapping = mapping;
    this.subject = string("sub").orElse("");
    String tenant = null;
    for (String path : mapping.tenantClaims()) {
      Object v = path(path);
      if (v instanceof String && !((String) v).isEmpty()) {
        tenant = (String) v;
        break;
      }
      if (v != null && !(v instanceof String)) break; // a value of the wrong type never falls through to the next claim
    }
    this.tenantId = tenant;
  }

  /**
   * Builds a user from claims that were already verified or came from a trusted endpoint.
   *
   * @param claims the claims as plain JDK values; not copied, so pass an unmodifiable map
   * @param mapping where roles, custom roles and the tenant are found
   * @return the user
   */
  public static IdentSphereUser fromClaims(Map<String, Object> claims, ClaimMapping mapping) {
    return new IdentSphereUser(Objects.requireNonNull(claims, "claims == null"),
        Objects.requireNonNull(mapping, "mapping == null"));
  }

  private Grant roleGrant() {
    Grant g = roles;
    if (g == null) roles = g = Grant.collect(claims, mapping.roleClaims());
    return g;
  }

  private Grant customRoleGrant() {
    Grant g = customRoles;
    if (g == null) customRoles = g = Grant.collect(claims, mapping.customRoleClaims());
    return g;
  }

  private Grant scopeGrant() {
    Grant g = scopes;
    if (g == null) scopes = g = Grant.collect(claims, SCOPE_CLAIMS);
    return g;
  }

  private Object path(String path) {
    return Grant.path(claims, path);
  }

  private Optional<String> string(String name) {
    Object v = claims.get(name);
    return v instanceof String ? Optional.of((String) v) : Optional.empty();
  }

  /**
   * Returns the {@code sub} claim; empty string if absent.
   *
   * @return the {@code sub} claim; empty string if absent
   */
  public String subject() {
    return subject;
  }

  /**
   * Returns the subject, as {@link Principal} requires.
   *
   * @return the subject, as {@link Principal} requires
   */
  @Override
  public String getName() {
    return subject;
  }

  /**
   * Returns the {@code email} claim.
   *
   * @return the {@code email} claim
   */
  public Optional<String> email() {
    return string("email");
  }

  /**
   * Whether the identity server says the email address was verified.
   *
   * @return true only when {@code email_verified} is {@code true}
   */
  public boolean emailVerified() {
    Object v = claims.get("email_verified");
    return Boolean.TRUE.equals(v) || "true".equals(v);
  }

  /**
   * Returns the {@code email_verified} claim as it was sent, telling "absent" from "false" (the
   * Python SDK's {@code email_verified: Optional[bool]}).
   *
   * @return true or false when the claim is a boolean (or the string {@code "true"}/{@code "false"}),
   *     empty when it is absent or anything else
   */
  public Optional<Boolean> emailVerifiedClaim() {
    Object v = claims.get("email_verified");
    if (v instanceof Boolean) return Optional.of((Boolean) v);
    if ("true".equals(v)) return Optional.of(Boolean.TRUE);
    if ("false".equals(v)) return Optional.of(Boolean.FALSE);
    return Optional.empty();
  }

  /**
   * Returns the subject as a UUID when it is one (IdentSphere's user ids are; the Python SDK's
   * {@code user_id}).
   *
   * @return the {@code sub} as a UUID, or empty when it is not written as one
   */
  public Optional<java.util.UUID> userUuid() {
    return uuid(subject());
  }

  /**
   * Returns the tenant as a UUID when it is one (the Python SDK's {@code tenant_id}).
   *
   * @return the {@link #tenantId()} as a UUID, or empty when there is none or it is not written as one
   */
  public Optional<java.util.UUID> tenantUuid() {
    return tenantId().flatMap(IdentSphereUser::uuid);
  }

  /** A UUID in its canonical 8-4-4-4-12 hex form (any case), else empty; never a lenient parse. */
  private static Optional<java.util.UUID> uuid(String s) {
    if (s == null || s.length() != 36) return Optional.empty();
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (dash ? c != '-' : !hex) return Optional.empty();
    }
    return Optional.of(java.util.UUID.fromString(s));
  }

  /**
   * Returns the {@code name} claim, or given and family name joined by a space.
   *
   * @return the {@code name} claim, or given and family name joined by a space
   */
  public Optional<String> name() {
    Optional<String> n = string("name");
    if (n.isPresent()) return n;
    String joined = (givenName().orElse("") + " " + familyName().orElse("")).trim();
    return joined.isEmpty() ? Optional.empty() : Optional.of(joined);
  }

  /**
   * Returns the {@code given_name} claim.
   *
   * @return the {@code given_name} claim
   */
  public Optional<String> givenName() {
    return string("given_name");
  }

  /**
   * Returns the {@code family_name} claim.
   *
   * @return the {@code family_name} claim
   */
  public Optional<String> familyName() {
    return string("family_name");
  }

  /**
   * Returns the tenant id from the mapping's tenant claims ({@code tenant_id}, then {@code org}).
   *
   * @return the tenant id from the mapping's tenant claims ({@code tenant_id}, then {@code org})
   */
  public Optional<String> tenantId() {
    return Optional.ofNullable(tenantId);
  }

  /**
   * Returns the built-in roles, in claim order; empty when no role claim is present.
   *
   * @return the built-in roles, in claim order; empty when no role claim is present
   */
  public Set<String> roles() {
    return roleGrant().values;
  }

  /**
   * Returns the tenant's custom roles; empty when absent.
   *
   * @return the tenant's custom roles; empty when absent
   */
  public Set<String> customRoles() {
    return customRoleGrant().values;
  }

  /**
   * Returns the scopes from {@code scope} (space-separated) or {@code scp}.
   *
   * @return the scopes from {@code scope} (space-separated) or {@code scp}
   */
  public Set<String> scopes() {
    return scopeGrant().values;
  }

  /**
   * Returns the {@code exp} claim as an instant.
   *
   * @return the {@code exp} claim as an instant
   */
  public Optional<Instant> expiresAt() {
    return numericDate(claims.get("exp"));
  }

  /**
   * Returns the {@code iat} claim as an instant.
   *
   * @return the {@code iat} claim as an instant
   */
  public Optional<Instant> issuedAt() {
    return numericDate(claims.get("iat"));
  }

  /**
   * Returns every claim as plain JDK values (unmodifiable).
   *
   * @return every claim as plain JDK values (unmodifiable)
   */
  public Map<String, Object> claims() {
    return claims;
  }

  /**
   * Tells whether the user has a built-in role, ignoring case; custom roles do not count.
   *
   * @param role a built-in role name
   * @return true when the user has it (case-insensitive); custom roles do not count
   */
  public boolean hasRole(String role) {
    return roleGrant().hasKey(role.toLowerCase(Locale.ROOT));
  }

  /**
   * Tells whether the user has a role, ignoring case, among the built-in roles and, if asked, the
   * custom roles too.
   *
   * @param role a role name
   * @param includeCustom whether custom roles count too
   * @return true when the user has it (case-insensitive)
   */
  public boolean hasRole(String role, boolean includeCustom) {
    String key = role.toLowerCase(Locale.ROOT);
    return roleGrant().hasKey(key) || (includeCustom && customRoleGrant().hasKey(key));
  }

  /**
   * Tells whether the user has a per-tenant custom role, ignoring case.
   *
   * @param role a custom role name
   * @return true when the user has that custom role (case-insensitive)
   */
  public boolean hasCustomRole(String role) {
    return customRoleGrant().hasKey(role.toLowerCase(Locale.ROOT));
  }

  /**
   * Tells whether the user has at least one of the roles, ignoring case (false for none).
   *
   * @param includeCustom whether custom roles count too
   * @param roles role names
   * @return true when the user has at least one of them
   */
  public boolean hasAnyRole(boolean includeCustom, String... roles) {
    for (String r : roles) {
      if (hasRole(r, includeCustom)) return true;
    }
    return false;
  }

  /**
   * Tells whether the user has at least one of the roles, ignoring case, custom roles included
   * (the Python SDK's {@code has_any_role(*roles)}, whose {@code include_custom} defaults to true;
   * false for none). Note that {@link #hasRole(String)} counts built-in roles only.
   *
   * @param roles role names
   * @return true when the user has at least one of them, built-in or custom
   */
  public boolean hasAnyRole(String... roles) {
    return hasAnyRole(true, roles);
  }

  /**
   * Tells whether the user has every one of the roles, ignoring case (true for none).
   *
   * @param includeCustom whether custom roles count too
   * @param roles role names
   * @return true when the user has all of them (true for none)
   */
  public boolean hasAllRoles(boolean includeCustom, String... roles) {
    for (String r : roles) {
      if (!hasRole(r, includeCustom)) return false;
    }
    return true;
  }

  /**
   * Tells whether the user's token grants a scope; the comparison is case-sensitive, as OAuth
   * scopes are.
   *
   * @param scope a scope
   * @return true when the user's token carries it (case-sensitive, as OAuth scopes are)
   */
  public boolean hasScope(String scope) {
    return scopeGrant().values.contains(scope);
  }

  /**
   * Converts a NumericDate claim value (RFC 7519 §2: seconds since the epoch, possibly fractional).
   * Accepted are values from 0 (1970-01-01T00:00:00Z) up to, not including, {@value #NUMERIC_DATE_LIMIT}
   * (10000-01-01T00:00:00Z); fractions are kept to the nanosecond, rounded down. Everything else (a
   * negative or larger number, a string, {@code null}) gives an empty result, in time independent of
   * the value's magnitude: {@code 1e-99999999} or {@code 1e99999999} are answered without
   * materialising 10^99999999.
   *
   * @param v the claim value: a {@code Long}, {@code Integer}, {@code BigInteger} or {@code BigDecimal}
   *     as the JSON parser makes them (a finite {@code Double} is accepted too)
   * @return the instant, or empty when {@code v} is not a number in that range
   */
  public static Optional<Instant> numericDate(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return seconds(((Number) v).longValue(), 0);
    }
    if (v instanceof BigInteger) {
      BigInteger b = (BigInteger) v;
      return b.bitLength() < 64 ? seconds(b.longValue(), 0) : Optional.empty();
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) ? numericDate(BigDecimal.valueOf(d)) : Optional.empty();
    }
    if (!(v instanceof BigDecimal)) return Optional.empty();
    BigDecimal d = (BigDecimal) v;
    if (d.signum() <= 0) return d.signum() == 0 ? Optional.of(Instant.EPOCH) : Optional.empty();
    // Digits before the decimal point: the value lies in [10^(k-1), 10^k). Both are O(1) or linear
    // in the unscaled value's size, never in the exponent's.
    long k = (long) d.precision() - d.scale();
    if (k > 12) return Optional.empty(); // at least 10^12 s, beyond the year 10000
    if (k <= -9) return Optional.of(Instant.EPOCH); // below 1 ns
    // Now scale < precision + 9, so both roundings below cost at most the unscaled value's size.
    BigDecimal whole = d.setScale(0, RoundingMode.FLOOR);
    long nanos = d.subtract(whole).movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact();
    return seconds(whole.longValueExact(), nanos);
  }

  private static Optional<Instant> seconds(long s, long nanos) {
    return s >= 0 && s < NUMERIC_DATE_LIMIT ? Optional.of(Instant.ofEpochSecond(s, nanos)) : Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentSphereUser && ((IdentSphereUser) o).claims.equals(claims);
  }

  @Override
  public int hashCode() {
    return claims.hashCode();
  }

  @Override
  public String toString() {
    return "IdentSphereUser{sub=" + subject + (tenantId == null ? "" : ", tenant=" + tenantId) + ", roles=" + roles()
        + (customRoles().isEmpty() ? "" : ", customRoles=" + customRoles()) + "}";
  }
}
