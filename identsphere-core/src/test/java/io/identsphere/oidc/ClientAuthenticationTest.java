package io.identsphere.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.Json;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.TestTokens;
import io.identsphere.token.TokenValidator;
import io.identsphere.token.VerifiedToken;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client authentication (OIDC Core §9, RFC 7523): the assertions are decoded and their claims,
 * headers and signatures checked with real keys; the choice of a method from discovery.
 */
class ClientAuthenticationTest {
  private static final String ISSUER = "https://id.example.com";
  private static final String TOKEN_ENDPOINT = "https://id.example.com/oauth2/token";
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final String LONG_SECRET = "a-client-secret-of-more-than-32-bytes-0123456789";
  private static final KeyPair EC256 = TestTokens.generate("EC", 256);
  private static final KeyPair EC384 = TestTokens.generate("EC", 384);

  private static ProviderMetadata metadata(List<String> methods) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", ISSUER);
    doc.put("authorization_endpoint", ISSUER + "/authorize");
    doc.put("token_endpoint", TOKEN_ENDPOINT);
    doc.put("jwks_uri", ISSUER + "/jwks");
    if (methods != null) doc.put("token_endpoint_auth_methods_supported", methods);
    return ProviderMetadata.from(doc, "discovery document", false);
  }

  private static ClientSettings settings(String secret, ClientAuthentication auth) {
    ClientSettings.Draft d = new ClientSettings.Draft(ISSUER);
    d.clientId = "orders-batch";
    d.clientSecret = secret;
    d.clientAuth = auth;
    d.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return d.freeze();
  }

  /** Applies the method to a request and returns the form parameters it added. */
  private static Map<String, Object> apply(ClientSettings s, ProviderMetadata md) {
    Map<String, Object> params = new LinkedHashMap<>();
    new ClientAuthenticator(s).apply(md, HttpRequest.newBuilder(URI.create(TOKEN_ENDPOINT)), params, new ArrayList<>());
    return params;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> part(String jws, int index) {
    return (Map<String, Object>) Json.parse(new String(Base64Url.decode(jws.split("\\.")[index]), StandardCharsets.UTF_8));
  }

  private static VerifiedToken verify(String assertion, Jwk key, JwsAlgorithm alg, String audience) {
    return TokenValidator.newBuilder().keySource(JwkSet.of(key)).allowAlgorithms(alg).expectIssuer("orders-batch")
        .expectAudience(audience).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build().validate(assertion);
  }

  @ParameterizedTest
  @EnumSource(value = JwsAlgorithm.class, names = {"RS256", "PS256", "ES256"})
  void privateKeyJwt_assertionCarriesTheRfc7523Claims_andVerifiesWithThePublicKey(JwsAlgorithm alg) {
    KeyPair pair = alg == JwsAlgorithm.ES256 ? EC256 : TestTokens.RSA;
    Map<String, Object> p = apply(settings(null, ClientAuthentication.privateKeyJwt(pair.getPrivate(), "batch-1", alg)),
        metadata(null));

    assertThat(p).containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        .containsEntry("client_id", "orders-batch").doesNotContainKey("client_secret");
    String assertion = (String) p.get("client_assertion");
    assertThat(part(assertion, 0)).isEqualTo(Map.of("alg", alg.name(), "kid", "batch-1", "typ", "JWT"));
    Map<String, Object> claims = part(assertion, 1);
    assertThat(claims).containsEntry("iss", "orders-batch").containsEntry("sub", "orders-batch").containsEntry("aud", ISSUER)
        .containsEntry("iat", NOW.getEpochSecond()).containsEntry("exp", NOW.getEpochSecond() + 60);
    assertThat((String) claims.get("jti")).matches("[A-Za-z0-9_-]{43}"); // 256 random bits
    VerifiedToken t = verify(assertion, Jwk.fromPublicKey(pair.getPublic(), "batch-1", alg), alg, ISSUER);
    assertThat(t.subject()).isEqualTo("orders-batch");
    assertThat(t.expiresAt()).contains(NOW.plusSeconds(60));
  }

  @Test
  void privateKeyJwt_aSignatureByAnotherKey_doesNotVerify() {
    Map<String, Object> p = apply(settings(null, ClientAuthentication.privateKeyJwt(TestTokens.OTHER_RSA.getPrivate(), "batch-1",
        JwsAlgorithm.RS256)), metadata(null));
    assertThatThrownBy(() -> verify((String) p.get("client_assertion"),
        Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "batch-1", JwsAlgorithm.RS256), JwsAlgorithm.RS256, ISSUER))
        .hasMessageContaining("signature");
  }

  @Test
  void clientSecretJwt_isHs256OverTheSecret_andEachAssertionHasItsOwnJti() {
    ClientSettings s = settings(LONG_SECRET, ClientAuthentication.clientSecretJwt());
    String first = (String) apply(s, metadata(null)).get("client_assertion");
    String second = (String) apply(s, metadata(null)).get("client_assertion");

    assertThat(part(first, 0)).containsEntry("alg", "HS256").doesNotContainKey("kid");
    Jwk key = Jwk.fromSecret(LONG_SECRET.getBytes(StandardCharsets.UTF_8), null, JwsAlgorithm.HS256);
    assertThat(verify(first, key, JwsAlgorithm.HS256, ISSUER).subject()).isEqualTo("orders-batch");
    assertThat(part(second, 1).get("jti")).isNotEqualTo(part(first, 1).get("jti"));
  }

  @Test
  void withTokenEndpointAudience_andLifetime_changeAudAndExp() {
    ClientAuthentication auth = ClientAuthentication.privateKeyJwt(EC256.getPrivate(), null, JwsAlgorithm.ES256)
        .withTokenEndpointAudience().withAssertionLifetime(Duration.ofSeconds(30));
    Map<String, Object> claims = part((String) apply(settings(null, auth), metadata(null)).get("client_assertion"), 1);

    assertThat(claims).containsEntry("aud", TOKEN_ENDPOINT).containsEntry("exp", NOW.getEpochSecond() + 30);
    assertThat(auth.toString()).contains("private_key_jwt", "ES256", "token endpoint");
  }

  @Test
  void assertionOptions_outOfRangeOrOnASecretMethod_areRefused() {
    ClientAuthentication jwt = ClientAuthentication.clientSecretJwt();
    assertThatThrownBy(() -> jwt.withAssertionLifetime(Duration.ofMinutes(11))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 s and 10 min");
    assertThatThrownBy(() -> jwt.withAssertionLifetime(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClientAuthentication.CLIENT_SECRET_BASIC.withTokenEndpointAudience())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("client_secret_basic sends no assertion");
  }

  @Test
  void clientSecretJwt_withASecretShorterThan32Bytes_isRefusedAtBuild_withoutTheSecret() {
    assertThatThrownBy(() -> IdentSphereClient.newBuilder(ISSUER).clientId("c").clientSecret("short-secret-31-bytes-012345678")
        .clientAuthentication(ClientAuthentication.clientSecretJwt()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least 32 bytes").hasMessageContaining("has 31")
        .hasMessageNotContaining("short-secret");
    assertThatThrownBy(() -> IdentSphereClient.newBuilder(ISSUER).clientId("c")
        .clientAuthentication(ClientAuthentication.clientSecretJwt()).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("client_secret_jwt needs a clientSecret");
  }

  @Test
  void privateKeyJwt_refusesKeysThatDoNotFitTheAlgorithm() {
    KeyPair rsa1024 = TestTokens.generate("RSA", 1024);
    assertThatThrownBy(() -> ClientAuthentication.privateKeyJwt(TestTokens.RSA.getPrivate(), "k", JwsAlgorithm.HS256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use clientSecretJwt()");
    assertThatThrownBy(() -> ClientAuthentication.privateKeyJwt(TestTokens.RSA.getPrivate(), "k", JwsAlgorithm.ES256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ES256 needs an EC private key");
    assertThatThrownBy(() -> ClientAuthentication.privateKeyJwt(rsa1024.getPrivate(), "k", JwsAlgorithm.RS256))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("RSA key has 1024 bits, at least 2048 are required");
    assertThatThrownBy(() -> ClientAuthentication.privateKeyJwt(EC384.getPrivate(), "k", JwsAlgorithm.ES256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found a 384-bit curve");
  }

  @Test
  void privateKeyJwt_fromAPrivateRsaJwk_signsWithItsKidAndAlg() {
    RSAPrivateCrtKey k = (RSAPrivateCrtKey) TestTokens.RSA.getPrivate();
    String jwk = "{\"kty\":\"RSA\",\"kid\":\"from-jwk\",\"alg\":\"PS256\",\"n\":\"" + b64(k.getModulus().toByteArray())
        + "\",\"e\":\"" + b64(k.getPublicExponent().toByteArray()) + "\",\"d\":\"" + b64(k.getPrivateExponent().toByteArray())
        + "\",\"p\":\"" + b64(k.getPrimeP().toByteArray()) + "\",\"q\":\"" + b64(k.getPrimeQ().toByteArray())
        + "\",\"dp\":\"" + b64(k.getPrimeExponentP().toByteArray()) + "\",\"dq\":\"" + b64(k.getPrimeExponentQ().toByteArray())
        + "\",\"qi\":\"" + b64(k.getCrtCoefficient().toByteArray()) + "\"}";
    String assertion = (String) apply(settings(null, ClientAuthentication.privateKeyJwt(jwk)), metadata(null)).get("client_assertion");

    assertThat(part(assertion, 0)).containsEntry("alg", "PS256").containsEntry("kid", "from-jwk");
    assertThat(verify(assertion, Jwk.fromPublicKey(TestTokens.RSA.getPublic(), "from-jwk", JwsAlgorithm.PS256), JwsAlgorithm.PS256,
        ISSUER).subject()).isEqualTo("orders-batch");
  }

  @Test
  void privateKeyJwt_fromAPrivateEcJwk_defaultsToEs256_andAPublicJwkIsRefused() {
    ECPublicKey pub = (ECPublicKey) EC256.getPublic();
    String x = b64(fixed(pub.getW().getAffineX().toByteArray()));
    String y = b64(fixed(pub.getW().getAffineY().toByteArray()));
    String d = b64(fixed(((ECPrivateKey) EC256.getPrivate()).getS().toByteArray()));
    String publicOnly = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"ec\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}";
    String assertion = (String) apply(settings(null, ClientAuthentication.privateKeyJwt(publicOnly.replace("}", ",\"d\":\"" + d + "\"}"))),
        metadata(null)).get("client_assertion");

    assertThat(part(assertion, 0)).containsEntry("alg", "ES256");
    assertThat(verify(assertion, Jwk.fromPublicKey(pub, "ec", JwsAlgorithm.ES256), JwsAlgorithm.ES256, ISSUER).subject())
        .isEqualTo("orders-batch");
    assertThatThrownBy(() -> ClientAuthentication.privateKeyJwt(publicOnly)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("private JWK member \"d\" must be a string");
    assertThatThrownBy(() -> ClientAuthentication.privateKeyJwt("{\"kty\":\"oct\",\"k\":\"" + d + "\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("private JWK kty \"oct\" is not RSA or EC");
    assertThatThrownBy(() -> ClientAuthentication.privateKeyJwt("{\"kty\":\"EC\",\"crv\":\"P-256\",\"d\":\"" + d + "\",\"alg\":\"RS256\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(d);
  }

  @Test
  void withoutAChoice_theMethodFollowsTokenEndpointAuthMethodsSupported() {
    assertThat(new ClientAuthenticator(settings(LONG_SECRET, null)).choose(metadata(null))).isSameAs(ClientAuthentication.CLIENT_SECRET_BASIC);
    assertThat(new ClientAuthenticator(settings(LONG_SECRET, null)).choose(metadata(List.of("private_key_jwt", "client_secret_post",
        "client_secret_basic")))).isSameAs(ClientAuthentication.CLIENT_SECRET_BASIC);
    assertThat(new ClientAuthenticator(settings(LONG_SECRET, null)).choose(metadata(List.of("client_secret_jwt", "client_secret_post"))))
        .isSameAs(ClientAuthentication.CLIENT_SECRET_POST);
    assertThat(new ClientAuthenticator(settings(LONG_SECRET, null)).choose(metadata(List.of("client_secret_jwt"))).method())
        .isEqualTo("client_secret_jwt");
    assertThat(new ClientAuthenticator(settings(null, null)).choose(metadata(List.of("private_key_jwt"))))
        .isSameAs(ClientAuthentication.NONE);
    assertThatThrownBy(() -> new ClientAuthenticator(settings("short", null)).choose(metadata(List.of("client_secret_jwt"))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("of fewer than 32 bytes");
    assertThatThrownBy(() -> new ClientAuthenticator(settings(LONG_SECRET, null)).choose(metadata(List.of("private_key_jwt",
        "tls_client_auth")))).isInstanceOf(IllegalStateException.class)
        .hasMessage("the server's token_endpoint_auth_methods_supported [\"private_key_jwt\", \"tls_client_auth\"] has no method"
            + " for a client secret; choose one with clientAuthentication(...)");
  }

  @Test
  void aChosenMethodTheServerDoesNotList_isRefusedWithBothNames() {
    ClientSettings s = settings(LONG_SECRET, ClientAuthentication.CLIENT_SECRET_POST);
    assertThatThrownBy(() -> new ClientAuthenticator(s).choose(metadata(List.of("client_secret_basic", "private_key_jwt\n"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("client authentication client_secret_post is not in the server's token_endpoint_auth_methods_supported"
            + " [\"client_secret_basic\", \"private_key_jwt\\n\"]; choose one of them with clientAuthentication(...)");
    assertThat(new ClientAuthenticator(s).choose(metadata(null))).isSameAs(ClientAuthentication.CLIENT_SECRET_POST);
    // A public client is not held to the list: Keycloak, for one, does not list "none".
    assertThat(new ClientAuthenticator(settings(null, ClientAuthentication.NONE)).choose(metadata(List.of("client_secret_basic",
        "private_key_jwt")))).isSameAs(ClientAuthentication.NONE);
  }

  @Test
  void anAssertionTheServerEchoesInItsError_isRedacted() throws Exception {
    try (LocalServer server = new LocalServer()) {
      Fixtures.serveDiscovery(server, Map.of());
      server.handlers.put("/token", ex -> {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String assertion = io.identsphere.internal.http.Http.parseQuery(body).get("client_assertion");
        LocalServer.send(ex, 401, "application/json", "{\"error\":\"invalid_client\",\"error_description\":\"bad assertion "
            + assertion + "\"}", Map.of());
      });
      IdentSphereClient c = IdentSphereClient.newBuilder(server.base()).clientId("orders-batch").clientSecret(LONG_SECRET)
          .clientAuthentication(ClientAuthentication.clientSecretJwt()).build();
      assertThatThrownBy(c::clientCredentials).isInstanceOfSatisfying(IdentityServerException.class, e -> {
        assertThat(e.errorDescription()).contains("bad assertion [redacted]");
        assertThat(e.getMessage()).contains("[redacted]").doesNotContain("eyJ");
      });
    }
  }

  @Test
  void toString_namesTheMethod_neverTheKey() {
    ClientAuthentication a = ClientAuthentication.privateKeyJwt(TestTokens.RSA.getPrivate(), "k1", JwsAlgorithm.RS256);
    assertThat(a).hasToString("private_key_jwt{alg=RS256, kid=k1, lifetime=PT1M}");
    assertThat(ClientAuthentication.clientSecretPost()).hasToString("client_secret_post");
    assertThat(ClientAuthentication.none().method()).isEqualTo("none");
  }

  private static String b64(byte[] b) {
    return Base64Url.encode(b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b);
  }

  /** Left-pads or trims a big-endian value to 32 bytes. */
  private static byte[] fixed(byte[] b) {
    byte[] out = new byte[32];
    int n = Math.min(32, b.length);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    return out;
  }
}
