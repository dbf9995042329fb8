package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import io.identsphere.testkit.TokenMinter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The feature on a real runtime over real HTTP, with tokens from the fake IdentSphere; one subclass per runtime. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FeatureBehaviour {
  /**
   * Returns the runtime this subclass tests.
   *
   * @return the runtime
   */
  protected abstract TestRuntime runtime();

  FakeIdentSphere idp;
  TestRuntime.Served app;
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  void start() {
    idp = FakeIdentSphere.newBuilder().build().start();
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api")
        .clock(idp.clock()).build();
    app = runtime().serve(TestApp.of(Resources.Open.class, Resources.Me.class, Resources.Admin.class,
        Resources.Orders.class, Resources.Closed.class, IdentSphereFeature.of(client)), 0);
  }

  @AfterAll
  void stop() {
    app.close();
    idp.close();
  }

  TokenMinter minter() {
    return idp.minter();
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> as(String subject, String path) throws Exception {
    return get(path, "Authorization", "Bearer " + minter().accessToken(subject).sign());
  }

  private static void assertUnauthorized(HttpResponse<String> r, String error) {
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    String challenge = r.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(challenge).startsWith("Bearer realm=\"identsphere\"");
    if (error == null) assertThat(challenge).doesNotContain("error=");
    else assertThat(challenge).contains("error=\"" + error + "\"");
  }

  @Test
  void anonymous_onProtectedResource_is401WithChallenge() throws Exception {
    HttpResponse<String> r = get("me");
    assertUnauthorized(r, null);
    assertThat(r.body()).contains("\"status\":401");
  }

  @Test
  void validBearer_setsSecurityContext() throws Exception {
    HttpResponse<String> r = as("alice", "me");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("alice scheme=Bearer admin=true secure=false");
  }

  @Test
  void headerVariants() throws Exception {
    String t = minter().accessToken("alice").sign();
    assertThat(get("me", "Authorization", "bearer " + t).statusCode()).isEqualTo(200);
    assertThat(get("me", "Authorization", "BEARER " + t).statusCode()).isEqualTo(200);
    HttpResponse<String> basic = get("me", "Authorization", "Basic YTpi");
    assertThat(basic.statusCode()).isEqualTo(400);
    assertThat(basic.headers().firstValue("WWW-Authenticate").get()).contains("error=\"invalid_request\"");
    assertThat(get("me", "Authorization", "Bearer").statusCode()).isEqualTo(400);
    assertThat(get("me", "Authorization", "Bearer  ").statusCode()).isEqualTo(400);
    assertThat(get("me", "Authorization", "Bearer a b").statusCode()).isEqualTo(400);
    HttpResponse<String> two = get("me", "Authorization", "Bearer " + t, "Authorization", "Bearer " + t);
    assertThat(two.statusCode()).isEqualTo(400);
    assertThat(two.body()).contains("more than one Authorization header");
  }

  @Test
  void badTokens_are401InvalidToken_andNeverEchoed() throws Exception {
    String[] bad = {
        minter().accessToken("alice").expired().sign(),
        minter().accessToken("alice").tamperedSignature().sign(),
        minter().accessToken("alice").wrongAudience().sign(),
        minter().accessToken("alice").wrongIssuer().sign(),
        minter().accessToken("alice").algNone().sign() + "x",
        minter().accessToken("alice").algorithmConfusion().sign(),
    };
    for (String token : bad) {
      HttpResponse<String> r = get("me", "Authorization", "Bearer " + token);
      assertUnauthorized(r, "invalid_token");
      assertThat(r.body()).doesNotContain(token.substring(token.indexOf('.') + 1, token.indexOf('.') + 20));
      assertThat(r.headers().firstValue("WWW-Authenticate").get()).doesNotContain(token.substring(0, 20));
    }
    HttpResponse<String> expired = get("me", "Authorization", "Bearer " + minter().accessToken("alice").expired().sign());
    assertThat(expired.headers().firstValue("WWW-Authenticate").get()).contains("error_description=\"the token has expired\"");
  }

  @Test
  void cookieSource_authenticates() throws Exception {
    HttpResponse<String> r = get("me", "Cookie", "theme=dark; identsphere_at=" + minter().accessToken("bob").sign());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("bob ");
  }

  @Test
  void roles_403ForWrongRole_andMethodOverridesClass() throws Exception {
    assertThat(as("alice", "admin").statusCode()).isEqualTo(200);
    HttpResponse<String> bob = as("bob", "admin");
    assertThat(bob.statusCode()).isEqualTo(403);
    assertThat(bob.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(bob.body()).contains("requires one of the roles [admin]");
    assertThat(get("admin").statusCode()).isEqualTo(401);
    assertThat(as("bob", "admin/members").body()).isEqualTo("members:bob");
    assertThat(get("admin/public").body()).isEqualTo("public:anonymous");
    assertThat(as("alice", "admin/deny").statusCode()).isEqualTo(403);
    assertThat(get("admin/deny").statusCode()).isEqualTo(403);
    assertThat(get("closed").statusCode()).isEqualTo(403);
    assertThat(get("closed/health").body()).isEqualTo("ok");
  }

  @Test
  void allRoles_customRoles_andAnyRole() throws Exception {
    assertThat(as("alice", "admin/both").statusCode()).isEqualTo(200);
    assertThat(get("admin/both", "Authorization", "Bearer " + minter().accessToken("x").roles("admin").sign()).statusCode())
        .isEqualTo(403);
    assertThat(as("alice", "admin/billing").body()).isEqualTo("billing:alice"); // custom role via @RolesAllowed
    assertThat(as("alice", "admin/billing-strict").statusCode()).isEqualTo(403);
    assertThat(as("alice", "me/any-role").statusCode()).isEqualTo(200);
    String noRoles = minter().accessToken("nobody").roles().sign();
    assertThat(get("me/any-role", "Authorization", "Bearer " + noRoles).statusCode()).isEqualTo(403);
    assertThat(get("me", "Authorization", "Bearer " + noRoles).statusCode()).isEqualTo(200);
  }

  @Test
  void scopes_403InsufficientScope() throws Exception {
    HttpResponse<String> r = as("bob", "orders");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("WWW-Authenticate").get()).contains("error=\"insufficient_scope\"")
        .contains("scope=\"orders:read\"");
    String scoped = minter().accessToken("bob").scope("openid", "orders:read").sign();
    assertThat(get("orders", "Authorization", "Bearer " + scoped).body()).isEqualTo("orders:bob");
  }

  @Test
  void unprotectedResource_worksWithoutToken_andIgnoresInvalidToken() throws Exception {
    assertThat(get("open").body()).isEqualTo("anonymous");
    assertThat(get("open", "Authorization", "Bearer " + minter().accessToken("alice").expired().sign()).body())
        .isEqualTo("anonymous");
    assertThat(get("open", "Cookie", "identsphere_at=garbage").statusCode()).isEqualTo(200);
    assertThat(as("alice", "open").body()).isEqualTo("alice");
  }

  @Test
  void concurrentRequests_neverSeeEachOthersPrincipal() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String user = i % 3 == 0 ? "alice" : i % 3 == 1 ? "bob" : "user-" + i;
        String token = minter().accessToken(user).sign();
        results.add(pool.submit(() -> {
          HttpResponse<String> r = get("open", "Authorization", "Bearer " + token);
          return r.statusCode() == 200 && r.body().equals(user);
        }));
      }
      for (Future<Boolean> f : results) assertThat(f.get()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void conflictingAnnotations_failAtDeployTime() {
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api").build();
    assertThatThrownBy(() -> runtime().serve(TestApp.of(Resources.Conflict.class, IdentSphereFeature.of(client)), 0).close())
        .satisfies(e -> {
          Throwable root = e;
          while (root.getCause() != null) root = root.getCause();
          assertThat(root).hasMessageContaining("conflicting access annotations [@PermitAll, @RolesAllowed]")
              .hasMessageContaining("Conflict.get");
        });
  }

  @Test
  void identityServerDown_is503_onProtected_andPublicStillWorks() throws Exception {
    IdentSphereClient down = IdentSphereClient.newBuilder("http://127.0.0.1:1").clientId("x").audience("api").build();
    try (TestRuntime.Served s = runtime().serve(TestApp.of(Resources.Me.class, Resources.Open.class, IdentSphereFeature.of(down)), 0)) {
      String t = minter().accessToken("alice").sign();
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(s.uri("me")).header("Authorization", "Bearer " + t).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("identity server is unavailable");
      HttpResponse<String> open = HTTP.send(HttpRequest.newBuilder(s.uri("open")).header("Authorization", "Bearer " + t).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(open.body()).isEqualTo("anonymous");
    }
  }

  @Test
  void tokenSources_canBeRestricted() throws Exception {
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api")
        .clock(idp.clock()).build();
    try (TestRuntime.Served s = runtime().serve(TestApp.of(Resources.Me.class,
        IdentSphereFeature.newBuilder(client).tokenSources(TokenSource.BEARER_HEADER).realm("orders").build()), 0)) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(s.uri("me"))
          .header("Cookie", "identsphere_at=" + minter().accessToken("bob").sign()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate").get()).startsWith("Bearer realm=\"orders\"");
    }
  }

  @Test
  void unannotated_canRequireAuthentication() throws Exception {
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").audience("api")
        .clock(idp.clock()).build();
    try (TestRuntime.Served s = runtime().serve(TestApp.of(Resources.Open.class,
        IdentSphereFeature.newBuilder(client).authenticateUnannotatedResources().build()), 0)) {
      assertThat(HTTP.send(HttpRequest.newBuilder(s.uri("open")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void theRun_usesThisRuntime_andNoOther() {
    assertThat(jakarta.ws.rs.ext.RuntimeDelegate.getInstance().getClass().getName()).as(runtime().name())
        .startsWith(runtime().implementationPackage());
  }

  @Test
  void uriHelper_isUsedByTests() {
    assertThat(app.uri("me")).isEqualTo(URI.create(app.base() + "me"));
  }
}
