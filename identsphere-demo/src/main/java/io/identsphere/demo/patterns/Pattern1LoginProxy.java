package io.identsphere.demo.patterns;

import io.identsphere.IdentSphereUser;
import io.identsphere.jaxrs.ApiRelay;
import io.identsphere.jaxrs.Authenticated;
import io.identsphere.jaxrs.IdentSphereFeature;
import io.identsphere.jaxrs.IdentSphereSecurity;
import io.identsphere.jaxrs.TokenSource;
import io.identsphere.oidc.ApiRequest;
import io.identsphere.oidc.IdentSphereClient;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * IdentSphere's Pattern 1: the app proxies logins to IdentSphere, relays its cookies, and asks
 * IdentSphere's session table on every request ({@code /v1/users/me}), so a logout or an admin's
 * revocation takes effect at once. Only {@code IDENTSPHERE_URL} is needed.
 */
public final class Pattern1LoginProxy {
  private Pattern1LoginProxy() {}

  /**
   * The app.
   *
   * @param env {@code IDENTSPHERE_URL} (and optionally {@code IDENTSPHERE_ALLOW_INSECURE_HTTP=true} for a sidecar)
   * @param app the app's base URL as browsers reach it
   * @return the Jersey application
   */
  public static ResourceConfig app(Map<String, String> env, URI app) {
    IdentSphereClient idp = IdentSphereClient.validateOnlyFromEnvironment(env).build();
    ApiRelay relay = ApiRelay.newBuilder(idp, app).insecureCookiesOnLoopback().build();
    return new ResourceConfig().register(new Api(relay))
        .register(IdentSphereFeature.newBuilder(idp.sessionCheckingVerifier(Duration.ZERO)) // session table, every request
            .tokenSources(TokenSource.GUIDE_ORDER).build());
  }

  /**
   * Serves the app at {@code http://127.0.0.1:8080/} with the process environment
   * ({@code IDENTSPHERE_URL=http://identsphere:4000} and {@code IDENTSPHERE_ALLOW_INSECURE_HTTP=true} for a sidecar).
   *
   * @param args none
   */
  public static void main(String[] args) {
    URI app = URI.create("http://127.0.0.1:8080/");
    org.glassfish.jersey.jdkhttp.JdkHttpServerFactory.createHttpServer(app, app(System.getenv(), app));
  }

  /** The app's API: login and logout proxied, the profile and the session list for signed-in users. */
  @Path("api")
  public static final class Api {
    private final ApiRelay relay;

    Api(ApiRelay relay) {
      this.relay = relay;
    }

    @POST @Path("login") @Consumes("application/json")
    public Response login(@Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
      return relay.login(uri, headers, body);     // POST /v1/auth/login; identsphere_at / _rt relayed
    }

    @POST @Path("logout")
    public Response logout(@Context UriInfo uri, @Context HttpHeaders headers) {
      return relay.logout(uri, headers);          // POST /v1/auth/logout; the session ends everywhere
    }

    @GET @Path("me") @Authenticated
    public String me(@Context SecurityContext sc) {
      IdentSphereUser user = IdentSphereSecurity.requireUser(sc);
      return user.subject() + " of " + user.tenantId().orElse("no tenant");
    }

    @GET @Path("sessions") @Authenticated
    public Response sessions(@HeaderParam("Cookie") String cookies, @Context UriInfo uri) {
      return relay.call(ApiRequest.get("/v1/users/me/sessions").cookies(cookies), uri);   // any /v1 call
    }
  }
}
