package io.identsphere.jaxrs;

import io.identsphere.IdentSphereUser;
import java.util.List;

/** The access rule of one resource method, resolved at deploy time. Immutable. */
final class Rule {
  enum Kind { PERMIT, DENY, CHECK }

  static final Rule PERMIT = new Rule(Kind.PERMIT, false, List.of(), List.of(), true, List.of(), false, true);
  static final Rule DENY = new Rule(Kind.DENY, false, List.of(), List.of(), true, List.of(), false, true);

  final Kind kind;
  final boolean authenticated;
  final List<String> anyRoles;
  final List<String> allRoles;
  final boolean allRolesIncludeCustom;
  final List<String> scopes;
  final boolean requireAnyRole;
  final boolean anyRoleIncludeCustom;
  /** The sign-in path an anonymous browser is redirected to ({@link LoginRequired}), or null for a 401. */
  final String loginPath;

  Rule(Kind kind, boolean authenticated, List<String> anyRoles, List<String> allRoles, boolean allRolesIncludeCustom,
      List<String> scopes, boolean requireAnyRole, boolean anyRoleIncludeCustom) {
    this(kind, authenticated, anyRoles, allRoles, allRolesIncludeCustom, scopes, requireAnyRole, anyRoleIncludeCustom, null);
  }

  Rule(Kind kind, boolean authenticated, List<String> anyRoles, List<String> allRoles, boolean allRolesIncludeCustom,
      List<String> scopes, boolean requireAnyRole, boolean anyRoleIncludeCustom, String loginPath) {
    this.kind = kind;
    this.authenticated = authenticated;
    this.anyRoles = List.copyOf(anyRoles);
    this.allRoles = List.copyOf(allRoles);
    this.allRolesIncludeCustom = allRolesIncludeCustom;
    this.scopes = List.copyOf(scopes);
    this.requireAnyRole = requireAnyRole;
    this.anyRoleIncludeCustom = anyRoleIncludeCustom;
    this.loginPath = loginPath;
  }

  /**
   * Checks a user against this rule's role requirements: any of the roles, all of the roles, and
   * at least one role at all, in that order.
   *
   * @param user the authenticated user
   * @param rolesAllowedIncludeCustom whether custom roles count for the any-of roles
   *     ({@code @RolesAllowed})
   * @return null when the user passes the role rules, else a reason (for a 403)
   */
  String roleFailure(IdentSphereUser user, boolean rolesAllowedIncludeCustom) {
    if (!anyRoles.isEmpty() && !user.hasAnyRole(rolesAllowedIncludeCustom, anyRoles.toArray(new String[0]))) {
      return "requires one of the roles " + anyRoles;
    }
    if (!allRoles.isEmpty() && !user.hasAllRoles(allRolesIncludeCustom, allRoles.toArray(new String[0]))) {
      return "requires all of the roles " + allRoles;
    }
    if (requireAnyRole && user.roles().isEmpty() && !(anyRoleIncludeCustom && !user.customRoles().isEmpty())) {
      return "requires a user with at least one role";
    }
    return null;
  }

  /**
   * Lists the scopes this rule requires that the user's token does not carry.
   *
   * @param user the authenticated user
   * @return the missing scopes, in the rule's order; empty when none is missing
   */
  List<String> missingScopes(IdentSphereUser user) {
    return scopes.stream().filter(s -> !user.hasScope(s)).collect(java.util.stream.Collectors.toList());
  }

  @Override
  public String toString() {
    return kind + (kind == Kind.CHECK ? " any=" + anyRoles + " all=" + allRoles + " scopes=" + scopes : "")
        + (loginPath != null ? " login=" + loginPath : "");
  }
}
