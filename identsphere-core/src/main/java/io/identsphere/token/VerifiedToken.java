package io.identsphere.token;

import io.identsphere.IdentSphereUser;
import io.identsphere.jose.JwsAlgorithm;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A token whose signature, algorithm, times, issuer, audience and required claims were checked by a
 * {@link TokenValidator}, or an opaque token that the identity server declared active by
 * introspection (RFC 7662), its answer checked by the same issuer, audience, time and
 * token-confusion rules ({@link #introspected()}; see {@code IdentSphereClient.introspectingVerifier()}).
 * Claims are reachable only through this type, so code that reads claims cannot have skipped
 * verification.
 *
 * <p>Immutable and thread-safe.
 */
public final class VerifiedToken {
  private final JwsAlgorithm algorithm;
  private final String keyId;
  private final String type;
  private final Map<String, Object> header;
  private final Map<String, Object> claims;
  private final IdentSphereUser user;

  static {
    io.identsphere.internal.access.TokenAccess.register((claims, user) ->
        new VerifiedToken(null, null, null, Map.of(), claims, user));
  }

  VerifiedToken(JwsAlgorithm algorithm, String keyId, String type, Map<String, Object> header,
      Map<String, Object> claims, IdentSphereUser user) {
    this.algorithm = algorithm;
    this.keyId = keyId;
    this.type = type;
    this.header = header;
    this.claims = claims;
    this.user = user;
  }

  /**
   * Returns the algorithm the signature was verified with.
   *
   * @return the algorithm the signature was verified with
   * @throws IllegalStateException if the token was {@linkplain #introspected() introspected}: no
   *     signature was verified here
   */
  public JwsAlgorithm algorithm() {
    if (algorithm == null) throw new IllegalStateException("an introspected token has no signature algorithm");
    return algorithm;
  }

  /**
   * Whether the identity server vouched for this token by introspection (RFC 7662) instead of a
   * local signature check; then {@link #claims()} are the members of its answer (including
   * {@code active}), {@link #header()} is empty and {@link #algorithm()} throws.
   *
   * @return true for an opaque token checked by introspection
   */
  public boolean introspected() {
    return algorithm == null;
  }

  /**
   * Returns the {@code kid} header.
   *
   * @return the {@code kid} header
   */
  public Optional<String> keyId() {
    return Optional.ofNullable(keyId);
  }

  /**
   * Returns the {@code typ} header.
   *
   * @return the {@code typ} header
   */
  public Optional<String> type() {
    return Optional.ofNullable(type);
  }

  /**
   * Returns the protected header as plain JDK values (unmodifiable).
   *
   * @return the protected header as plain JDK values (unmodifiable)
   */
  public Map<String, Object> header() {
    return header;
  }

  /**
   * Returns every claim as plain JDK values (unmodifiable).
   *
   * @return every claim as plain JDK values (unmodifiable)
   */
  public Map<String, Object> claims() {
    return claims;
  }

  /**
   * Returns any claim by name, as the JSON parser produced it.
   *
   * @param name a claim name
   * @return the claim's value; empty when absent or JSON {@code null}
   */
  public Optional<Object> claim(String name) {
    return Optional.ofNullable(claims.get(name));
  }

  /**
   * Returns the {@code iss} claim.
   *
   * @return the {@code iss} claim
   */
  public Optional<String> issuer() {
    Object v = claims.get("iss");
    return v instanceof String ? Optional.of((String) v) : Optional.empty();
  }

  /**
   * Returns the {@code sub} claim, or an empty string.
   *
   * @return the {@code sub} claim, or an empty string
   */
  public String subject() {
    return user.subject();
  }

  /**
   * Returns the {@code aud} claim as a list (a single string becomes one element).
   *
   * @return the {@code aud} claim as a list (a single string becomes one element)
   */
  public List<String> audience() {
    return Expectations.audienceOf(claims.get("aud"));
  }

  /**
   * Returns the {@code exp} claim.
   *
   * @return the {@code exp} claim
   */
  public Optional<Instant> expiresAt() {
    return user.expiresAt();
  }

  /**
   * Returns the typed user the claims describe.
   *
   * @return the typed user the claims describe
   */
  public IdentSphereUser user() {
    return user;
  }

  @Override
  public String toString() {
    return "VerifiedToken{" + (algorithm == null ? "introspected" : "alg=" + algorithm) + (keyId == null ? "" : ", kid=" + keyId) + ", " + user + "}";
  }
}
