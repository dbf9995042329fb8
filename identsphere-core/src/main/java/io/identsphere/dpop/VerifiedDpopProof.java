package io.identsphere.dpop;

import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwsAlgorithm;
import java.time.Instant;
import java.util.Optional;

/**
 * A DPoP proof that a {@link DpopVerifier} accepted: what it proves about the request.
 *
 * <p>Immutable and thread-safe.
 */
public final class VerifiedDpopProof {
  private final JwsAlgorithm algorithm;
  private final Jwk key;
  private final String thumbprint;
  private final Instant issuedAt;
  private final String nonce;

  VerifiedDpopProof(JwsAlgorithm algorithm, Jwk key, String thumbprint, Instant issuedAt, String nonce) {
    this.algorithm = algorithm;
    this.key = key;
    this.thumbprint = thumbprint;
    this.issuedAt = issuedAt;
    this.nonce = nonce;
  }

  /**
   * The algorithm the proof was signed with.
   *
   * @return the algorithm
   */
  public JwsAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * The public key from the proof's {@code jwk} header.
   *
   * @return the public key
   */
  public Jwk key() {
    return key;
  }

  /**
   * The RFC 7638 thumbprint of the proof key: what an identity server writes into {@code cnf.jkt}
   * when it issues a bound token.
   *
   * @return the base64url SHA-256 thumbprint
   */
  public String thumbprint() {
    return thumbprint;
  }

  /**
   * The proof's {@code iat}.
   *
   * @return when the client says it made the proof
   */
  public Instant issuedAt() {
    return issuedAt;
  }

  /**
   * The proof's {@code nonce}, already checked when the verifier has nonces.
   *
   * @return the nonce, if the proof has one
   */
  public Optional<String> nonce() {
    return Optional.ofNullable(nonce);
  }

  @Override
  public String toString() {
    return "VerifiedDpopProof{alg=" + algorithm + ", jkt=" + thumbprint + ", iat=" + issuedAt + "}";
  }
}
