package io.identsphere.jose;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import org.junit.jupiter.api.Test;

/** The curve table and the on-curve check that keeps invalid-curve points out of JWKs. */
class CurvesTest {
  private static BigInteger p(ECParameterSpec spec) {
    return ((ECFieldFp) spec.getCurve().getField()).getP();
  }

  /** A square root mod p (p = 3 mod 4 for both curves), or null. */
  private static BigInteger sqrt(BigInteger v, BigInteger p) {
    BigInteger r = v.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
    return r.multiply(r).mod(p).equals(v.mod(p)) ? r : null;
  }

  /** The smallest x > 0 with a point (x, y) on the curve, as {x, y}. */
  private static BigInteger[] smallPoint(ECParameterSpec spec) {
    BigInteger p = p(spec);
    for (BigInteger x = BigInteger.ONE; ; x = x.add(BigInteger.ONE)) {
      BigInteger rhs = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
      BigInteger y = sqrt(rhs, p);
      if (y != null) return new BigInteger[] {x, y};
    }
  }

  @Test
  void byJwkName_knowsP256AndP384Only_andNamesThemBack() {
    assertThat(Curves.byJwkName("P-256")).isSameAs(Curves.P256);
    assertThat(Curves.byJwkName("P-384")).isSameAs(Curves.P384);
    assertThat(Curves.byJwkName("P-521")).isNull();
    assertThat(Curves.byJwkName("p-256")).isNull();
    assertThat(Curves.byJwkName(null)).isNull();
    assertThat(Curves.jwkName(Curves.P256)).isEqualTo("P-256");
    assertThat(Curves.jwkName(Curves.P384)).isEqualTo("P-384");
    assertThat(Curves.coordinateBytes(Curves.P256)).isEqualTo(32);
    assertThat(Curves.coordinateBytes(Curves.P384)).isEqualTo(48);
  }

  @Test
  void onCurve_acceptsTheGeneratorAndASmallPoint_andRefusesInfinityAndNeighbours() {
    for (ECParameterSpec spec : new ECParameterSpec[] {Curves.P256, Curves.P384}) {
      assertThat(Curves.onCurve(spec, spec.getGenerator())).isTrue();
      BigInteger[] xy = smallPoint(spec);
      assertThat(Curves.onCurve(spec, new ECPoint(xy[0], xy[1]))).isTrue();
      assertThat(Curves.onCurve(spec, new ECPoint(xy[0], xy[1].add(BigInteger.ONE)))).isFalse();
      assertThat(Curves.onCurve(spec, ECPoint.POINT_INFINITY)).isFalse();
    }
  }

  @Test
  void onCurve_refusesCoordinatesOutsideTheField_evenWhenTheyReduceToAPointOnTheCurve() {
    for (ECParameterSpec spec : new ECParameterSpec[] {Curves.P256, Curves.P384}) {
      BigInteger p = p(spec);
      BigInteger[] xy = smallPoint(spec);
      assertThat(Curves.onCurve(spec, new ECPoint(xy[0].add(p), xy[1]))).as("x + p").isFalse();
      assertThat(Curves.onCurve(spec, new ECPoint(xy[0], xy[1].add(p)))).as("y + p").isFalse();
      assertThat(Curves.onCurve(spec, new ECPoint(xy[0].subtract(p), xy[1]))).as("x - p").isFalse();
      assertThat(Curves.onCurve(spec, new ECPoint(xy[0], xy[1].subtract(p)))).as("y - p").isFalse();
      // Exactly p: the boundary of the range check (p = 0 mod p).
      BigInteger y0 = sqrt(spec.getCurve().getB(), p);
      if (y0 != null) {
        assertThat(Curves.onCurve(spec, new ECPoint(BigInteger.ZERO, y0))).isTrue();
        assertThat(Curves.onCurve(spec, new ECPoint(p, y0))).as("x = p").isFalse();
      }
    }
  }
}
