package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The builder refuses a response bound that would make every answer "too large". */
class ClientBuilderBoundsTest {
  @Test
  void maxResponseBytes_zeroOrNegative_isRefusedAtOnce() {
    IdentSphereClientBuilder b = IdentSphereClient.newBuilder("https://id.example.com").clientId("c");
    assertThatThrownBy(() -> b.maxResponseBytes(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> b.maxResponseBytes(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
