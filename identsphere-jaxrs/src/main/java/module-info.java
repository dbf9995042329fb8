/**
 * IdentSphere JAX-RS adapter: authenticates Bearer tokens and the {@code identsphere_at} cookie,
 * sets the {@code SecurityContext}, and enforces {@code @RolesAllowed}, {@code @PermitAll},
 * {@code @DenyAll} and IdentSphere's own rules on any Jakarta REST 3.1 runtime.
 */
module io.identsphere.jaxrs {
  requires transitive io.identsphere.core;
  requires transitive jakarta.ws.rs; // its API (Feature, SecurityContext) exposes JAX-RS types
  requires static jakarta.annotation;

  exports io.identsphere.jaxrs;
  opens io.identsphere.jaxrs;
}
