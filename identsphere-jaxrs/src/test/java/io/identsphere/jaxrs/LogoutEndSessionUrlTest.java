package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.identsphere.oidc.IdentSphereClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /auth/logout} never sends the browser to an end-session URL that discovery's URL rule
 * refuses (issue #13): it falls back to the after-logout page, over real HTTP.
 */
class LogoutEndSessionUrlTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @ParameterizedTest
  @ValueSource(strings = {"javascript:alert(document.cookie)", "http://evil.example/logout", "data:text/html;base64,PGI+",
      "https://good.example@evil.example/logout"})
  void logout_withARefusedEndSessionEndpoint_redirectsToTheAfterLogoutPage(String endSession) throws Exception {
    HttpServer idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String issuer = "http://127.0.0.1:" + idp.getAddress().getPort();
    String doc = "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\""
        + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\",\"end_session_endpoint\":\"" + endSession + "\"}";
    idp.createContext("/.well-known/openid-configuration", ex -> {
      byte[] b = doc.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    idp.start();
    IdentSphereClient client = IdentSphereClient.newBuilder(issuer).clientId("web").audience("api").build();
    URI afterLogout = URI.create("http://127.0.0.1:9/signed-out");
    WebLogin login = WebLogin.newBuilder(client, URI.create("http://127.0.0.1:9/auth/callback")).afterLogout(afterLogout)
        .insecureCookiesOnLoopback().build();
    try (TestRuntime.Served app = JerseyRuntime.INSTANCE.serve(new ResourceConfig(Resources.Open.class).register(login), 0)) {
      // Sign-out is a same-origin POST (the cross-site check is WebLoginTest's concern).
      HttpResponse<String> out = HTTP.send(HttpRequest.newBuilder(app.uri("auth/logout"))
          .header("Cookie", "identsphere_idt=a.b.c").header("Sec-Fetch-Site", "same-origin")
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(out.statusCode()).isEqualTo(303);
      assertThat(out.headers().firstValue("Location")).contains(afterLogout.toString());
      List<String> cleared = out.headers().allValues("Set-Cookie");
      assertThat(cleared).anySatisfy(c -> assertThat(c).startsWith("identsphere_idt=").contains("Max-Age=0"));
    } finally {
      idp.stop(0);
    }
  }
}
