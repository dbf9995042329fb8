package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.identsphere.oidc.AuthorizationRequest;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.TokenResponse;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake server's HTML login form (no automatic login), played by a browser over real loopback HTTP. */
class LoginFormTest {
  private static final URI CALLBACK = URI.create("http://127.0.0.1:8999/callback");
  private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
  private static final String XSS = "\"><script>alert('x')</script>@example.test";
  private static final String XSS_ESCAPED = "&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;@example.test";

  private FakeIdentSphere idp;
  private IdentSphereClient client;

  @BeforeEach
  void start() {
    idp = FakeIdentSphere.newBuilder().autoLogin(null).build().start();
    client = FlowTest.client(idp);
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  @Test
  void wrongPassword_showsTheFormAgain_withTheEmailKept_anErrorLine_andNoPassword() throws Exception {
    AuthorizationRequest req = client.authorizationRequest();
    Map<String, String> fields = hiddenFields(get(req.uri()).body());
    fields.put("email", "bob@example.test");
    fields.put("password", "wrong-secret");

    HttpResponse<String> denied = post(fields);

    assertThat(denied.statusCode()).isEqualTo(200);
    assertThat(denied.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(denied.body())
        .contains("<p class=\"error\" id=\"error\">Invalid email or password.</p>")
        .contains("<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" value=\"bob@example.test\">")
        .contains("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\">")
        .doesNotContain("wrong-secret");
  }

  @Test
  void emailFromTheBrowser_isHtmlEscapedWhenTheFormIsShownAgain() throws Exception {
    Map<String, String> fields = hiddenFields(get(client.authorizationRequest().uri()).body());
    fields.put("email", XSS);
    fields.put("password", "wrong");

    String body = post(fields).body();

    assertThat(body).contains("value=\"" + XSS_ESCAPED + "\"").doesNotContain("<script>").doesNotContain(XSS);
  }

  @Test
  void requestParametersFromTheBrowser_areHtmlEscapedInTheHiddenFields() throws Exception {
    URI authorize = URI.create(idp.authorizeUri() + "?response_type=code&client_id=demo-web"
        + "&redirect_uri=" + enc(CALLBACK.toString()) + "&state=" + enc(XSS) + "&login_hint=" + enc(XSS)
        + "&code_challenge=" + "a".repeat(43) + "&code_challenge_method=S256");

    String body = get(authorize).body();

    assertThat(body)
        .contains("<input type=\"hidden\" name=\"state\" value=\"" + XSS_ESCAPED + "\">")
        .contains("name=\"email\" type=\"email\" autocomplete=\"username\" value=\"" + XSS_ESCAPED + "\">")
        .doesNotContain("<script>");
    assertThat(hiddenFields(body)).containsEntry("state", XSS);
  }

  @Test
  void afterAWrongPassword_theFormShownAgainCarriesTheRequest_andTheRightPasswordCompletesTheFlow() throws Exception {
    AuthorizationRequest req = client.authorizationRequest();
    Map<String, String> first = hiddenFields(get(req.uri()).body());
    assertThat(first).isEqualTo(Query.parse(req.uri().getRawQuery()));
    first.put("email", "bob@example.test");
    first.put("password", "wrong");

    Map<String, String> again = hiddenFields(post(first).body());
    assertThat(again).isEqualTo(Query.parse(req.uri().getRawQuery())).containsKeys("state", "nonce", "code_challenge", "scope");
    again.put("email", "bob@example.test");
    again.put("password", "password");
    HttpResponse<String> ok = post(again);

    assertThat(ok.statusCode()).isEqualTo(302);
    URI back = URI.create(ok.headers().firstValue("Location").orElseThrow());
    assertThat(back.toString()).startsWith(req.redirectUri() + "?code=");
    assertThat(Query.parse(back.getRawQuery())).containsEntry("state", req.state()).containsEntry("iss", idp.issuer());
    TokenResponse tokens = client.handleCallback(req, back);
    VerifiedToken access = client.accessTokenValidator().validate(tokens.accessToken());
    assertThat(access.subject()).isEqualTo("bob");
    assertThat(access.user().roles()).containsExactly("member");
    VerifiedToken id = client.validateIdToken(tokens.idToken().orElseThrow(), req.nonce(), tokens.accessToken());
    assertThat(id.subject()).isEqualTo("bob");
  }

  @Test
  void theForm_saysItIsATestServer_andListsTheTestUsers() throws Exception {
    idp.addUser(TestUser.builder("carol").email("carol@example.test").name("Carol <b>", "O'Hara")
        .password("carols-own-secret").roles("auditor").build());

    String body = get(client.authorizationRequest().uri()).body();

    assertThat(body).contains("<title>Sign in - Fake IdentSphere (test server)</title>")
        .contains("<strong>Test server.</strong>")
        .contains("<tr class=\"test-user\"><td class=\"email\">alice@example.test</td><td class=\"name\">Alice Admin</td>"
            + "<td class=\"roles\">admin, member (custom: billing-approver)</td><td class=\"password\">password</td></tr>")
        .contains("<tr class=\"test-user\"><td class=\"email\">bob@example.test</td><td class=\"name\">Bob Member</td>"
            + "<td class=\"roles\">member</td><td class=\"password\">password</td></tr>")
        .contains("<tr class=\"test-user\"><td class=\"email\">carol@example.test</td><td class=\"name\">Carol &lt;b&gt; O&#39;Hara</td>"
            + "<td class=\"roles\">auditor</td><td class=\"password\"><em>set by the test</em></td></tr>")
        .doesNotContain("carols-own-secret")
        .doesNotContain("Carol <b>");
    assertThat(body.indexOf("alice@example.test")).isLessThan(body.indexOf("bob@example.test"));
    assertThat(body.indexOf("bob@example.test")).isLessThan(body.indexOf("carol@example.test"));
  }

  @Test
  void loginHint_prefillsTheEmail() throws Exception {
    AuthorizationRequest req = client.authorizationRequest(CALLBACK, Map.of("login_hint", "alice@example.test"));

    String body = get(req.uri()).body();

    assertThat(body).contains("name=\"email\" type=\"email\" autocomplete=\"username\" value=\"alice@example.test\">")
        .doesNotContain("id=\"error\"");
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    HttpResponse<String> r = BROWSER.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("login form: %s", r.body()).isEqualTo(200);
    return r;
  }

  private HttpResponse<String> post(Map<String, String> form) throws Exception {
    return BROWSER.send(HttpRequest.newBuilder(idp.authorizeUri()).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(Query.form(form))).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Reads the hidden fields of the form as a browser would post them (character references resolved). */
  private static Map<String, String> hiddenFields(String html) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = HIDDEN.matcher(html);
    while (m.find()) out.put(unescape(m.group(1)), unescape(m.group(2)));
    return out;
  }

  private static String unescape(String s) {
    return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
