package io.identsphere.demo.patterns;

import io.identsphere.oidc.ApiResponse;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;

/** Signs alice in at the fake's {@code /v1/auth/login} and returns her {@code identsphere_at} cookie's value. */
final class PatternAppsLogin {
  private PatternAppsLogin() {}

  static String accessCookie(FakeIdentSphere idp) {
    ApiResponse r = IdentSphereClient.newBuilder(idp.issuer()).validateOnly().build().api()
        .login("{\"email\":\"alice@example.test\",\"password\":\"password\"}");
    String c = r.setCookies().stream().filter(s -> s.startsWith("identsphere_at=")).findFirst().orElseThrow();
    return c.substring("identsphere_at=".length(), c.indexOf(';'));
  }
}
