package io.identsphere.jaxrs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.jaxrs.IdentSphereFeature;
import jakarta.ws.rs.core.Feature;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/** Guards the point of this module: the adapter's tests beside it really run on Jakarta REST 4.0. */
class JakartaRest4RuntimeTest {
  private static String jarOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation().getPath();
  }

  @Test
  void theRuntime_isJakartaRest40_andJersey4() {
    assertThat(jarOf(Feature.class)).endsWith("/jakarta.ws.rs-api-4.0.0.jar");
    assertThat(jarOf(ResourceConfig.class)).endsWith("/jersey-server-4.0.2.jar");
  }

  @Test
  void theAdapter_isTheJarCompiledAgainst31() {
    assertThat(jarOf(IdentSphereFeature.class)).contains("identsphere-jaxrs");
  }
}
