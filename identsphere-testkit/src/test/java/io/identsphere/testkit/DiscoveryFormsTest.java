package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.oidc.ProviderMetadata;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Discovery of issuers with a path, in the OIDC Discovery §4 and RFC 8414 §3 forms, over real HTTP. */
class DiscoveryFormsTest {

  private static FakeIdentSphere fake(DiscoveryForm form, String... paths) {
    return FakeIdentSphere.newBuilder().discoveryForm(form).issuerPaths(paths).build().start();
  }

  private static IdentSphereClient client(FakeIdentSphere idp, String authority) {
    return IdentSphereClient.newBuilder(authority).clientId("demo-web").clientSecret(FakeIdentSphere.DEMO_SECRET)
        .audience("api").clock(idp.clock()).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)).build();
  }

  private static List<String> discoveryPaths(FakeIdentSphere idp) {
    return idp.requests(Endpoint.DISCOVERY).stream().map(RecordedRequest::path).collect(Collectors.toList());
  }

  @Test
  void issuerWithAPath_oidcForm_isFoundAtTheAppendedUrl() {
    try (FakeIdentSphere idp = fake(DiscoveryForm.OIDC, "/realms/x")) {
      IdentSphereClient c = client(idp, idp.issuer("/realms/x"));
      assertThat(c.metadata().issuer()).isEqualTo(idp.issuer("/realms/x"));
      assertThat(discoveryPaths(idp)).containsExactly("/realms/x/.well-known/openid-configuration");
      assertThat(c.accessTokenValidator().validate(idp.minter(idp.issuer("/realms/x")).accessToken("alice").sign())
          .subject()).isEqualTo("alice");
    }
  }

  @Test
  void issuerWithAPath_rfc8414Only_isFoundAfterA404_andTokensValidate() {
    try (FakeIdentSphere idp = fake(DiscoveryForm.RFC8414, "/realms/x")) {
      IdentSphereClient c = client(idp, idp.issuer("/realms/x"));
      assertThat(c.metadata().tokenEndpoint().toString()).isEqualTo(idp.issuer("/realms/x") + "/token");
      assertThat(idp.count(Endpoint.DISCOVERY)).isEqualTo(1); // the 404 is not a recorded endpoint call
      assertThat(discoveryPaths(idp)).containsExactly("/.well-known/oauth-authorization-server/realms/x");
      assertThat(c.clientCredentials().accessToken()).isNotEmpty();
    }
  }

  @Test
  void issuerWithAPath_insertedOidcForm_isTheLastTried() {
    try (FakeIdentSphere idp = fake(DiscoveryForm.OIDC_INSERTED, "/tenants/a")) {
      IdentSphereClient c = client(idp, idp.issuer("/tenants/a"));
      assertThat(c.metadata().issuer()).isEqualTo(idp.issuer("/tenants/a"));
      assertThat(discoveryPaths(idp)).containsExactly("/.well-known/openid-configuration/tenants/a");
    }
  }

  @Test
  void issuerWithoutAPath_rfc8414Only_isFound() {
    try (FakeIdentSphere idp = fake(DiscoveryForm.RFC8414, "")) {
      assertThat(client(idp, idp.issuer()).metadata().issuer()).isEqualTo(idp.issuer());
      assertThat(discoveryPaths(idp)).containsExactly("/.well-known/oauth-authorization-server");
    }
  }

  @Test
  void outageAtTheOidcForm_isReported_notHiddenByAFallback() {
    try (FakeIdentSphere idp = fake(DiscoveryForm.OIDC, "/realms/x")) {
      idp.faultOnce(Endpoint.DISCOVERY, Fault.status(503));
      assertThatThrownBy(() -> client(idp, idp.issuer("/realms/x")).metadata())
          .isInstanceOfSatisfying(IdentityServerException.class, e -> assertThat(e.status()).hasValue(503));
      assertThat(idp.count(Endpoint.DISCOVERY)).isEqualTo(1);
    }
  }

  @Test
  void noFormFound_isThe404_ofTheLastForm() {
    try (FakeIdentSphere idp = fake(DiscoveryForm.OIDC, "/realms/x")) {
      assertThatThrownBy(() -> client(idp, idp.issuer("/realms/x") + "/missing").metadata())
          .isInstanceOfSatisfying(IdentityServerException.class, e -> assertThat(e.status()).hasValue(404))
          .hasMessageContaining("/.well-known/openid-configuration/realms/x/missing");
    }
  }

  @Test
  void issuerMatch_staysExact_aTrailingSlashIsAnotherIssuer() {
    try (FakeIdentSphere idp = fake(DiscoveryForm.RFC8414, "/realms/x")) {
      assertThatThrownBy(() -> client(idp, idp.issuer("/realms/x") + "/").metadata())
          .isInstanceOfSatisfying(IdentityServerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ISSUER_MISMATCH));
    }
  }

  @Test
  void issuerOption_acceptsAnIssuerThatDiffersFromTheAuthority_exactly() {
    try (FakeIdentSphere idp = fake(DiscoveryForm.OIDC, "/realms/x")) {
      String issuer = idp.issuer("/realms/x"); // http://127.0.0.1:PORT/realms/x
      String authority = "http://localhost:" + idp.port() + "/realms/x";
      assertThatThrownBy(() -> client(idp, authority).metadata())
          .isInstanceOfSatisfying(IdentityServerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ISSUER_MISMATCH))
          .hasMessageContaining(authority);
      IdentSphereClient c = IdentSphereClient.newBuilder(authority).issuer(issuer).clientId("demo-web")
          .clientSecret(FakeIdentSphere.DEMO_SECRET).audience("api").clock(idp.clock()).build();
      assertThat(c.metadata().issuer()).isEqualTo(issuer);
      assertThat(c.accessTokenValidator().validate(idp.minter(issuer).accessToken("bob").sign()).subject()).isEqualTo("bob");
      IdentSphereClient wrong = IdentSphereClient.newBuilder(authority).issuer(issuer + "/").clientId("demo-web")
          .audience("api").build();
      assertThatThrownBy(wrong::metadata)
          .isInstanceOfSatisfying(IdentityServerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ISSUER_MISMATCH));
    }
  }

  @Test
  void metadata_keepsUnknownMembers_asParsedJson() {
    try (FakeIdentSphere idp = fake(DiscoveryForm.OIDC, "")) {
      ProviderMetadata md = client(idp, idp.issuer()).metadata();
      assertThat(md.member("code_challenge_methods_supported")).contains(List.of("S256"));
      assertThat(md.member("no_such_member")).isEmpty();
      assertThat(md.extraMembers()).contains("scopes_supported", "grant_types_supported")
          .doesNotContain("issuer", "token_endpoint", "authorization_response_iss_parameter_supported");
      assertThat(md.toString()).contains("\"scopes_supported\"");
    }
  }
}
