package io.identsphere.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.Json;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.oidc.AuthorizationRequest;
import io.identsphere.oidc.ClientAuthentication;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.oidc.TokenResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code client_secret_jwt} and {@code private_key_jwt} (RFC 7523, OIDC Core §9) from core's client
 * to the fake server over real loopback HTTP, at every endpoint that authenticates the client.
 */
@ExtendWith(IdentSphereExtension.class)
class JwtClientAuthenticationFlowTest {
  private static final URI CALLBACK = URI.create("http://127.0.0.1:8999/callback");
  private static final String LONG_SECRET = "jwt-client-secret-for-tests-0123456789-abcdef";
  private static final KeyPair RSA = generate("RSA", 2048);
  private static final KeyPair OTHER_RSA = generate("RSA", 2048);
  private static final KeyPair EC = generate("EC", 256);

  static KeyPair generate(String alg, int size) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
      g.initialize(size);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Registers a client for the method named and returns a client builder that authenticates with it. */
  static IdentSphereClient register(FakeIdentSphere idp, String method) {
    var b = IdentSphereClient.newBuilder(idp.issuer()).clientId(method).audience("api").redirectUri(CALLBACK)
        .clock(idp.clock()).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)).pushAuthorizationRequests();
    switch (method) {
      case "client_secret_jwt":
        idp.addClient(TestClient.clientSecretJwt(method, LONG_SECRET));
        return b.clientSecret(LONG_SECRET).clientAuthentication(ClientAuthentication.clientSecretJwt()).build();
      case "ES256":
        idp.addClient(TestClient.privateKeyJwt(method, Jwk.fromPublicKey(EC.getPublic(), "ec-1", JwsAlgorithm.ES256)));
        return b.clientAuthentication(ClientAuthentication.privateKeyJwt(EC.getPrivate(), "ec-1", JwsAlgorithm.ES256)).build();
      default:
        JwsAlgorithm alg = JwsAlgorithm.valueOf(method);
        idp.addClient(TestClient.privateKeyJwt(method, Jwk.fromPublicKey(RSA.getPublic(), "rsa-1", alg)));
        return b.clientAuthentication(ClientAuthentication.privateKeyJwt(RSA.getPrivate(), "rsa-1", alg)).build();
    }
  }

  static URI browse(URI authorize) throws Exception {
    HttpResponse<String> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
        .send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("authorize answer: %s", r.body()).isEqualTo(302);
    return URI.create(r.headers().firstValue("Location").orElseThrow());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> claims(String jws) {
    return (Map<String, Object>) Json.parse(new String(Base64Url.decode(jws.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"client_secret_jwt", "RS256", "PS256", "ES256"})
  void everyEndpointThatAuthenticatesTheClient_acceptsTheAssertion(String method, FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = register(idp, method);
    AuthorizationRequest req = c.authorizationRequest(); // PAR
    TokenResponse tokens = c.handleCallback(req, browse(req.uri())); // token: code
    assertThat(c.introspect(tokens.accessToken()).active()).isTrue(); // introspection
    assertThat(c.introspect(tokens.accessToken()).user().orElseThrow().subject()).isEqualTo("alice");
    TokenResponse refreshed = c.refresh(tokens.refreshToken().orElseThrow()); // token: refresh
    c.revoke(refreshed.refreshToken().orElseThrow(), "refresh_token"); // revocation
    assertThat(c.introspect(refreshed.refreshToken().orElseThrow()).active()).isFalse();
    assertThat(c.clientCredentials().accessToken()).isNotEmpty(); // token: client credentials

    String expectedAlg = method.equals("client_secret_jwt") ? "HS256" : method;
    for (Endpoint e : new Endpoint[] {Endpoint.PUSHED_AUTHORIZATION, Endpoint.TOKEN, Endpoint.INTROSPECTION, Endpoint.REVOCATION}) {
      for (RecordedRequest r : idp.requests(e)) {
        assertThat(r.header("Authorization")).as("%s", e).isEmpty();
        assertThat(r.form()).as("%s", e).containsEntry("client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer").containsEntry("client_id", method).doesNotContainKey("client_secret");
        String assertion = r.form().get("client_assertion");
        assertThat(new String(Base64Url.decode(assertion.split("\\.")[0]), StandardCharsets.UTF_8)).contains("\"alg\":\"" + expectedAlg + "\"");
        assertThat(claims(assertion)).containsEntry("iss", method).containsEntry("sub", method).containsEntry("aud", idp.issuer());
      }
    }
    assertThat(idp.count(Endpoint.TOKEN)).isEqualTo(3);
  }

  @Test
  void aReplayedAssertion_isRefused(FakeIdentSphere idp) throws Exception {
    IdentSphereClient c = register(idp, "RS256");
    c.clientCredentials();
    String assertion = idp.requests(Endpoint.TOKEN).get(0).form().get("client_assertion");

    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    form.put("client_assertion", assertion);
    HttpResponse<String> replay = HttpClient.newHttpClient().send(HttpRequest.newBuilder(idp.tokenUri())
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(Query.form(form)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("invalid_client").contains("was already used");
    assertThat(c.clientCredentials().accessToken()).isNotEmpty(); // a fresh jti passes
  }

  @Test
  void anAssertionSignedByAnUnregisteredKey_isInvalidClient(FakeIdentSphere idp) {
    idp.addClient(TestClient.privateKeyJwt("wrong-key", Jwk.fromPublicKey(RSA.getPublic(), "rsa-1", JwsAlgorithm.RS256)));
    IdentSphereClient c = IdentSphereClient.newBuilder(idp.issuer()).clientId("wrong-key").ignoreAudience().clock(idp.clock())
        .clientAuthentication(ClientAuthentication.privateKeyJwt(OTHER_RSA.getPrivate(), "rsa-1", JwsAlgorithm.RS256)).build();
    assertThatThrownBy(c::clientCredentials).isInstanceOfSatisfying(IdentityServerException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.OAUTH_ERROR);
      assertThat(e.status()).hasValue(401);
      assertThat(e.error()).contains("invalid_client");
      assertThat(e.errorDescription()).hasValueSatisfying(d -> assertThat(d).contains("signature"));
    });
  }

  @Test
  void anExpiredAssertion_isInvalidClient(FakeIdentSphere idp) {
    register(idp, "ES256");
    Clock late = Clock.fixed(idp.clock().instant().minusSeconds(61), ZoneOffset.UTC); // exp = now - 1 s at the server
    IdentSphereClient c = IdentSphereClient.newBuilder(idp.issuer()).clientId("ES256").ignoreAudience().clock(late)
        .clientAuthentication(ClientAuthentication.privateKeyJwt(EC.getPrivate(), "ec-1", JwsAlgorithm.ES256)).build();
    assertThatThrownBy(c::clientCredentials).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.errorDescription()).hasValueSatisfying(d -> assertThat(d).contains("expired")));
  }

  @Test
  void theTokenEndpointAsAudience_isAccepted(FakeIdentSphere idp) {
    register(idp, "PS256");
    IdentSphereClient c = IdentSphereClient.newBuilder(idp.issuer()).clientId("PS256").ignoreAudience().clock(idp.clock())
        .clientAuthentication(ClientAuthentication.privateKeyJwt(RSA.getPrivate(), "rsa-1", JwsAlgorithm.PS256)
            .withTokenEndpointAudience()).build();
    assertThat(c.clientCredentials().accessToken()).isNotEmpty();
    assertThat(claims(idp.requests(Endpoint.TOKEN).get(0).form().get("client_assertion")))
        .containsEntry("aud", idp.tokenUri().toString());
  }

  @Test
  void aChosenMethodTheServerDoesNotAdvertise_failsAtFirstUse_beforeAnyRequest() {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().advertisedAuthMethods("client_secret_basic", "none").build().start()) {
      IdentSphereClient c = register(idp, "RS256");
      assertThatThrownBy(c::clientCredentials).isInstanceOf(IllegalStateException.class)
          .hasMessage("client authentication private_key_jwt is not in the server's token_endpoint_auth_methods_supported"
              + " [\"client_secret_basic\", \"none\"]; choose one of them with clientAuthentication(...)");
      assertThatThrownBy(c::authorizationRequest).isInstanceOf(IllegalStateException.class); // PAR authenticates too
      assertThat(idp.count(Endpoint.TOKEN) + idp.count(Endpoint.PUSHED_AUTHORIZATION)).isZero();
    }
  }

  @Test
  void withoutAChoice_aServerThatAdvertisesOnlyClientSecretJwt_getsAnAssertion() {
    try (FakeIdentSphere idp = FakeIdentSphere.newBuilder().advertisedAuthMethods("client_secret_jwt").build().start()) {
      idp.addClient(TestClient.clientSecretJwt("auto", LONG_SECRET));
      IdentSphereClient c = IdentSphereClient.newBuilder(idp.issuer()).clientId("auto").clientSecret(LONG_SECRET)
          .ignoreAudience().clock(idp.clock()).build();
      assertThat(c.clientCredentials().accessToken()).isNotEmpty();
      assertThat(idp.requests(Endpoint.TOKEN).get(0).form()).containsKey("client_assertion");
    }
  }

  @Test
  void aSecretJwtClientThatSendsItsSecret_isRefused(FakeIdentSphere idp) {
    idp.addClient(TestClient.clientSecretJwt("strict", LONG_SECRET));
    IdentSphereClient c = IdentSphereClient.newBuilder(idp.issuer()).clientId("strict").clientSecret(LONG_SECRET)
        .clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST).ignoreAudience().clock(idp.clock()).build();
    assertThatThrownBy(c::clientCredentials).isInstanceOfSatisfying(IdentityServerException.class,
        e -> assertThat(e.errorDescription()).contains("client must use client_secret_jwt"));
  }
}
