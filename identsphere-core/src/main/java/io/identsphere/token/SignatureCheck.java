package io.identsphere.token;

import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.jose.KeySource;
import io.identsphere.token.TokenRejectedException.Reason;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The checks of {@link TokenValidator} before any claim is read, in this order: the token's
 * length, its JWS syntax (through {@link CompactJws#parse}, which also refuses {@code none}, an
 * unknown {@code alg} and any {@code crit} header), the algorithm allow-list, and a key of the key
 * source that has the token's {@code kid}, {@linkplain Jwk#permits permits} its algorithm and
 * verifies its signature. The key, not the token header, decides: an HS256 token is never checked
 * against an RSA key.
 *
 * <p>Immutable and thread-safe.
 */
final class SignatureCheck {
  /** The default allow-list: RS256/384/512, PS256/384/512, ES256/384. */
  static final Set<JwsAlgorithm> ASYMMETRIC = Collections.unmodifiableSet(EnumSet.of(JwsAlgorithm.RS256,
      JwsAlgorithm.RS384, JwsAlgorithm.RS512, JwsAlgorithm.PS256, JwsAlgorithm.PS384, JwsAlgorithm.PS512,
      JwsAlgorithm.ES256, JwsAlgorithm.ES384));

  final KeySource keySource;
  final Set<JwsAlgorithm> algorithms;
  final int maxTokenLength;
  private final EnumSet<JwsAlgorithm> allowed; // the set itself, unwrapped: a contains() the JIT inlines

  SignatureCheck(KeySource keySource, Set<JwsAlgorithm> algorithms, int maxTokenLength) {
    this.keySource = keySource;
    this.allowed = EnumSet.copyOf(algorithms);
    this.algorithms = Collections.unmodifiableSet(allowed);
    this.maxTokenLength = maxTokenLength;
  }

  /**
   * Checks length, syntax, algorithm and signature; no claim checks.
   *
   * @param token the compact JWS
   * @return the token split and decoded, its signature verified
   * @throws TokenRejectedException if a check fails
   */
  CompactJws verify(String token) {
    Objects.requireNonNull(token, "token == null");
    if (token.length() > maxTokenLength) {
      throw new TokenRejectedException(Reason.TOO_LARGE,
          "token is " + token.length() + " characters, at most " + maxTokenLength + " accepted");
    }
    if (token.isEmpty()) throw new TokenRejectedException(Reason.MALFORMED, "token is empty");
    CompactJws jws = CompactJws.parse(token);
    JwsAlgorithm alg = jws.algorithm;
    if (!allowed.contains(alg)) {
      throw new TokenRejectedException(Reason.UNSUPPORTED_ALGORITHM,
          "alg " + alg + " is not allowed; allowed: " + algorithms);
    }
    List<Jwk> keys = keySource.candidates(Optional.ofNullable(jws.keyId));
    boolean anyPermits = false;
    boolean verified = false;
    for (int i = 0; i < keys.size(); i++) { // indexed: no iterator
      Jwk key = keys.get(i);
      if (!key.permits(alg)) continue;
      anyPermits = true;
      if (key.verify(alg, jws.ascii, 0, jws.signingInputLength, jws.signature)) {
        verified = true;
        jws.key = key;
        break;
      }
    }
    if (verified) return jws;
    String kidText = jws.keyId == null ? "no kid" : "kid \"" + CompactJws.shorten(jws.keyId) + "\"";
    if (!anyPermits) {
      throw new TokenRejectedException(Reason.UNKNOWN_KEY, "no key with " + kidText + " permits " + alg);
    }
    throw new TokenRejectedException(Reason.BAD_SIGNATURE, "the " + alg + " signature does not verify (" + kidText + ")");
  }
}
