package io.identsphere;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Core's compiled module-info requires nothing beyond the JDK and exports only the API. */
class ModuleDescriptorTest {
  private static ModuleDescriptor core() {
    return ModuleFinder.of(Path.of("target", "classes")).find("io.identsphere.core").orElseThrow().descriptor();
  }

  @Test
  void core_requiresOnlyJdkModules() {
    assertThat(core().requires()).allSatisfy(r -> assertThat(r.name()).matches("java\\..*|jdk\\..*"));
  }

  @Test
  void core_exportsOnlyApiPackagesUnqualified() {
    assertThat(core().exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("io.identsphere", "io.identsphere.jose", "io.identsphere.token", "io.identsphere.oidc",
            "io.identsphere.dpop");
  }
}
