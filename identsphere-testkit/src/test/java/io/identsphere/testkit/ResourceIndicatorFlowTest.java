package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.AuthorizationRequest;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.oidc.TokenResponse;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resource indicators (RFC 8707) from core's client to the fake server, over real loopback HTTP. */
class ResourceIndicatorFlowTest {
  private static final URI CALLBACK = URI.create("http://127.0.0.1:8999/callback");
  private static final String ORDERS = "https://api.example.test/orders";
  private static final String BILLING = "https://api.example.test/billing";

  @RegisterExtension
  static final IdentSphereExtension IDP = new IdentSphereExtension(FakeIdentSphere.newBuilder().resources(ORDERS, BILLING));

  static IdentSphereClient client(FakeIdentSphere idp, String... resources) {
    var b = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").clientSecret(FakeIdentSphere.DEMO_SECRET)
        .audience(ORDERS).redirectUri(CALLBACK).clock(idp.clock()).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    for (String r : resources) b.resource(URI.create(r));
    return b.build();
  }

  static TokenResponse login(IdentSphereClient c) throws Exception {
    AuthorizationRequest req = c.authorizationRequest();
    return c.handleCallback(req, PushedAuthorizationFlowTest.browse(req.uri()));
  }

  @Test
  void oneResource_isRequestedThroughout_andBecomesTheAccessTokensAudience(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = client(idp, ORDERS);
    VerifiedToken at = c.accessTokenValidator().validate(login(c).accessToken());

    assertThat(at.audience()).containsExactly(ORDERS);
    assertThat(at.subject()).isEqualTo("alice");
    assertThat(idp.requests(Endpoint.AUTHORIZE).get(0).query()).containsEntry("resource", ORDERS).doesNotContainKey("audience");
    assertThat(idp.requests(Endpoint.TOKEN).get(0).form()).containsEntry("resource", ORDERS).doesNotContainKey("audience");
  }

  @Test
  void twoResources_areRepeatedParameters_andBothEndUpInAud(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = client(idp, ORDERS, BILLING);
    TokenResponse tokens = login(c);

    assertThat(c.accessTokenValidator().validate(tokens.accessToken()).audience()).containsExactly(ORDERS, BILLING);
    assertThat(idp.requests(Endpoint.AUTHORIZE).get(0).query().get("resource")).isEqualTo(ORDERS);
    assertThat(idp.requests(Endpoint.TOKEN).get(0).body())
        .contains("resource=https%3A%2F%2Fapi.example.test%2Forders&resource=https%3A%2F%2Fapi.example.test%2Fbilling");

    TokenResponse refreshed = c.refresh(tokens.refreshToken().orElseThrow());
    assertThat(c.accessTokenValidator().validate(refreshed.accessToken()).audience()).containsExactly(ORDERS, BILLING);
    assertThat(idp.requests(Endpoint.TOKEN).get(1).body()).contains("grant_type=refresh_token").contains("resource=");
  }

  @Test
  void pushedRequests_carryTheResourcesToo(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").clientSecret(FakeIdentSphere.DEMO_SECRET)
        .audience(BILLING).redirectUri(CALLBACK).clock(idp.clock()).resource(URI.create(BILLING)).pushAuthorizationRequests().build();
    assertThat(c.accessTokenValidator().validate(login(c).accessToken()).audience()).containsExactly(BILLING);
    assertThat(idp.requests(Endpoint.PUSHED_AUTHORIZATION).get(0).form()).containsEntry("resource", BILLING);
  }

  @Test
  void clientCredentials_usesTheConfiguredResources_orThoseOfTheCall(FakeIdentSphere idp) {
    IdentSphereClient c = client(idp, ORDERS);
    assertThat(c.accessTokenValidator().validate(c.clientCredentials().accessToken()).audience()).containsExactly(ORDERS);
    assertThat(c.accessTokenValidator().toBuilder().expectAudience(BILLING).build()
        .validate(c.clientCredentials(List.of(URI.create(BILLING))).accessToken()).audience()).containsExactly(BILLING);
    assertThat(c.async().clientCredentials(List.of()).join().accessToken()).isNotEmpty();
    assertThat(idp.requests(Endpoint.TOKEN).get(2).form()).doesNotContainKeys("resource", "audience");
  }

  @Test
  void anUnknownResource_isInvalidTarget_atTheTokenEndpoint(FakeIdentSphere idp) {
    IdentSphereClient c = client(idp);
    assertThatThrownBy(() -> c.clientCredentials(List.of(URI.create("https://elsewhere.example/api"))))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.OAUTH_ERROR);
          assertThat(e.status()).hasValue(400);
          assertThat(e.error()).contains("invalid_target");
        });
  }

  @Test
  void anUnknownResource_isInvalidTarget_atAuthorization_andAtThePush(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = client(idp, "https://elsewhere.example/api");
    AuthorizationRequest req = c.authorizationRequest();
    URI back = PushedAuthorizationFlowTest.browse(req.uri());
    assertThatThrownBy(() -> c.handleCallback(req, back)).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.AUTHORIZATION_ERROR);
      assertThat(e.error()).contains("invalid_target");
    });
    IdentSphereClient pushing = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").clientSecret(FakeIdentSphere.DEMO_SECRET)
        .ignoreAudience().redirectUri(CALLBACK).resource(URI.create("https://elsewhere.example/api")).pushAuthorizationRequests().build();
    assertThatThrownBy(pushing::authorizationRequest).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.error()).contains("invalid_target"));
  }

  @Test
  void withoutResources_theClientsAudienceIsUsed_andTheAudienceOptionIsNotSent(FakeIdentSphere idp) {
    IdentSphereClient c = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").clientSecret(FakeIdentSphere.DEMO_SECRET)
        .audience("api").clock(idp.clock()).build();
    assertThat(c.accessTokenValidator().validate(c.clientCredentials().accessToken()).audience()).containsExactly("api");
    assertThat(idp.requests(Endpoint.TOKEN).get(0).form()).doesNotContainKeys("audience", "resource");
  }

  @Test
  void resourcesThatAreNotAbsoluteOrHaveAFragment_areRefusedByTheBuilderAndPerCall(FakeIdentSphere idp) {
    var b = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web");
    assertThatThrownBy(() -> b.resource(URI.create("/orders"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resource must be an absolute URI (RFC 8707 2): /orders");
    assertThatThrownBy(() -> b.resource(URI.create("https://api.example.test/orders#v1"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resource must not have a fragment (RFC 8707 2): https://api.example.test/orders#v1");
    assertThatThrownBy(() -> b.resource()).isInstanceOf(IllegalArgumentException.class);
    IdentSphereClient c = client(idp);
    assertThatThrownBy(() -> c.clientCredentials(List.of(URI.create("orders")))).isInstanceOf(IllegalArgumentException.class);
    assertThat(idp.count(Endpoint.TOKEN)).isZero();
  }
}
