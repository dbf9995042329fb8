package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.oidc.ApiRequest;
import io.identsphere.oidc.ApiResponse;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.Endpoint;
import io.identsphere.testkit.FakeIdentSphere;
import io.identsphere.testkit.Fault;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link ApiRelay} on Jersey over real HTTP, against the fake's {@code /v1} API and session table. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRelayTest {
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  static final String ALICE = "{\"email\":\"alice@example.test\",\"password\":\"password\"}";
  static ApiRelay relay;

  @Path("api")
  public static class Proxy {
    @POST @Path("login")
    public Response login(@Context UriInfo u, @Context HttpHeaders h, InputStream body) {
      return relay.login(u, h, body);
    }

    @POST @Path("refresh")
    public Response refresh(@Context UriInfo u, @Context HttpHeaders h) {
      return relay.refresh(u, h);
    }

    @POST @Path("logout")
    public Response logout(@Context UriInfo u, @Context HttpHeaders h) {
      return relay.logout(u, h);
    }

    @GET @Path("sessions")
    public Response sessions(@HeaderParam("Cookie") String cookies, @Context UriInfo u) {
      return relay.call(ApiRequest.get("/v1/users/me/sessions").cookies(cookies), u);
    }

    @GET @Path("relayed")
    public Response relayed(@Context UriInfo u) {
      return relay.relay(new ApiResponse(503, "text/html", "<h1>down</h1>", List.of("identsphere_at=x; Path=/")), u);
    }
  }

  FakeIdentSphere idp;
  TestRuntime.Served app;
  String origin;

  @BeforeAll
  void start() {
    idp = FakeIdentSphere.newBuilder().build().start();
    int port = WebLoginFixture.freePort();
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    origin = "http://127.0.0.1:" + port;
    IdentSphereClient client = IdentSphereClient.validateOnlyFromEnvironment(Map.of("IDENTSPHERE_URL", idp.issuer()))
        .clock(idp.clock()).build();
    relay = ApiRelay.newBuilder(client, base).insecureCookiesOnLoopback().build();
    app = JerseyRuntime.INSTANCE.serve(TestApp.of(Proxy.class), port);
  }

  @AfterAll
  void stop() {
    app.close();
    idp.close();
  }

  @BeforeEach
  void reset() {
    idp.clearFaults();
  }

  HttpResponse<String> post(String path, String cookies, String body, String from) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path)).header("Origin", from)
        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) b.header("Content-Type", "application/json");
    if (cookies != null) b.header("Cookie", cookies);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String cookies(HttpResponse<String> r) {
    return String.join("; ", r.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';'))).toList());
  }

  @Test
  void loginRefreshSessionsLogout_relayIdentSpheresAnswersAndCookies() throws Exception {
    HttpResponse<String> login = post("api/login", null, ALICE, origin);
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().allValues("Set-Cookie")).hasSize(2).allSatisfy(c -> assertThat(c).contains("HttpOnly"));
    String jar = "theme=dark; " + cookies(login);
    HttpResponse<String> sessions = HTTP.send(HttpRequest.newBuilder(app.uri("api/sessions")).header("Cookie", jar).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(sessions.statusCode()).isEqualTo(200);
    assertThat(sessions.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(sessions.body()).contains("\"current\":true");
    assertThat(idp.requests(Endpoint.API_SESSIONS).get(0).header("cookie").orElseThrow()).doesNotContain("theme");
    HttpResponse<String> refreshed = post("api/refresh", jar, null, origin);
    assertThat(refreshed.statusCode()).isEqualTo(200);
    assertThat(refreshed.headers().allValues("Set-Cookie")).hasSize(2);
    String renewed = cookies(refreshed);
    assertThat(post("api/refresh", jar, null, origin).statusCode()).isEqualTo(401); // the old refresh cookie is spent
    HttpResponse<String> out = post("api/logout", renewed, null, origin);
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(out.headers().allValues("Set-Cookie")).allSatisfy(c -> assertThat(c).contains("Max-Age=0"));
  }

  @Test
  void crossSiteRefreshAndLogout_areRefusedWithoutCallingIdentSphere() throws Exception {
    int before = idp.count(Endpoint.API_REFRESH) + idp.count(Endpoint.API_LOGOUT);
    assertThat(post("api/refresh", "identsphere_rt=x", null, "https://evil.example").statusCode()).isEqualTo(403);
    assertThat(post("api/logout", "identsphere_at=x", null, "https://evil.example").statusCode()).isEqualTo(403);
    assertThat(idp.count(Endpoint.API_REFRESH) + idp.count(Endpoint.API_LOGOUT)).isEqualTo(before);
  }

  @Test
  void identSpheresServerErrors_andOutages_become502WithoutCookies() throws Exception {
    HttpResponse<String> relayed = HTTP.send(HttpRequest.newBuilder(app.uri("api/relayed")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(relayed.statusCode()).isEqualTo(502);
    assertThat(relayed.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(relayed.body()).doesNotContain("<h1>");
    idp.faultOnce(Endpoint.API_SESSIONS, Fault.status(500));
    HttpResponse<String> failed = HTTP.send(HttpRequest.newBuilder(app.uri("api/sessions")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(failed.statusCode()).isEqualTo(502);
    idp.fault(Endpoint.API_SESSIONS, Fault.closeConnection(), 3); // the JDK client retries a GET once
    HttpResponse<String> down = HTTP.send(HttpRequest.newBuilder(app.uri("api/sessions")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(down.statusCode()).isEqualTo(502);
    assertThat(down.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
  }

  @Test
  void newBuilder_anAppUrlThatIsNotAbsoluteHttp_isRefused() {
    IdentSphereClient client = IdentSphereClient.validateOnlyFromEnvironment(Map.of("IDENTSPHERE_URL", idp.issuer())).build();
    assertThatThrownBy(() -> ApiRelay.newBuilder(client, URI.create("/relative"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IdentSphereFeature.newBuilder(client).refreshExpiredCookies())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("validateOnly()");
  }
}
