package io.identsphere.jose;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/** Signature and MAC checks through JCA, with the length and range checks JCA leaves out. */
final class Signatures {
  private Signatures() {}

  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array: one pool per algorithm
  private static final Pool<Signature>[] SIGNATURES = new Pool[JwsAlgorithm.values().length];

  static {
    for (int i = 0; i < SIGNATURES.length; i++) SIGNATURES[i] = new Pool<>();
  }

  /**
   * Checks a JWS signature or MAC over part of an array. Every failure (a wrong length, an ECDSA
   * {@code r} or {@code s} of zero or not below the curve order, a key of the wrong type, a JCA
   * error) is a plain false, never an exception.
   *
   * @param alg the algorithm the header names (already allowed by the caller)
   * @param key the verification key, of the type {@code alg} needs
   * @param hmac the key's precomputed HMAC for {@code alg}, or null to use JCA's {@code Mac}
   * @param data the bytes that hold the signing input
   * @param off the first byte of the signing input
   * @param len the signing input's length
   * @param sig the decoded signature (for ECDSA, the JWS {@code r || s} form)
   * @return true only when the signature verifies
   */
  static boolean verify(JwsAlgorithm alg, Key key, Hmac hmac, byte[] data, int off, int len, byte[] sig) {
    try {
      switch (alg.family()) {
        case HMAC:
          if (hmac != null) return hmac.verify(data, off, len, sig);
          return verifyMac(alg, (SecretKey) key, data, off, len, sig);
        case RSA:
        case RSA_PSS:
          RSAPublicKey rsa = (RSAPublicKey) key;
          if (sig.length != (rsa.getModulus().bitLength() + 7) / 8) return false;
          return verifySignature(alg, rsa, data, off, len, sig);
        case EC:
          ECPublicKey ec = (ECPublicKey) key;
          int n = alg.ecCoordinateBytes();
          if (sig.length != 2 * n) return false; // CVE-2022-21449 and short-signature defences
          BigInteger order = ec.getParams().getOrder();
          BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 0, n));
          BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, n, 2 * n));
          if (r.signum() == 0 || s.signum() == 0 || r.compareTo(order) >= 0 || s.compareTo(order) >= 0) {
            return false;
          }
          return verifySignature(alg, ec, data, off, len, sig);
        default:
          return false;
      }
    } catch (GeneralSecurityException | ClassCastException e) {
      return false;
    }
  }

  static Signature newSignature(JwsAlgorithm alg) throws GeneralSecurityException {
    if (alg.family() == JwsAlgorithm.Family.RSA_PSS) {
      Signature s = Signature.getInstance("RSASSA-PSS");
      try {
        s.setParameter(pssParams(alg));
      } catch (InvalidAlgorithmParameterException e) {
        throw new IllegalStateException(e);
      }
      return s;
    }
    return Signature.getInstance(alg.jcaName());
  }

  static PSSParameterSpec pssParams(JwsAlgorithm alg) {
    MGF1ParameterSpec mgf = alg == JwsAlgorithm.PS256 ? MGF1ParameterSpec.SHA256
        : alg == JwsAlgorithm.PS384 ? MGF1ParameterSpec.SHA384 : MGF1ParameterSpec.SHA512;
    return new PSSParameterSpec(alg.jcaName(), "MGF1", mgf, alg.hashBytes(), 1);
  }

  private static boolean verifySignature(JwsAlgorithm alg, PublicKey key, byte[] data, int off, int len, byte[] sig)
      throws GeneralSecurityException {
    Pool<Signature> pool = SIGNATURES[alg.ordinal()];
    Signature s = pool.take();
    if (s == null) s = newSignature(alg);
    s.initVerify(key); // resets all state; an idle engine still refers to its last public key (not a secret)
    s.update(data, off, len);
    boolean ok = s.verify(sig);
    pool.give(s); // only after a normal return: a throwing engine is dropped
    return ok;
  }

  /** The fallback for a platform whose digests cannot be cloned: a fresh JCA {@code Mac} per call. */
  private static boolean verifyMac(JwsAlgorithm alg, SecretKey key, byte[] data, int off, int len, byte[] sig)
      throws GeneralSecurityException {
    if (sig.length != alg.hashBytes()) return false;
    Mac mac = Mac.getInstance(alg.jcaName());
    mac.init(key);
    mac.update(data, off, len);
    return MessageDigest.isEqual(mac.doFinal(), sig); // constant time
  }
}
