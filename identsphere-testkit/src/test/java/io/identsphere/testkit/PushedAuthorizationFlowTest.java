package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.dpop.DpopKey;
import io.identsphere.dpop.DpopVerifier;
import io.identsphere.oidc.AuthorizationRequest;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.oidc.TokenResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pushed authorization requests (RFC 9126) from core's client to the fake server, over real loopback HTTP. */
@ExtendWith(IdentSphereExtension.class)
class PushedAuthorizationFlowTest {
  private static final URI CALLBACK = URI.create("http://127.0.0.1:8999/callback");
  private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  static IdentSphereClient client(FakeIdentSphere idp, boolean push) {
    var b = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web").clientSecret(FakeIdentSphere.DEMO_SECRET)
        .audience("api").redirectUri(CALLBACK).clock(idp.clock()).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    return (push ? b.pushAuthorizationRequests() : b).build();
  }

  static HttpResponse<String> open(URI uri) throws Exception {
    return BROWSER.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  static URI browse(URI authorize) throws Exception {
    HttpResponse<String> r = open(authorize);
    assertThat(r.statusCode()).as("authorize answer: %s", r.body()).isEqualTo(302);
    return URI.create(r.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void optIn_loginCompletes_andTheBrowserSeesOnlyClientIdAndRequestUri(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = client(idp, true);
    AuthorizationRequest req = c.authorizationRequest();

    assertThat(Query.parse(req.uri().getRawQuery())).containsOnlyKeys("client_id", "request_uri")
        .containsEntry("client_id", "demo-web");
    assertThat(req.uri().toString()).startsWith(idp.authorizeUri().toString());
    assertThat(req.requestUriExpiresAt()).contains(idp.clock().instant().plusSeconds(60));
    RecordedRequest push = idp.requests(Endpoint.PUSHED_AUTHORIZATION).get(0);
    assertThat(push.header("Authorization")).hasValueSatisfying(h -> assertThat(h).startsWith("Basic "));
    assertThat(push.form()).containsEntry("state", req.state()).containsEntry("nonce", req.nonce())
        .containsEntry("code_challenge", IdentSphereClient.codeChallenge(req.codeVerifier()));

    TokenResponse tokens = c.handleCallback(req, browse(req.uri()));
    assertThat(c.accessTokenValidator().validate(tokens.accessToken()).subject()).isEqualTo("alice");
    assertThat(c.validateIdToken(tokens.idToken().orElseThrow(), req.nonce(), tokens.accessToken()).subject()).isEqualTo("alice");
    assertThat(idp.requests(Endpoint.AUTHORIZE).get(0).query()).containsOnlyKeys("client_id", "request_uri");
  }

  @Test
  void withADpopKey_thePushCarriesAProofForThePushEndpoint_andTheTokensAreBound(FakeIdentSphere idp) throws Exception {
    DpopKey key = DpopKey.generate();
    IdentSphereClient c = IdentSphereClient.newBuilder(idp.issuer()).clientId("demo-web")
        .clientSecret(FakeIdentSphere.DEMO_SECRET).audience("api").redirectUri(CALLBACK).clock(idp.clock())
        .pushAuthorizationRequests().dpop(key).build();
    AuthorizationRequest req = c.authorizationRequest();
    String proof = idp.requests(Endpoint.PUSHED_AUTHORIZATION).get(0).header("DPoP").orElseThrow();
    assertThat(DpopVerifier.newBuilder().clock(idp.clock()).build()
        .verify(proof, "POST", idp.pushedAuthorizationRequestUri()).thumbprint()).isEqualTo(key.thumbprint());
    TokenResponse tokens = c.handleCallback(req, browse(req.uri()));
    assertThat(tokens.isDpopBound()).isTrue();
  }

  @Test
  void theRequestUri_isUsedUpByTheLogin(FakeIdentSphere idp) throws Exception {
    AuthorizationRequest req = client(idp, true).authorizationRequest();
    browse(req.uri());
    HttpResponse<String> again = open(req.uri());
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("Unknown or used request_uri");
  }

  @Test
  void anExpiredRequestUri_isRefusedByTheServer_andTheCallbackThrowsTyped(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = client(idp, true);
    AuthorizationRequest req = c.authorizationRequest();
    idp.clock().advance(Duration.ofSeconds(60)); // expires_in 60: expired at exactly that instant
    assertThat(req.requestUriExpiresAt().orElseThrow()).isEqualTo(idp.clock().instant());

    URI back = browse(req.uri());
    assertThatThrownBy(() -> c.handleCallback(req, back)).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.AUTHORIZATION_ERROR);
      assertThat(e.error()).contains("invalid_request_uri");
    });
  }

  @Test
  void aRequestUriPresentedByAnotherClient_isRefused(FakeIdentSphere idp) throws Exception {
    AuthorizationRequest req = client(idp, true).authorizationRequest();
    String requestUri = Query.parse(req.uri().getRawQuery()).get("request_uri");
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", "demo-spa");
    q.put("request_uri", requestUri);
    assertThat(open(Exchanges.withQuery(idp.authorizeUri(), q)).statusCode()).isEqualTo(400);
  }

  @Test
  void aPushWithAnUnregisteredRedirect_isAnOAuthErrorFromThePushItself(FakeIdentSphere idp) {
    IdentSphereClient c = client(idp, true);
    assertThatThrownBy(() -> c.authorizationRequest(URI.create("https://evil.example/cb"), Map.of()))
        .isInstanceOfSatisfying(IdentityServerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.OAUTH_ERROR);
          assertThat(e.status()).hasValue(400);
          assertThat(e.errorDescription()).contains("redirect_uri is not registered for this client");
        });
  }

  @Test
  void whenTheServerRequiresPar_theClientPushesWithoutOptIn_andAPlainRequestIsRefused() throws Exception {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().requirePushedAuthorizationRequests().build().start()) {
      IdentSphereClient c = client(idp, false);
      assertThat(c.metadata().requirePushedAuthorizationRequests()).isTrue();
      assertThat(c.metadata().pushedAuthorizationRequestEndpoint()).contains(idp.pushedAuthorizationRequestUri());
      AuthorizationRequest req = c.authorizationRequest();
      assertThat(Query.parse(req.uri().getRawQuery())).containsOnlyKeys("client_id", "request_uri");
      assertThat(c.handleCallback(req, browse(req.uri())).accessToken()).isNotEmpty();

      Map<String, String> plain = new LinkedHashMap<>();
      plain.put("response_type", "code");
      plain.put("client_id", "demo-web");
      plain.put("redirect_uri", CALLBACK.toString());
      plain.put("state", "s1");
      plain.put("code_challenge", IdentSphereClient.codeChallenge("v".repeat(43)));
      plain.put("code_challenge_method", "S256");
      URI refused = browse(Exchanges.withQuery(idp.authorizeUri(), plain));
      assertThat(Query.parse(refused.getRawQuery())).containsEntry("error", "invalid_request").containsEntry("state", "s1")
          .containsEntry("error_description", "pushed authorization requests are required (RFC 9126)");
    }
  }
}
