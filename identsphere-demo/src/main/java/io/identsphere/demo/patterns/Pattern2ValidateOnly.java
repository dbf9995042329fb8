package io.identsphere.demo.patterns;

import io.identsphere.IdentSphereUser;
import io.identsphere.jaxrs.Authenticated;
import io.identsphere.jaxrs.IdentSphereFeature;
import io.identsphere.jaxrs.IdentSphereSecurity;
import io.identsphere.jaxrs.TokenSource;
import io.identsphere.oidc.IdentSphereClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.Map;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * IdentSphere's Pattern 2: the app validates IdentSphere's tokens locally (RS256, keys from
 * discovery or {@code /.well-known/jwks.json}), the {@code identsphere_at} cookie first, then the
 * {@code Authorization} header. No client id, no audience unless {@code IDENTSPHERE_AUDIENCE} is
 * set. A revoked session keeps working until its token expires ({@code IDENTSPHERE_ACCESS_EXPIRY_SECS}).
 */
public final class Pattern2ValidateOnly {
  private Pattern2ValidateOnly() {}

  /**
   * The app.
   *
   * @param env {@code IDENTSPHERE_URL}; optionally {@code IDENTSPHERE_AUDIENCE}, {@code IDENTSPHERE_ALLOW_INSECURE_HTTP}
   * @return the Jersey application
   */
  public static ResourceConfig app(Map<String, String> env) {
    IdentSphereClient idp = IdentSphereClient.validateOnlyFromEnvironment(env).build();
    return new ResourceConfig(Orders.class)
        .register(IdentSphereFeature.newBuilder(idp).tokenSources(TokenSource.GUIDE_ORDER).build());
  }

  /** Orders: any signed-in user reads, admins delete. */
  @Path("orders") @Authenticated
  public static final class Orders {
    @GET
    public String list(@Context SecurityContext sc) {
      IdentSphereUser user = IdentSphereSecurity.requireUser(sc);
      return "orders of " + user.subject() + " in " + user.tenantId().orElse("no tenant");
    }

    @DELETE @Path("{id}") @RolesAllowed("admin")
    public String delete(@PathParam("id") String id) {
      return "deleted " + id;
    }
  }

  /**
   * Serves the app on port 8080 with the process environment ({@code IDENTSPHERE_URL=http://identsphere:4000}
   * and {@code IDENTSPHERE_ALLOW_INSECURE_HTTP=true} for a sidecar).
   *
   * @param args none
   */
  public static void main(String[] args) {
    JdkHttpServerFactory.createHttpServer(URI.create("http://0.0.0.0:8080/"), app(System.getenv()));
  }
}
