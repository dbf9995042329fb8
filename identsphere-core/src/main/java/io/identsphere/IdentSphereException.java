package io.identsphere;

/**
 * The root of every exception this library throws for a failure that is not a programming error:
 * a rejected token ({@code io.identsphere.token.TokenRejectedException}) or a failed exchange with
 * the identity server ({@code io.identsphere.oidc.IdentityServerException}). Messages never contain
 * tokens, signatures, keys, codes or secrets.
 *
 * <p>Not meant to be extended outside this library. Instances are immutable.
 */
public abstract class IdentSphereException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and an optional cause.
   *
   * @param message what went wrong, without secrets
   * @param cause the underlying failure, or null
   */
  protected IdentSphereException(String message, Throwable cause) {
    super(message, cause);
  }
}
