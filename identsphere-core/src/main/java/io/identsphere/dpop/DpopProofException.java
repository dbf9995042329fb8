package io.identsphere.dpop;

import io.identsphere.IdentSphereException;
import java.util.Objects;
import java.util.Optional;

/**
 * A DPoP proof, or the binding between proof and token, was refused. {@link #reason()} says why;
 * {@link Reason#errorCode()} is the RFC 9449 error a resource server answers with. The message
 * never contains the proof, the token or key material.
 *
 * <p>Immutable.
 */
public final class DpopProofException extends IdentSphereException {
  private static final long serialVersionUID = 1L;

  /** Why a proof was refused. */
  public enum Reason {
    /** No {@code DPoP} header, or more than one. */
    MISSING,
    /** Longer than the verifier's maximum proof length. */
    TOO_LARGE,
    /** Not a JWS compact serialization with JSON header and claims, or a claim of the wrong type. */
    MALFORMED,
    /** The {@code typ} header is not {@code dpop+jwt}. */
    WRONG_TYPE,
    /** {@code alg} is symmetric, {@code none}, unknown or not in the verifier's allow-list. */
    UNSUPPORTED_ALGORITHM,
    /** The {@code jwk} header is missing, holds private or symmetric key material, or is not a usable public key. */
    BAD_KEY,
    /** The signature does not verify with the {@code jwk} header's key. */
    BAD_SIGNATURE,
    /** {@code htm} is not the request's method. */
    WRONG_METHOD,
    /** {@code htu} is not the request's URI. */
    WRONG_URI,
    /** {@code iat} is older than the verifier's window allows. */
    EXPIRED,
    /** {@code iat} is in the future beyond the clock skew. */
    ISSUED_IN_FUTURE,
    /** {@code jti} was seen before within the window: a replay. */
    REPLAYED,
    /** The replay cache is full of live entries; the proof cannot be checked for replay now. */
    REPLAY_CACHE_FULL,
    /** A resource request's proof has no {@code ath}. */
    MISSING_ACCESS_TOKEN_HASH,
    /** {@code ath} is not the hash of the presented access token. */
    WRONG_ACCESS_TOKEN_HASH,
    /** The access token has no {@code cnf.jkt}: it is not bound to a key. */
    TOKEN_NOT_BOUND,
    /** The access token's {@code cnf.jkt} is not the proof key's thumbprint. */
    KEY_MISMATCH,
    /** The server demands a nonce and the proof has none. */
    NONCE_REQUIRED,
    /** The proof's nonce is not (or no longer) one the server issued. */
    BAD_NONCE;

    /**
     * The error a resource server answers with for this reason.
     *
     * @return {@code use_dpop_nonce} for the nonce reasons, {@code invalid_token} when the token
     *     is not bound to the proof's key, otherwise {@code invalid_dpop_proof} (RFC 9449 §7.1, §8)
     */
    public String errorCode() {
      switch (this) {
        case NONCE_REQUIRED:
        case BAD_NONCE:
          return "use_dpop_nonce";
        case TOKEN_NOT_BOUND:
        case KEY_MISMATCH:
          return "invalid_token";
        default:
          return "invalid_dpop_proof";
      }
    }
  }

  /** Why the proof was refused. */
  private final Reason reason;
  /** The server's current nonce for a nonce failure, else null. */
  private final String nonce;

  DpopProofException(Reason reason, String message) {
    this(reason, message, null);
  }

  DpopProofException(Reason reason, String message, String nonce) {
    super(message, null);
    this.reason = Objects.requireNonNull(reason, "reason == null");
    this.nonce = nonce;
  }

  /**
   * Returns why the proof was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * The nonce the client must use, for the {@code DPoP-Nonce} response header.
   *
   * @return the server's current nonce, for {@link Reason#NONCE_REQUIRED} and {@link Reason#BAD_NONCE}
   */
  public Optional<String> nonce() {
    return Optional.ofNullable(nonce);
  }
}
