package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import io.identsphere.token.TokenRejectedException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a caller with a bad token learns: a general description, never the expected issuer or
 * audience (those go to a DEBUG line); and an identity server outage logs one WARNING, not one per
 * request. A real runtime over real HTTP; one subclass per runtime.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RejectionBehaviour {
  /**
   * Returns the runtime this subclass tests.
   *
   * @return the runtime
   */
  protected abstract TestRuntime runtime();

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private FakeIdentSphere idp;
  private TestRuntime.Served app;

  @BeforeAll
  void start() {
    idp = FakeIdentSphere.newBuilder().build().start();
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("orders-api")
        .clock(idp.clock()).build();
    app = runtime().serve(TestApp.of(Resources.Me.class, IdentSphereFeature.of(client)), 0);
  }

  @AfterAll
  void stop() {
    app.close();
    idp.close();
  }

  private static HttpResponse<String> me(TestRuntime.Served server, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(server.uri("me")).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void wrongAudience_401_namesTheProblem_butNeitherTheExpectedAudienceNorIssuer() throws Exception {
    try (LogCapture logs = new LogCapture(AuthenticationFilter.class)) {
      HttpResponse<String> r = me(app, idp.minter().accessToken("alice").audience("other").sign());
      assertThat(r.statusCode()).isEqualTo(401);
      String challenge = Challenge.bearer(r);
      assertThat(challenge).isEqualTo("Bearer realm=\"identsphere\", error=\"invalid_token\", "
          + "error_description=\"the token was issued for another audience\"");
      assertThat(r.body()).contains("\"detail\":\"the token was issued for another audience\"");
      for (String leak : new String[] {"orders-api", idp.issuer(), "expected"}) {
        assertThat(r.body()).doesNotContain(leak);
        assertThat(challenge).doesNotContain(leak);
      }
      assertThat(logs.at(Level.FINE)).anySatisfy(m -> assertThat(m).startsWith("token rejected (WRONG_AUDIENCE): ")
          .contains("orders-api"));
    }
  }

  @Test
  void wrongIssuer_401_doesNotNameTheExpectedIssuer() throws Exception {
    HttpResponse<String> r = me(app, idp.minter().accessToken("alice").audience("orders-api").wrongIssuer().sign());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(Challenge.bearer(r))
        .endsWith("error_description=\"the token was issued by an unexpected issuer\"").doesNotContain(idp.issuer());
    assertThat(r.body()).doesNotContain(idp.issuer()).doesNotContain("wrong-issuer.example.test");
  }

  @Test
  void expiredAndTamperedTokens_getFixedDescriptions() throws Exception {
    assertThat(Challenge.bearer(me(app, idp.minter().accessToken("alice").audience("orders-api").expired().sign())))
        .endsWith("error_description=\"the token has expired\"");
    assertThat(Challenge.bearer(me(app, idp.minter().accessToken("alice").audience("orders-api").tamperedSignature().sign())))
        .endsWith("error_description=\"the token's signature is invalid\"");
  }

  @Test
  void everyReason_hasAFixedDescriptionWithoutDetails() {
    for (TokenRejectedException.Reason reason : TokenRejectedException.Reason.values()) {
      assertThat(Rejections.describe(reason)).startsWith("the token").matches("[ -~]+").doesNotContain("\"");
    }
  }

  @Test
  void identityServerDown_fiftyRequests_logOneWarning() throws Exception {
    IdentSphereClient down = IdentSphereClient.newBuilder("http://127.0.0.1:1").clientId("x").audience("api").build();
    String token = idp.minter().accessToken("alice").sign();
    try (TestRuntime.Served s = runtime().serve(TestApp.of(Resources.Me.class, IdentSphereFeature.of(down)), 0);
        LogCapture logs = new LogCapture(AuthenticationFilter.class)) {
      for (int i = 0; i < 50; i++) assertThat(me(s, token).statusCode()).isEqualTo(503);
      assertThat(logs.at(Level.WARNING)).singleElement().satisfies(m -> assertThat(m)
          .startsWith("cannot verify a token, answering 503: ").contains("127.0.0.1:1"));
      assertThat(logs.at(Level.FINE)).hasSize(49);
    }
  }
}
