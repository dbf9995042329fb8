package io.identsphere.consumer.classpath;

// README "Protect a JAX-RS API": the lines between the markers are quoted there, imports included.
// README-BEGIN protect-api
import io.identsphere.jaxrs.IdentSphereFeature;
import io.identsphere.jaxrs.IdentSphereSecurity;
import io.identsphere.oidc.IdentSphereClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import org.glassfish.jersey.server.ResourceConfig;

class ReadmeProtectApi {
  static ResourceConfig app(IdentSphereClient client) {
    return new ResourceConfig(OrdersResource.class)
        .register(IdentSphereFeature.of(client));          // the one line
  }

  @Path("orders") @RolesAllowed("admin")
  public static class OrdersResource {
    @GET public String list(@Context SecurityContext sc) {
      return "hello " + IdentSphereSecurity.requireUser(sc).subject();
    }
  }
}
// README-END protect-api
