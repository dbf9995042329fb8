package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.testkit.FakeIdentSphere;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The app of the web-login tests on a runtime, and a tiny browser that plays the person: it keeps
 * cookies and drops them when their {@code Max-Age} runs out by the shared clock, as a browser does.
 */
public abstract class WebLoginFixture {
  /**
   * Returns the runtime this subclass tests.
   *
   * @return the runtime
   */
  protected abstract TestRuntime runtime();

  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  FakeIdentSphere idp;
  IdentSphereClient client;
  TestRuntime.Served app;
  final Map<String, String> jar = new LinkedHashMap<>();
  /** When each cookie in the jar expires, by the shared clock (from its Max-Age), as a browser drops it. */
  final Map<String, java.time.Instant> expiries = new LinkedHashMap<>();

  @BeforeEach
  void start() {
    idp = FakeIdentSphere.newBuilder().build().start();
    int port = freePort();
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    client = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web")
        .clientSecret(FakeIdentSphere.DEMO_SECRET).audience("api").clock(idp.clock()).build();
    WebLogin login = WebLogin.newBuilder(client, base.resolve("/auth/callback")).afterLogin(base.resolve("/me"))
        .afterLogout(base.resolve("/open")).insecureCookiesOnLoopback().clock(idp.clock()).build();
    app = runtime().serve(TestApp.of(Resources.Me.class, Resources.Open.class, new Resources.LoginRequired(login),
        IdentSphereFeature.newBuilder(client).refreshExpiredCookies().insecureCookiesOnLoopback().build(), login), port);
  }

  @AfterEach
  void stop() {
    app.close();
    idp.close();
  }

  static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A tiny browser: keeps cookies for the app's host, follows nothing by itself. */
  HttpResponse<String> browse(URI uri, String method, String body) throws Exception {
    return browse(uri, method, body, body == null ? null : "application/json");
  }

  /** The same with a content type and extra headers (name, value, ...). */
  HttpResponse<String> browse(URI uri, String method, String body, String contentType, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    expiries.entrySet().removeIf(e -> {
      boolean gone = !idp.clock().instant().isBefore(e.getValue());
      if (gone) jar.remove(e.getKey());
      return gone;
    });
    if (uri.getPort() == app.base().getPort() && !jar.isEmpty()) {
      b.header("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
    }
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    if (contentType != null) b.header("Content-Type", contentType);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (uri.getPort() == app.base().getPort()) {
      for (String c : r.headers().allValues("Set-Cookie")) {
        String pair = c.substring(0, c.indexOf(';'));
        String name = pair.substring(0, pair.indexOf('='));
        Matcher maxAge = Pattern.compile("; Max-Age=(\\d+)").matcher(c);
        long seconds = maxAge.find() ? Long.parseLong(maxAge.group(1)) : Long.MAX_VALUE / 2;
        if (seconds == 0) {
          jar.remove(name);
          expiries.remove(name);
        } else {
          jar.put(name, pair.substring(name.length() + 1));
          expiries.put(name, idp.clock().instant().plusSeconds(Math.min(seconds, 100L * 365 * 86400)));
        }
      }
    }
    return r;
  }

  HttpResponse<String> follow(URI start) throws Exception {
    HttpResponse<String> r = browse(start, "GET", null);
    for (int i = 0; i < 6 && r.statusCode() / 100 == 3; i++) {
      r = browse(r.uri().resolve(r.headers().firstValue("Location").get()), "GET", null);
    }
    return r;
  }

  String origin() {
    return "http://127.0.0.1:" + app.base().getPort();
  }

  void signIn() throws Exception {
    assertThat(follow(app.uri("auth/login")).statusCode()).isEqualTo(200);
    assertThat(jar).containsKeys("identsphere_at", "identsphere_idt");
  }

  static void assertForbiddenProblem(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
  }
}
