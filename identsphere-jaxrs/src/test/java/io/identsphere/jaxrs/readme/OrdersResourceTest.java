package io.identsphere.jaxrs.readme;

import static java.net.http.HttpResponse.BodyHandlers.ofString;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.identsphere.jaxrs.IdentSphereFeature;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.Endpoint;
import io.identsphere.testkit.FakeIdentSphere;
import io.identsphere.testkit.IdentSphereExtension;
import io.identsphere.testkit.TokenMinter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's "Testing with the testkit" example, kept here word for word (the class body) so the
 * documented example compiles and passes on every build.
 */
@ExtendWith(IdentSphereExtension.class)        // one fake server per class, reset before each test
class OrdersResourceTest {
  /** The resource the README example protects. */
  @Path("orders")
  public static class OrdersResource {
    @GET
    @RolesAllowed("admin")
    @Produces(MediaType.APPLICATION_JSON)
    public String orders() {
      return "[]";
    }
  }

  @Test
  void adminsSeeOrders_membersDoNot(FakeIdentSphere idp, TokenMinter minter) throws Exception {
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer())
        .clientId("demo-web").audience("api").clock(idp.clock()).build();
    HttpServer app = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
        new ResourceConfig(OrdersResource.class).register(IdentSphereFeature.of(client)));
    try {
      URI orders = URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/orders");
      HttpClient http = HttpClient.newHttpClient();
      String alice = minter.accessToken("alice").sign();        // roles admin, member
      String bob = minter.accessToken("bob").sign();            // role member
      String expired = minter.accessToken("alice").expired().sign();
      assertThat(http.send(get(orders, alice), ofString()).statusCode()).isEqualTo(200);
      assertThat(http.send(get(orders, bob), ofString()).statusCode()).isEqualTo(403);
      assertThat(http.send(get(orders, expired), ofString()).statusCode()).isEqualTo(401);
      assertThat(idp.count(Endpoint.JWKS)).isEqualTo(1);       // keys fetched once, then cached
    } finally {
      app.stop(0);
    }
  }

  static HttpRequest get(URI uri, String token) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build();
  }
}
