package io.identsphere.token;

/**
 * Turns a bearer token into a {@link VerifiedToken} or refuses it. {@link TokenValidator} is the
 * local implementation; {@code IdentSphereClient.sessionCheckingVerifier} adds a check with the
 * identity server, and {@code IdentSphereClient.introspectingVerifier()} verifies opaque tokens
 * by introspection. Implementations are thread-safe.
 */
@FunctionalInterface
public interface TokenVerifier {
  /**
   * Verifies a token and returns what it proves.
   *
   * @param token the bearer token (a compact JWS, or an opaque token for an introspecting verifier)
   * @return the verified token
   * @throws TokenRejectedException if the token is refused
   * @throws io.identsphere.IdentSphereException if the identity server is needed and fails
   */
  VerifiedToken verify(String token);
}
