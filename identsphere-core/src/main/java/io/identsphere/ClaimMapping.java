package io.identsphere;

import java.util.List;
import java.util.Objects;

/**
 * Which claims carry roles, custom roles and the tenant. A claim path is a member name, or names
 * joined by dots for nested objects ({@code realm_access.roles}). A claim's value may be an array of
 * strings or one space-separated string (as {@code scope} is); a tenant claim's value is a string.
 * A missing claim means "none". A claim that is present with another JSON type, {@code null}
 * included (or a path through a member that is not an object), is not "none": the
 * {@link io.identsphere.token.TokenValidator} refuses such a token as
 * {@link io.identsphere.token.TokenRejectedException.Reason#INVALID_CLAIM}, and a user built from
 * another source ignores the value and, for the tenant, stops there instead of trying the next path.
 *
 * <p>Defaults: roles from {@code roles} and {@code realm_access.roles}; custom roles from
 * {@code custom_roles}; tenant from {@code tenant_id}, then IdentSphere's {@code org}.
 *
 * @param roleClaims paths whose values are the user's built-in roles
 * @param customRoleClaims paths whose values are the user's per-tenant custom roles
 * @param tenantClaims paths tried in order for the tenant id
 */
public record ClaimMapping(List<String> roleClaims, List<String> customRoleClaims, List<String> tenantClaims) {
  /** The default mapping. */
  public static final ClaimMapping DEFAULT = new ClaimMapping(
      List.of("roles", "realm_access.roles"), List.of("custom_roles"), List.of("tenant_id", "org"));

  /**
   * Makes a mapping from the three lists of claim paths, copied so that later changes to the
   * caller's lists do not reach it.
   *
   * @param roleClaims paths whose values are the user's built-in roles
   * @param customRoleClaims paths whose values are the user's per-tenant custom roles
   * @param tenantClaims paths tried in order for the tenant id
   * @throws NullPointerException if a list, or an element of one, is null
   */
  public ClaimMapping {
    roleClaims = List.copyOf(Objects.requireNonNull(roleClaims, "roleClaims == null"));
    customRoleClaims = List.copyOf(Objects.requireNonNull(customRoleClaims, "customRoleClaims == null"));
    tenantClaims = List.copyOf(Objects.requireNonNull(tenantClaims, "tenantClaims == null"));
  }

  /**
   * Returns a copy of this mapping that reads the built-in roles from other claims.
   *
   * @param paths the role claim paths, for example {@code "roles", "groups", "scope"}
   * @return this mapping with other role claims
   */
  public ClaimMapping withRoleClaims(String... paths) {
    return new ClaimMapping(List.of(paths), customRoleClaims, tenantClaims);
  }

  /**
   * Returns a copy of this mapping that reads the custom roles from other claims.
   *
   * @param paths the custom role claim paths
   * @return this mapping with other custom role claims
   */
  public ClaimMapping withCustomRoleClaims(String... paths) {
    return new ClaimMapping(roleClaims, List.of(paths), tenantClaims);
  }

  /**
   * Returns a copy of this mapping that reads the tenant id from other claims.
   *
   * @param paths the tenant claim paths, tried in order
   * @return this mapping with other tenant claims
   */
  public ClaimMapping withTenantClaims(String... paths) {
    return new ClaimMapping(roleClaims, customRoleClaims, List.of(paths));
  }
}
