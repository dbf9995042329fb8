package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.oidc.AuthorizationRequest;
import io.identsphere.oidc.IdentSphereClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTML login form keeps pushed requests and repeated resources intact, over real loopback HTTP. */
class LoginFormRequestsTest {
  private static final URI CALLBACK = URI.create("http://127.0.0.1:8999/callback");
  private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
  private static final String ORDERS = "https://api.example.test/orders";
  private static final String BILLING = "https://api.example.test/billing";

  private FakeIdentSphere idp;

  @BeforeEach
  void start() {
    idp = FakeIdentSphere.newBuilder().autoLogin(null).resources(ORDERS, BILLING).build().start();
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  private IdentSphereClient client(boolean push) {
    var b = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").clientSecret(FakeIdentSphere.DEMO_SECRET)
        .audience(ORDERS).redirectUri(CALLBACK).clock(idp.clock()).resource(URI.create(ORDERS), URI.create(BILLING));
    return (push ? b.pushAuthorizationRequests() : b).build();
  }

  /** The hidden fields as name/value pairs, repeats kept. */
  private static List<String[]> hidden(String html) {
    List<String[]> out = new ArrayList<>();
    Matcher m = HIDDEN.matcher(html);
    while (m.find()) out.add(new String[] {m.group(1), m.group(2).replace("&amp;", "&")});
    return out;
  }

  private URI signIn(AuthorizationRequest req, List<String[]> expectHidden) throws Exception {
    String form = BROWSER.send(HttpRequest.newBuilder(req.uri()).build(), HttpResponse.BodyHandlers.ofString()).body();
    List<String[]> fields = hidden(form);
    expectHidden.addAll(fields);
    StringBuilder body = new StringBuilder("email=bob%40example.test&password=password");
    for (String[] f : fields) body.append('&').append(enc(f[0])).append('=').append(enc(f[1]));
    HttpResponse<String> r = BROWSER.send(HttpRequest.newBuilder(idp.authorizeUri())
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("login answer: %s", r.body()).isEqualTo(302);
    return URI.create(r.headers().firstValue("Location").orElseThrow());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void twoResources_surviveTheLoginForm_andBothEndUpInAud() throws Exception {
    IdentSphereClient c = client(false);
    AuthorizationRequest req = c.authorizationRequest();
    List<String[]> fields = new ArrayList<>();
    URI back = signIn(req, fields);

    assertThat(fields).filteredOn(f -> f[0].equals("resource")).extracting(f -> f[1]).containsExactly(ORDERS, BILLING);
    assertThat(c.accessTokenValidator().validate(c.handleCallback(req, back).accessToken()).audience())
        .containsExactly(ORDERS, BILLING);
  }

  @Test
  void aPushedRequest_isCarriedByItsRequestUri_throughTheLoginForm() throws Exception {
    IdentSphereClient c = client(true);
    AuthorizationRequest req = c.authorizationRequest();
    List<String[]> fields = new ArrayList<>();
    URI back = signIn(req, fields);

    assertThat(fields).extracting(f -> f[0]).contains("request_uri", "client_id").doesNotContain("resource");
    var tokens = c.handleCallback(req, back);
    assertThat(c.accessTokenValidator().validate(tokens.accessToken()).subject()).isEqualTo("bob");
    assertThat(c.accessTokenValidator().validate(tokens.accessToken()).audience()).containsExactly(ORDERS, BILLING);
  }
}
