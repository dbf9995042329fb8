package io.identsphere.token;

/**
 * Turns a bearer token into a {@link VerifiedToken} or refuses it. {@link TokenValidator} is the
 * local implementation; {@code IdentSphereClient.sessionCheckingVerifier} adds a check with the
 * identity server. Implementations are thread-safe.
 */
@FunctionalInterface
public interface TokenVerifier {
  /**
   * Verifies a token and returns what it proves.
   *
   * @param token the compact JWS
   * @return the verified token
   * @throws TokenRejectedException if the token is refused
   * @throws io.identsphere.IdentSphereException if the identity server is needed and fails
   */
  VerifiedToken verify(String token);
}
