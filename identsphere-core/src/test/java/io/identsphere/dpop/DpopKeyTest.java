package io.identsphere.dpop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.Json;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwsAlgorithm;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link DpopKey} and {@link DpopProof}: keys, thumbprints and the proofs they sign. */
class DpopKeyTest {
  @Test
  void thumbprint_ofTheRfc9449ExampleKey_isTheRfcsJkt() {
    // RFC 9449 §4.2's example proof key and the cnf.jkt of §6.1's example token.
    Jwk example = Jwk.parse("{\"kty\":\"EC\",\"x\":\"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs\","
        + "\"y\":\"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA\",\"crv\":\"P-256\"}");
    assertThat(example.thumbprint()).isEqualTo("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");
  }

  @Test
  void thumbprint_ofTheRfc7638ExampleKey_isTheRfcsThumbprint() {
    Jwk example = Jwk.parse("{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\",\"e\":\"AQAB\",\"alg\":\"RS256\",\"kid\":\"2011-04-29\"}");
    assertThat(example.thumbprint()).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  }

  @Test
  void generate_defaultsToEs256_andPublishesOnlyThePublicKey() {
    DpopKey key = DpopKey.generate();
    assertThat(key.algorithm()).isEqualTo(JwsAlgorithm.ES256);
    assertThat(key.publicJwk().keyType()).isEqualTo("EC");
    assertThat(key.publicJwk().toPublicJson()).doesNotContain("\"d\"");
    assertThat(key.thumbprint()).isEqualTo(key.publicJwk().thumbprint()).hasSize(43);
    assertThat(key.toString()).contains(key.thumbprint()).doesNotContain("\"x\"");
  }

  @Test
  void generate_refusesAlgorithmsOtherThanEs256Rs256Ps256() {
    assertThatThrownBy(() -> DpopKey.generate(JwsAlgorithm.HS256)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ES256, RS256 or PS256");
    assertThatThrownBy(() -> DpopKey.generate(JwsAlgorithm.ES384)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void of_refusesAPairWhoseHalvesDoNotBelongTogether_andAPairOfTheWrongFamily() throws Exception {
    KeyPair a = ec();
    KeyPair b = ec();
    assertThatThrownBy(() -> DpopKey.of(new KeyPair(a.getPublic(), b.getPrivate()), JwsAlgorithm.ES256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    assertThatThrownBy(() -> DpopKey.of(a, JwsAlgorithm.RS256)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RS256 needs an RSA key pair");
    assertThat(DpopKey.of(a, JwsAlgorithm.ES256).thumbprint()).isEqualTo(Jwk.fromPublicKey(a.getPublic(), null, null).thumbprint());
  }

  @Test
  void fromPrivateJwk_readsEcAndRsaKeys() throws Exception {
    KeyPair a = ec();
    Map<String, Object> pub = Json.parseObject(Jwk.fromPublicKey(a.getPublic(), null, null).toPublicJson());
    String d = Base64Url.encode(unsigned(((ECPrivateKey) a.getPrivate()).getS(), 32));
    String json = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + pub.get("x") + "\",\"y\":\"" + pub.get("y")
        + "\",\"d\":\"" + d + "\"}";
    DpopKey key = DpopKey.fromPrivateJwk(json, JwsAlgorithm.ES256);
    assertThat(key.thumbprint()).isEqualTo(DpopKey.of(a, JwsAlgorithm.ES256).thumbprint());
    assertThatThrownBy(() -> DpopKey.fromPrivateJwk(json.replace(",\"d\":\"" + d + "\"", ""), JwsAlgorithm.ES256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"d\" is missing").hasMessageNotContaining(d);
    assertThatThrownBy(() -> DpopKey.fromPrivateJwk("{\"kty\":\"oct\",\"k\":\"" + Base64Url.encode(new byte[32]) + "\"}",
        JwsAlgorithm.ES256)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shared secret");
  }

  @Test
  void proof_hasTheRfc9449HeaderAndClaims() {
    DpopKey key = DpopKey.generate();
    Instant now = Instant.parse("2026-11-22T12:00:00Z");
    String proof = key.proof("POST", URI.create("https://id.example.test/token?x=1#f"))
        .clock(Clock.fixed(now, ZoneOffset.UTC)).nonce("n-1").accessToken("at").build();
    String[] parts = proof.split("\\.");
    Map<String, Object> header = Json.parseObject(new String(Base64Url.decode(parts[0]), StandardCharsets.UTF_8));
    Map<String, Object> claims = Json.parseObject(new String(Base64Url.decode(parts[1]), StandardCharsets.UTF_8));
    assertThat(header).containsEntry("typ", "dpop+jwt").containsEntry("alg", "ES256");
    assertThat(new java.util.TreeSet<Object>(((Map<?, ?>) header.get("jwk")).keySet())).containsExactly("crv", "kty", "x", "y");
    assertThat(claims).containsEntry("htm", "POST").containsEntry("htu", "https://id.example.test/token")
        .containsEntry("iat", now.getEpochSecond()).containsEntry("nonce", "n-1")
        .containsEntry("ath", DpopProof.accessTokenHash("at"));
    assertThat((String) claims.get("jti")).hasSize(22);
    String again = key.proof("POST", URI.create("https://id.example.test/token")).build();
    assertThat(Json.parseObject(new String(Base64Url.decode(again.split("\\.")[1]), StandardCharsets.UTF_8)).get("jti"))
        .isNotEqualTo(claims.get("jti"));
  }

  @Test
  void accessTokenHash_isBase64urlSha256() throws Exception {
    byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest("abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(DpopProof.accessTokenHash("abc")).isEqualTo(Base64Url.encode(h));
  }

  @Test
  void authorize_addsTheDpopAuthorizationAndAProofForThatRequest() {
    DpopKey key = DpopKey.generate();
    URI api = URI.create("https://api.example.test/orders?page=2");
    HttpRequest r = key.authorize(HttpRequest.newBuilder(api), "GET", api, "tok", "n").build();
    assertThat(r.headers().firstValue("Authorization")).contains("DPoP tok");
    String proof = r.headers().firstValue("DPoP").orElseThrow();
    VerifiedDpopProof p = DpopVerifier.newBuilder().build().verify(proof, "GET", api);
    assertThat(p.thumbprint()).isEqualTo(key.thumbprint());
    assertThat(p.nonce()).contains("n");
  }

  private static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static byte[] unsigned(BigInteger v, int size) {
    byte[] b = v.toByteArray();
    if (b.length > size) b = Arrays.copyOfRange(b, b.length - size, b.length);
    byte[] out = new byte[size];
    System.arraycopy(b, 0, out, size - b.length, b.length);
    return out;
  }
}
