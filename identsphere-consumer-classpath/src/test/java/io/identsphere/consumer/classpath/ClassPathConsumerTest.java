package io.identsphere.consumer.classpath;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.identsphere.jaxrs.IdentSphereFeature;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import io.identsphere.testkit.IdentSphereExtension;
import io.identsphere.testkit.TokenMinter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shipped jars on the class path, through the README's Jakarta REST snippets on a real Jersey. */
@ExtendWith(IdentSphereExtension.class)
class ClassPathConsumerTest {
  private final HttpClient http = HttpClient.newHttpClient();   // never follows redirects
  private HttpServer app;

  @AfterEach
  void stop() {
    if (app != null) app.stop(0);
  }

  private URI serve(ResourceConfig config) {
    app = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), config);
    return URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/");
  }

  private HttpResponse<String> get(URI uri, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    if (token != null) b.header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theShippedModules_runOnTheClassPath() {
    assertThat(IdentSphereClient.class.getModule().isNamed()).isFalse();
    assertThat(IdentSphereFeature.class.getModule().isNamed()).isFalse();
    assertThat(FakeIdentSphere.class.getModule().isNamed()).isFalse();
  }

  @Test
  void readmeProtectApi_admitsAdmins_forbidsMembers_challengesAnonymous(FakeIdentSphere idp, TokenMinter minter)
      throws Exception {
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer())
        .clientId("orders-web").audience("https://api.example.com/orders").clock(idp.clock()).build();
    URI orders = serve(ReadmeProtectApi.app(client)).resolve("orders");

    HttpResponse<String> admin = get(orders, minter.accessToken("alice").audience("https://api.example.com/orders").sign());
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(admin.body()).isEqualTo("hello alice");
    assertThat(get(orders, minter.accessToken("bob").audience("https://api.example.com/orders").sign()).statusCode()).isEqualTo(403);
    HttpResponse<String> anonymous = get(orders, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
  }

  @Test
  void readmeWebLogin_redirectsToTheIdentityServerWithPkce_andProtectsTheProfile(FakeIdentSphere idp)
      throws Exception {
    IdentSphereClient client = IdentSphereClient.newBuilder(idp.issuer())
        .clientId("demo-web").clientSecret(FakeIdentSphere.DEMO_SECRET).audience("api").clock(idp.clock()).build();
    URI callback = URI.create("https://app.example.com/auth/callback");
    URI base = serve(ReadmeWebLogin.app(client, callback));

    HttpResponse<String> login = get(base.resolve("auth/login"), null);
    assertThat(login.statusCode()).isEqualTo(303);
    String location = login.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(idp.issuer() + "/authorize?")
        .contains("code_challenge_method=S256").contains("code_challenge=").contains("state=")
        .contains("nonce=").contains("client_id=demo-web");
    assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("HttpOnly").contains("Secure"));
    assertThat(get(base.resolve("profile"), null).statusCode()).isEqualTo(401);
  }
}
