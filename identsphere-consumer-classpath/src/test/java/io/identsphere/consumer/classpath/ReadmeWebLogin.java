package io.identsphere.consumer.classpath;

// README "Sign a user in with PKCE": the lines between the markers are quoted there, imports included.
// README-BEGIN web-login
import io.identsphere.jaxrs.Authenticated;
import io.identsphere.jaxrs.IdentSphereFeature;
import io.identsphere.jaxrs.IdentSphereSecurity;
import io.identsphere.jaxrs.WebLogin;
import io.identsphere.oidc.IdentSphereClient;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import org.glassfish.jersey.server.ResourceConfig;

class ReadmeWebLogin {
  // client: IdentSphereClient.newBuilder("https://id.example.com")
  //     .clientId("orders-web").clientSecret(secret).audience("https://api.example.com/orders").build();
  // callback: URI.create("https://app.example.com/auth/callback")
  static ResourceConfig app(IdentSphereClient client, URI callback) {
    return new ResourceConfig(ProfileResource.class)
        .register(IdentSphereFeature.of(client))     // reads the identsphere_at cookie too
        .register(WebLogin.newBuilder(client, callback).build());
    // GET /auth/login     -> 303 to IdentSphere: PKCE S256, state and nonce in a sealed cookie
    // GET /auth/callback  -> checks state, exchanges the code, validates the ID token, sets cookies
    // POST /auth/logout    -> same-origin only: clears the cookies, 303 to end-session
  }

  @Path("profile")
  public static class ProfileResource {
    @GET @Authenticated
    public String profile(@Context SecurityContext sc) {
      return "hello " + IdentSphereSecurity.requireUser(sc).subject();
    }
  }
}
// README-END web-login
