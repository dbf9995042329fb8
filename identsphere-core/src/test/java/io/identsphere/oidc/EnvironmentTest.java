package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two environment factories: the full client needs a client id, the validate-only client only
 * {@code IDENTSPHERE_URL}; plain HTTP to a sidecar needs {@code IDENTSPHERE_ALLOW_INSECURE_HTTP}.
 */
class EnvironmentTest {
  private static final String SIDECAR = "http://identsphere:4000";

  @Test
  void validateOnlyFromEnvironment_onlyTheUrl_buildsAClientWithoutClientId() {
    IdentSphereClient c = IdentSphereClient.validateOnlyFromEnvironment(Map.of("IDENTSPHERE_URL", "https://id.example.com")).build();
    assertThat(c.clientId()).isNull();
    assertThat(c.authority()).isEqualTo("https://id.example.com");
    assertThat(c.accessTokenValidator()).isNotNull(); // audience ignored: no IllegalStateException
  }

  @Test
  void validateOnlyFromEnvironment_ignoresClientCredentials() {
    IdentSphereClient c = IdentSphereClient.validateOnlyFromEnvironment(Map.of("IDENTSPHERE_URL", "https://id.example.com",
        "IDENTSPHERE_CLIENT_ID", "web", "IDENTSPHERE_CLIENT_SECRET", "s3cret")).build();
    assertThat(c.clientId()).isNull();
  }

  @Test
  void validateOnlyFromEnvironment_withoutUrl_saysWhichVariable() {
    assertThatThrownBy(() -> IdentSphereClient.validateOnlyFromEnvironment(Map.of()))
        .isInstanceOf(IllegalStateException.class).hasMessage("IDENTSPHERE_URL is not set");
    assertThatThrownBy(() -> IdentSphereClient.validateOnlyFromEnvironment(Map.of("IDENTSPHERE_URL", "  ")))
        .isInstanceOf(IllegalStateException.class).hasMessage("IDENTSPHERE_URL is not set");
  }

  @Test
  void fromEnvironment_theFullClient_stillNeedsTheClientId() {
    assertThatThrownBy(() -> IdentSphereClient.fromEnvironment(Map.of("IDENTSPHERE_URL", "https://id.example.com")))
        .isInstanceOf(IllegalStateException.class).hasMessage("IDENTSPHERE_CLIENT_ID is not set");
    IdentSphereClient c = IdentSphereClient.fromEnvironment(Map.of("IDENTSPHERE_URL", "https://id.example.com",
        "IDENTSPHERE_CLIENT_ID", "web")).build();
    assertThat(c.clientId()).isEqualTo("web");
    assertThatThrownBy(c::accessTokenValidator).isInstanceOf(IllegalStateException.class).hasMessageContaining("audience");
  }

  @Test
  void plainHttpToANonLoopbackHost_isRefusedWithAMessageNamingTheSwitch() {
    for (Map<String, String> env : new Map[] {Map.of("IDENTSPHERE_URL", SIDECAR),
        Map.of("IDENTSPHERE_URL", SIDECAR, "IDENTSPHERE_ALLOW_INSECURE_HTTP", "false")}) {
      assertThatThrownBy(() -> IdentSphereClient.validateOnlyFromEnvironment(env).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("authority http://identsphere:4000 must be HTTPS")
          .hasMessageContaining("allowInsecureHttp()").hasMessageContaining("IDENTSPHERE_ALLOW_INSECURE_HTTP=true");
    }
    assertThatThrownBy(() -> IdentSphereClient.newBuilder(SIDECAR).clientId("web").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IDENTSPHERE_ALLOW_INSECURE_HTTP=true");
  }

  @Test
  void plainHttpToANonLoopbackHost_isAcceptedWithTheSwitch_inEnvironmentOrBuilder() {
    assertThat(IdentSphereClient.validateOnlyFromEnvironment(Map.of("IDENTSPHERE_URL", SIDECAR,
        "IDENTSPHERE_ALLOW_INSECURE_HTTP", "TRUE")).build().authority()).isEqualTo(SIDECAR);
    assertThat(IdentSphereClient.fromEnvironment(Map.of("IDENTSPHERE_URL", SIDECAR, "IDENTSPHERE_CLIENT_ID", "web",
        "IDENTSPHERE_ALLOW_INSECURE_HTTP", "true")).build().clientId()).isEqualTo("web");
    assertThat(IdentSphereClient.newBuilder(SIDECAR).validateOnly().ignoreAudience().allowInsecureHttp().build().authority())
        .isEqualTo(SIDECAR);
    assertThat(IdentSphereClient.newBuilder("http://127.0.0.1:4000").validateOnly().build().authority())
        .isEqualTo("http://127.0.0.1:4000"); // loopback never needs it
  }

  @Test
  void allowInsecureHttpVariable_otherThanTrueOrFalse_isRefused() {
    assertThatThrownBy(() -> IdentSphereClient.validateOnlyFromEnvironment(Map.of("IDENTSPHERE_URL", SIDECAR,
        "IDENTSPHERE_ALLOW_INSECURE_HTTP", "yes\n")))
        .isInstanceOf(IllegalStateException.class).hasMessage("IDENTSPHERE_ALLOW_INSECURE_HTTP must be true or false, not \"yes\"");
  }

  @Test
  void discoveredEndpointOverPlainHttp_namesTheSwitchToo() {
    assertThatThrownBy(() -> EndpointUrls.check("jwks_uri", "http://identsphere:4000/jwks", false))
        .isInstanceOf(IdentityServerException.class).hasMessageContaining("allowInsecureHttp()")
        .hasMessageContaining("IDENTSPHERE_ALLOW_INSECURE_HTTP=true");
    assertThat(EndpointUrls.check("jwks_uri", "http://identsphere:4000/jwks", true).getHost()).isEqualTo("identsphere");
  }

  @Test
  void validateOnly_withClientCredentials_contradicts() {
    assertThatThrownBy(() -> IdentSphereClient.newBuilder("https://id.example.com").validateOnly().clientId("web").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("contradict");
    assertThatThrownBy(() -> IdentSphereClient.newBuilder("https://id.example.com").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("validateOnly()");
  }
}
