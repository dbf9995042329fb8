package io.identsphere.jose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The algorithm table: names, families, hash sizes, EC coordinate sizes. */
class JwsAlgorithmTest {
  @Test
  void fromName_isExactAndCaseSensitive_andNeverYieldsNone() {
    for (JwsAlgorithm a : JwsAlgorithm.values()) assertThat(JwsAlgorithm.fromName(a.name())).contains(a);
    assertThat(JwsAlgorithm.fromName("none")).isEmpty();
    assertThat(JwsAlgorithm.fromName("rs256")).isEmpty();
    assertThat(JwsAlgorithm.fromName("ES512")).isEmpty();
    assertThat(JwsAlgorithm.fromName("")).isEmpty();
    assertThat(JwsAlgorithm.fromName(null)).isEmpty();
  }

  @Test
  void ecCoordinateBytes_isTheCurveSizeForEsAndZeroOtherwise() {
    assertThat(JwsAlgorithm.ES256.ecCoordinateBytes()).isEqualTo(32);
    assertThat(JwsAlgorithm.ES384.ecCoordinateBytes()).isEqualTo(48);
    for (JwsAlgorithm a : JwsAlgorithm.values()) {
      if (a.family() != JwsAlgorithm.Family.EC) assertThat(a.ecCoordinateBytes()).as("%s", a).isZero();
    }
  }

  @Test
  void familiesHashSizesAndSymmetry_matchRfc7518() {
    assertThat(JwsAlgorithm.RS384.family()).isEqualTo(JwsAlgorithm.Family.RSA);
    assertThat(JwsAlgorithm.PS512.family()).isEqualTo(JwsAlgorithm.Family.RSA_PSS);
    assertThat(JwsAlgorithm.ES384.family()).isEqualTo(JwsAlgorithm.Family.EC);
    assertThat(JwsAlgorithm.HS384.family()).isEqualTo(JwsAlgorithm.Family.HMAC);
    for (JwsAlgorithm a : JwsAlgorithm.values()) {
      int bits = Integer.parseInt(a.name().substring(2));
      assertThat(a.hashBytes()).as("%s", a).isEqualTo(bits / 8);
      assertThat(a.isSymmetric()).as("%s", a).isEqualTo(a.name().startsWith("HS"));
    }
    assertThat(JwsAlgorithm.PS384.jcaName()).isEqualTo("SHA-384");
    assertThat(JwsAlgorithm.HS512.jcaName()).isEqualTo("HmacSHA512");
  }
}
