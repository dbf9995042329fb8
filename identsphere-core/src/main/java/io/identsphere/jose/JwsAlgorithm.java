package io.identsphere.jose;

import java.util.Optional;

/**
 * The JWS algorithms (RFC 7518 §3) this library verifies and the testkit signs. {@code none} is
 * deliberately absent: an unsecured JWS is never accepted.
 */
public enum JwsAlgorithm {
  /** RSASSA-PKCS1-v1_5 with SHA-256. */
  RS256(Family.RSA, "SHA256withRSA", 32),
  /** RSASSA-PKCS1-v1_5 with SHA-384. */
  RS384(Family.RSA, "SHA384withRSA", 48),
  /** RSASSA-PKCS1-v1_5 with SHA-512. */
  RS512(Family.RSA, "SHA512withRSA", 64),
  /** RSASSA-PSS with SHA-256 and MGF1-SHA-256, salt 32 bytes. */
  PS256(Family.RSA_PSS, "SHA-256", 32),
  /** RSASSA-PSS with SHA-384 and MGF1-SHA-384, salt 48 bytes. */
  PS384(Family.RSA_PSS, "SHA-384", 48),
  /** RSASSA-PSS with SHA-512 and MGF1-SHA-512, salt 64 bytes. */
  PS512(Family.RSA_PSS, "SHA-512", 64),
  /** ECDSA on P-256 with SHA-256. */
  ES256(Family.EC, "SHA256withECDSAinP1363Format", 32),
  /** ECDSA on P-384 with SHA-384. */
  ES384(Family.EC, "SHA384withECDSAinP1363Format", 48),
  /** HMAC with SHA-256; keys of at least 32 bytes. */
  HS256(Family.HMAC, "HmacSHA256", 32),
  /** HMAC with SHA-384; keys of at least 48 bytes. */
  HS384(Family.HMAC, "HmacSHA384", 48),
  /** HMAC with SHA-512; keys of at least 64 bytes. */
  HS512(Family.HMAC, "HmacSHA512", 64);

  /** Key families: which JWK {@code kty} an algorithm needs. */
  public enum Family {
    /** {@code kty: RSA}, PKCS#1 v1.5 signatures. */
    RSA,
    /** {@code kty: RSA}, PSS signatures. */
    RSA_PSS,
    /** {@code kty: EC}. */
    EC,
    /** {@code kty: oct}, a shared secret. */
    HMAC
  }

  private final Family family;
  private final String jcaName;
  private final int hashBytes;

  JwsAlgorithm(Family family, String jcaName, int hashBytes) {
    this.family = family;
    this.jcaName = jcaName;
    this.hashBytes = hashBytes;
  }

  /**
   * Returns the key family this algorithm needs.
   *
   * @return the key family this algorithm needs
   */
  public Family family() {
    return family;
  }

  /**
   * Tells whether this is an HMAC algorithm, whose keys must stay local.
   *
   * @return true for the HMAC algorithms, whose keys must stay local
   */
  public boolean isSymmetric() {
    return family == Family.HMAC;
  }

  /**
   * Returns the JCA algorithm name (for PSS: the digest name).
   *
   * @return the JCA algorithm name (for PSS: the digest name)
   */
  public String jcaName() {
    return jcaName;
  }

  /**
   * Returns the hash output length in bytes, which is also the minimum HMAC key length.
   *
   * @return the hash output length in bytes; the minimum HMAC key length
   */
  public int hashBytes() {
    return hashBytes;
  }

  /**
   * Returns the ES* curve's coordinate length in bytes (the signature is twice that); 0 for other algorithms.
   *
   * @return for ES*, the curve's coordinate length in bytes (the signature is twice that); else 0
   */
  public int ecCoordinateBytes() {
    return family == Family.EC ? hashBytes : 0;
  }

  /**
   * Looks up an algorithm by its JWS {@code alg} name.
   *
   * @param name a JWS {@code alg} value, case-sensitive
   * @return the algorithm, or empty for {@code none} and anything unsupported
   */
  public static Optional<JwsAlgorithm> fromName(String name) {
    if (name == null) return Optional.empty();
    for (JwsAlgorithm a : values()) {
      if (a.name().equals(name)) return Optional.of(a);
    }
    return Optional.empty();
  }
}
