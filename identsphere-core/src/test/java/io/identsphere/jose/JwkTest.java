package io.identsphere.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class JwkTest {
  private static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(bits);
    return g.generateKeyPair();
  }

  @Test
  void rsa1024_isRefusedWithSize() throws Exception {
    KeyPair kp = rsa(1024);
    assertThatThrownBy(() -> Jwk.fromPublicKey(kp.getPublic(), "k", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("RSA key too small: 1024 bits, at least 2048 required");
  }

  @Test
  void hmacSecretShorterThanHash_isRefused() {
    assertThatThrownBy(() -> Jwk.fromSecret(new byte[31], "s", JwsAlgorithm.HS256))
        .hasMessage("HMAC secret too short: 248 bits, at least 256 bits required for HS256");
    assertThatThrownBy(() -> Jwk.fromSecret(new byte[32], "s", JwsAlgorithm.HS512))
        .hasMessageContaining("at least 512 bits");
  }

  @Test
  void publicJson_roundTrips_andThumbprintIsStable() throws Exception {
    Jwk k = Jwk.fromPublicKey(rsa(2048).getPublic(), "k1", JwsAlgorithm.RS256);
    Jwk back = Jwk.parse(k.toPublicJson());
    assertThat(back.keyId()).contains("k1");
    assertThat(back.algorithm()).contains("RS256");
    assertThat(back.thumbprint()).isEqualTo(k.thumbprint()).hasSize(43);
  }

  @Test
  void ecKey_roundTrips_andOffCurvePointIsRefused() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    Jwk k = Jwk.fromPublicKey(g.generateKeyPair().getPublic(), "e1", JwsAlgorithm.ES256);
    assertThat(k.permits(JwsAlgorithm.ES256)).isTrue();
    assertThat(k.permits(JwsAlgorithm.ES384)).isFalse();
    String json = k.toPublicJson();
    String y = (String) ((java.util.Map<?, ?>) io.identsphere.internal.json.Json.parse(json)).get("y");
    String badY = (y.charAt(0) == 'A' ? "B" : "A") + y.substring(1);
    assertThatThrownBy(() -> Jwk.parse(json.replace(y, badY))).hasMessage("EC point is not on the curve");
  }

  @Test
  void permits_respectsAlgUseAndKeyOps() throws Exception {
    String n = (String) ((java.util.Map<?, ?>) io.identsphere.internal.json.Json.parse(
        Jwk.fromPublicKey(rsa(2048).getPublic(), null, null).toPublicJson())).get("n");
    Jwk enc = Jwk.parse("{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"" + n + "\",\"use\":\"enc\"}");
    assertThat(enc.permits(JwsAlgorithm.RS256)).isFalse();
    Jwk ops = Jwk.parse("{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"" + n + "\",\"key_ops\":[\"encrypt\"]}");
    assertThat(ops.permits(JwsAlgorithm.RS256)).isFalse();
    Jwk any = Jwk.parse("{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"" + n + "\"}");
    assertThat(any.permits(JwsAlgorithm.RS256)).isTrue();
    assertThat(any.permits(JwsAlgorithm.PS256)).isTrue();
    assertThat(any.permits(JwsAlgorithm.HS256)).isFalse();
    assertThatThrownBy(() -> Jwk.parse("{\"kty\":\"RSA\",\"e\":\"Aw\",\"n\":\"" + n + "\"}"))
        .hasMessageContaining("at least 65537");
    assertThatThrownBy(() -> Jwk.parse("{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"" + n + "\",\"alg\":\"ES256\"}"))
        .hasMessage("JWK alg ES256 does not fit kty RSA");
  }

  @Test
  void secret_isNeverPublishedOrPrinted() {
    Jwk s = Jwk.fromSecret(new byte[32], "s1", JwsAlgorithm.HS256);
    assertThatThrownBy(s::toPublicJson).isInstanceOf(IllegalStateException.class);
    assertThat(s.toString()).isEqualTo("Jwk{kty=oct, kid=s1, alg=HS256}");
  }

  @Test
  void set_refusesMixedAndDuplicateKids_andPublishedDropsSecrets() throws Exception {
    Jwk rsaKey = Jwk.fromPublicKey(rsa(2048).getPublic(), "k1", null);
    Jwk secret = Jwk.fromSecret(new byte[32], "s1", JwsAlgorithm.HS256);
    assertThatThrownBy(() -> JwkSet.of(rsaKey, secret)).hasMessageContaining("mixes HMAC secrets with public keys");
    assertThatThrownBy(() -> JwkSet.of(rsaKey, Jwk.parse(rsaKey.toPublicJson()))).hasMessageContaining("two keys with kid \"k1\"");
    String published = "{\"keys\":[" + rsaKey.toPublicJson() + ",{\"kty\":\"oct\",\"kid\":\"s\",\"k\":\""
        + "A".repeat(43) + "\"},{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AA\"}]}";
    JwkSet set = JwkSet.parsePublished(published.getBytes(), 65536, "test");
    assertThat(set.keys()).hasSize(1);
    assertThat(set.find("k1")).isPresent();
    assertThat(set.find("s")).isEmpty();
  }
}
