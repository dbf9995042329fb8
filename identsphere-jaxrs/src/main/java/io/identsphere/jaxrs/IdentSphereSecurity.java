package io.identsphere.jaxrs;

import io.identsphere.IdentSphereUser;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Optional;

/**
 * The portable way for a resource method to get the signed-in user: inject
 * {@code @Context SecurityContext} and ask here (no casts, no runtime-specific injection).
 *
 * <pre>{@code
 * @GET @Path("me")
 * public String me(@Context SecurityContext sc) {
 *   IdentSphereUser user = IdentSphereSecurity.requireUser(sc);
 *   return user.subject();
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class IdentSphereSecurity {
  private IdentSphereSecurity() {}

  /**
   * Returns the signed-in user of a request, if any.
   *
   * @param context the request's security context
   * @return the authenticated user, or empty for an anonymous request
   */
  public static Optional<IdentSphereUser> user(SecurityContext context) {
    // Runtimes inject a proxy for SecurityContext, so look at the principal, not the context's class.
    java.security.Principal p = context == null ? null : context.getUserPrincipal();
    return p instanceof IdentSphereUser ? Optional.of((IdentSphereUser) p) : Optional.empty();
  }

  /**
   * Returns the signed-in user of a request, or fails the request with 401.
   *
   * @param context the request's security context
   * @return the authenticated user
   * @throws NotAuthorizedException (401) for an anonymous request
   */
  public static IdentSphereUser requireUser(SecurityContext context) {
    return user(context).orElseThrow(() -> new NotAuthorizedException("Bearer realm=\"identsphere\""));
  }
}
