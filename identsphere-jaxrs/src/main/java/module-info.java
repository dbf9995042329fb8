/**
 * IdentSphere JAX-RS adapter: authenticates Bearer tokens and the {@code identsphere_at} cookie,
 * sets the {@code SecurityContext}, and enforces {@code @RolesAllowed}, {@code @PermitAll},
 * {@code @DenyAll} and IdentSphere's own rules on any Jakarta REST 3.1 runtime.
 */
module io.identsphere.jaxrs {
  requires transitive io.identsphere.core;
  requires static jakarta.ws.rs;
  requires static jakarta.annotation;

  exports io.identsphere.jaxrs;
  opens io.identsphere.jaxrs;
}
