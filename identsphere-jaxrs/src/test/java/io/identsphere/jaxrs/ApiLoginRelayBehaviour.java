package io.identsphere.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.oidc.IdentSphereClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /auth/api-login} against a hostile identity server: a raw socket on loopback plays
 * IdentSphere's {@code /v1/auth/login} and answers whatever the test wrote, byte for byte.
 */
public abstract class ApiLoginRelayBehaviour {
  /**
   * Returns the runtime this subclass tests.
   *
   * @return the runtime
   */
  protected abstract TestRuntime runtime();

  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static final String BODY = "{\"email\":\"bob@example.test\",\"password\":\"password\"}";

  private ServerSocket upstream;
  private Thread acceptor;
  private volatile String answer = "HTTP/1.1 500 Not Set\r\nContent-Length: 0\r\n\r\n";
  private final AtomicInteger requests = new AtomicInteger();
  private TestRuntime.Served app;

  @BeforeEach
  void start() throws IOException {
    upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::serve, "fake-upstream");
    acceptor.setDaemon(true);
    acceptor.start();
    IdentSphereClient client = IdentSphereClient.newBuilder("http://127.0.0.1:" + upstream.getLocalPort()).clientId("web").build();
    WebLogin login = WebLogin.newBuilder(client, URI.create("http://127.0.0.1:1/auth/callback")).build();
    app = runtime().serve(TestApp.of(login), 0);
  }

  @AfterEach
  void stop() throws IOException {
    app.close();
    upstream.close();
  }

  /** Reads one request (headers and Content-Length body), writes {@link #answer}, closes. */
  private void serve() {
    while (!upstream.isClosed()) {
      try (Socket s = upstream.accept()) {
        s.setSoTimeout(5_000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          int b = in.read();
          if (b < 0) break;
          head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int at = headers.indexOf("content-length:");
        if (at >= 0) {
          int length = Integer.parseInt(headers.substring(at + 15, headers.indexOf("\r\n", at)).trim());
          in.readNBytes(length);
        }
        requests.incrementAndGet();
        OutputStream out = s.getOutputStream();
        out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        // closed by the test, or a client gone: serve the next one
      }
    }
  }

  private void upstreamAnswers(String statusLine, List<String> headers, String body) {
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(statusLine).append("\r\n");
    for (String h : headers) sb.append(h).append("\r\n");
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    sb.append("Content-Length: ").append(b.length).append("\r\nConnection: close\r\n\r\n").append(body);
    answer = sb.toString();
  }

  private HttpResponse<String> login() throws Exception {
    return HTTP.send(HttpRequest.newBuilder(app.uri("auth/api-login")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void apiLogin_hostileCookies_onlyIdentSpheresAreRelayed_rewrittenAndBounded_andTheRestLoggedOnce() throws Exception {
    List<String> headers = new ArrayList<>(List.of(
        "Content-Type: application/json",
        "Set-Cookie: identsphere_at=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=300",
        "Set-Cookie: identsphere_rt=def",
        "Set-Cookie: tracking=1; Domain=evil.example; Path=/",
        "Set-Cookie: identsphere_x=1; Domain=evil.example; SameSite=None; Partitioned; Path=/api",
        "Set-Cookie: identsphere_s=2; SameSite=Strict; Domain=.127.0.0.1; Expires=Wed, 21 Oct 2026 07:28:00 GMT",
        "Set-Cookie: identsphere_big=" + "b".repeat(10_000),
        "Set-Cookie: identsphere_bad=a b",
        "Set-Cookie: identsphere_\u0085=1",
        "X-Upstream-Secret: s3cret",
        "Access-Control-Allow-Origin: *",
        "Location: https://evil.example/"));
    for (int i = 0; i < 100; i++) headers.add("Set-Cookie: identsphere_n" + i + "=" + i);
    upstreamAnswers("200 OK", headers, "{\"sub\":\"bob\"}");
    try (LogCapture logs = new LogCapture(WebLogin.class)) {
      HttpResponse<String> r = login();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("{\"sub\":\"bob\"}");
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
      assertThat(r.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Upstream-Secret")
          || h.equalsIgnoreCase("Access-Control-Allow-Origin") || h.equalsIgnoreCase("Location"));
      assertThat(r.headers().allValues("Set-Cookie")).containsExactly(
          "identsphere_at=abc; Path=/; Max-Age=300; HttpOnly; SameSite=Lax; Secure",
          "identsphere_rt=def; Path=/; HttpOnly; SameSite=Lax; Secure",
          "identsphere_x=1; Path=/api; HttpOnly; SameSite=Lax; Secure",
          "identsphere_s=2; Path=/; Domain=127.0.0.1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly; SameSite=Strict; Secure",
          "identsphere_n0=0; Path=/; HttpOnly; SameSite=Lax; Secure",
          "identsphere_n1=1; Path=/; HttpOnly; SameSite=Lax; Secure",
          "identsphere_n2=2; Path=/; HttpOnly; SameSite=Lax; Secure",
          "identsphere_n3=3; Path=/; HttpOnly; SameSite=Lax; Secure");
      List<String> lines = logs.all();
      assertThat(lines).singleElement().satisfies(line -> assertThat(line)
          .startsWith("api-login (status 200, 8 cookies relayed) dropped from the identity server's answer: ")
          .contains("cookie \"tracking\" (not an identsphere_* cookie)")
          .contains("Domain \"evil.example\" of \"identsphere_x\" (not the app's, 127.0.0.1)")
          .contains("SameSite \"None\" of \"identsphere_x\" (made Lax)")
          .contains("attribute \"partitioned\" of \"identsphere_x\"")
          .contains("cookie \"identsphere_big\" (10016 chars, more than 4096)")
          .contains("cookie \"identsphere_\\u0085\"")
          .contains("and ")
          .matches("[ -~]+"));
    }
  }

  @Test
  void apiLogin_controlCharactersInAHeader_are502_andTheLogLineIsEscaped() throws Exception {
    upstreamAnswers("200 OK", List.of("Content-Type: application/json", "Set-Cookie: identsphere_at=abc",
        "Set-Cookie: identsphere_ctl=a\u0001b\u001b[31m"), "{}");
    try (LogCapture logs = new LogCapture(WebLogin.class)) {
      HttpResponse<String> r = login();
      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
      assertThat(logs.all()).singleElement().satisfies(line -> assertThat(line).startsWith("api-login: the identity server failed")
          .matches("[ -~]+"));
    }
  }

  @Test
  void relay_cookiesWithControlOrNonAsciiCharacters_areDropped() {
    CookieRelay.Result r = new CookieRelay("app.example.com").relay(List.of("identsphere_a=1\r\nX-Injected: 1",
        "identsphere_b=\u00e9", "identsphere_c=1; Path=/\u0000", "identsphere_d=1; Domain=example.com",
        "identsphere_e=1; Domain=com", "identsphere_f=1; Domain=evilapp.example.com", "identsphere_g=1; Domain=APP.example.com."),
        true);
    assertThat(r.setCookies).containsExactly("identsphere_d=1; Path=/; Domain=example.com; HttpOnly; SameSite=Lax; Secure",
        "identsphere_e=1; Path=/; HttpOnly; SameSite=Lax; Secure", "identsphere_f=1; Path=/; HttpOnly; SameSite=Lax; Secure",
        "identsphere_g=1; Path=/; HttpOnly; SameSite=Lax; Secure");
    assertThat(r.dropped).hasSize(6).allSatisfy(d -> assertThat(d).matches("[ -~]+"));
  }

  @Test
  void apiLogin_nonJsonBodies_areNotRelayed() throws Exception {
    upstreamAnswers("200 OK", List.of("Content-Type: text/html", "Set-Cookie: identsphere_at=abc"), "<script>alert(1)</script>");
    HttpResponse<String> ok = login();
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEmpty();
    assertThat(ok.headers().firstValue("Content-Type")).isEmpty();
    assertThat(ok.headers().allValues("Set-Cookie")).hasSize(1);

    upstreamAnswers("401 Unauthorized", List.of("Content-Type: text/html"), "<h1>no</h1>");
    HttpResponse<String> refused = login();
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(refused.body()).doesNotContain("<h1>").contains("the identity server refused the login");

    upstreamAnswers("200 OK", List.of("Content-Type: application/json"), "{\"sub\":<b>");
    assertThat(login().body()).isEmpty();
    assertThat(requests).hasValue(3);
  }

  @Test
  void apiLogin_redirectsAndServerErrors_become502_withoutTheirCookiesOrLocation() throws Exception {
    upstreamAnswers("302 Found", List.of("Location: https://evil.example/", "Set-Cookie: identsphere_at=abc"), "");
    HttpResponse<String> r = login();
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");

    upstreamAnswers("503 Service Unavailable", List.of("Content-Type: application/json", "Set-Cookie: identsphere_at=abc"),
        "{\"error\":\"<script>\"}");
    HttpResponse<String> down = login();
    assertThat(down.statusCode()).isEqualTo(502);
    assertThat(down.body()).doesNotContain("<script>");
    assertThat(down.headers().allValues("Set-Cookie")).isEmpty();
  }
}
