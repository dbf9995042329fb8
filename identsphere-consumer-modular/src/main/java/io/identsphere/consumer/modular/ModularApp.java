package io.identsphere.consumer.modular;

import io.identsphere.jaxrs.IdentSphereFeature;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import jakarta.ws.rs.core.Feature;

/** Not shipped: uses one type of each shipped module, so that the module graph must resolve. */
public final class ModularApp {
  private ModularApp() {}

  /**
   * A client and the Jakarta REST feature for a running fake identity server.
   *
   * @param idp a started fake server
   * @return the feature an application would register
   */
  public static Feature feature(FakeIdentSphere idp) {
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer())
        .clientId("orders-web").audience("https://api.example.com/orders").build();
    return IdentSphereFeature.of(client);
  }
}
