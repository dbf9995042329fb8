package io.identsphere.jaxrs;

import io.identsphere.IdentSphereUser;
import io.identsphere.token.VerifiedToken;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The security context of an authenticated request. Immutable. */
final class AuthSecurityContext implements SecurityContext {
  final VerifiedToken token;
  private final boolean secure;
  private final boolean includeCustomRoles;
  private final String scheme;

  AuthSecurityContext(VerifiedToken token, boolean secure, boolean includeCustomRoles) {
    this(token, secure, includeCustomRoles, "Bearer");
  }

  AuthSecurityContext(VerifiedToken token, boolean secure, boolean includeCustomRoles, String scheme) {
    this.token = token;
    this.secure = secure;
    this.includeCustomRoles = includeCustomRoles;
    this.scheme = scheme;
  }

  IdentSphereUser user() {
    return token.user();
  }

  @Override
  public Principal getUserPrincipal() {
    return token.user();
  }

  @Override
  public boolean isUserInRole(String role) {
    return role != null && token.user().hasRole(role, includeCustomRoles);
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public String getAuthenticationScheme() {
    return scheme;
  }
}
