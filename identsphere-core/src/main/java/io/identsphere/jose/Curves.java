package io.identsphere.jose;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/** The NIST curves JWS uses, and the checks the JDK does not make on every version. */
final class Curves {
  static final ECParameterSpec P256 = spec("secp256r1");
  static final ECParameterSpec P384 = spec("secp384r1");

  private Curves() {}

  private static ECParameterSpec spec(String name) {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec(name));
      return p.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK lacks curve " + name, e);
    }
  }

  /**
   * Returns the JWK {@code crv} name's parameters, or null when unsupported.
   *
   * @return the JWK {@code crv} name's parameters, or null when unsupported
   */
  static ECParameterSpec byJwkName(String crv) {
    if ("P-256".equals(crv)) return P256;
    if ("P-384".equals(crv)) return P384;
    return null;
  }

  static String jwkName(ECParameterSpec spec) {
    if (spec.getOrder().equals(P256.getOrder())) return "P-256";
    if (spec.getOrder().equals(P384.getOrder())) return "P-384";
    return null;
  }

  static int coordinateBytes(ECParameterSpec spec) {
    return (spec.getCurve().getField().getFieldSize() + 7) / 8;
  }

  /** Checks 0 &lt;= x, y &lt; p and y² = x³ + ax + b (mod p): refuses invalid-curve points. */
  static boolean onCurve(ECParameterSpec spec, ECPoint point) {
    if (point.equals(ECPoint.POINT_INFINITY)) return false;
    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
    BigInteger x = point.getAffineX();
    BigInteger y = point.getAffineY();
    if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) return false;
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
    return left.equals(right);
  }
}
