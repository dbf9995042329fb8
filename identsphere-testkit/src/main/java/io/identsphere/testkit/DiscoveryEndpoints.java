package io.identsphere.testkit;

import static io.identsphere.testkit.Exchanges.json;
import static io.identsphere.testkit.Exchanges.send;

import io.identsphere.testkit.Exchanges.Call;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fake server's discovery document and JWK Set. */
final class DiscoveryEndpoints {
  private final FakeIdentSphere s;

  DiscoveryEndpoints(FakeIdentSphere s) {
    this.s = s;
  }

  void discovery(Call c) throws IOException {
    if (!s.discovery) {
      json(c.ex, 404, Map.of("error", "not_found"), Map.of());
      return;
    }
    String b = c.base();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("issuer", c.issuer);
    d.put("authorization_endpoint", b + "/authorize");
    d.put("token_endpoint", b + "/token");
    d.put("userinfo_endpoint", b + "/userinfo");
    d.put("jwks_uri", b + "/jwks");
    d.put("end_session_endpoint", b + "/logout");
    d.put("revocation_endpoint", b + "/revoke");
    d.put("introspection_endpoint", b + "/introspect");
    d.put("response_types_supported", List.of("code"));
    d.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
    d.put("subject_types_supported", List.of("public"));
    d.put("id_token_signing_alg_values_supported", List.of("RS256"));
    d.put("code_challenge_methods_supported", List.of("S256"));
    d.put("pushed_authorization_request_endpoint", b + "/par");
    if (s.requirePushedAuthorizationRequests) d.put("require_pushed_authorization_requests", true);
    d.put("token_endpoint_auth_methods_supported", s.authMethods);
    d.put("token_endpoint_auth_signing_alg_values_supported", List.of("HS256", "RS256", "PS256", "ES256"));
    d.put("authorization_response_iss_parameter_supported", true);
    d.put("dpop_signing_alg_values_supported", List.of("ES256", "PS256", "RS256"));
    d.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
    json(c.ex, 200, d, Map.of());
  }

  void jwks(Call c) throws IOException {
    send(c.ex, 200, "application/json", s.keys.jwkSet().toPublicJson(), Map.of("Cache-Control", s.keys.cacheControl()));
  }
}
