package io.identsphere.consumer.modular;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.jaxrs.IdentSphereFeature;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import io.identsphere.testkit.IdentSphereExtension;
import io.identsphere.testkit.TokenMinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(IdentSphereExtension.class)
class ModulePathTest {
  @Test
  void theShippedModules_andThisOne_areNamedModules_notTheClassPath() {
    assertThat(ModulePathTest.class.getModule().getName()).isEqualTo("io.identsphere.consumer.modular");
    assertThat(IdentSphereClient.class.getModule().getName()).isEqualTo("io.identsphere.core");
    assertThat(IdentSphereFeature.class.getModule().getName()).isEqualTo("io.identsphere.jaxrs");
    assertThat(FakeIdentSphere.class.getModule().getName()).isEqualTo("io.identsphere.testkit");
    // The testkit's JUnit requirement is transitive: this module reads JUnit through it.
    assertThat(ModulePathTest.class.getModule().canRead(ExtendWith.class.getModule())).isTrue();
    assertThat(ExtendWith.class.getModule().isNamed()).isTrue();
  }

  @Test
  void readmeQuickStart_validatesAFakeServersToken_onTheModulePath(FakeIdentSphere idp, TokenMinter minter) {
    String admin = minter.accessToken("alice").audience("https://api.example.com/orders").sign();
    String member = minter.accessToken("bob").audience("https://api.example.com/orders").sign();
    String expired = minter.accessToken("alice").audience("https://api.example.com/orders").expired().sign();

    assertThat(ReadmeQuickStart.greet(idp.issuer(), admin)).isEqualTo("admin alice");
    assertThat(ReadmeQuickStart.greet(idp.issuer(), member)).isEqualTo("member bob");
    assertThat(ReadmeQuickStart.greet(idp.issuer(), expired)).isEqualTo("rejected: EXPIRED (invalid_token)");
  }

  @Test
  void theFeature_isBuiltFromTheModulePath(FakeIdentSphere idp) {
    assertThat(ModularApp.feature(idp)).isInstanceOf(IdentSphereFeature.class);
  }
}
