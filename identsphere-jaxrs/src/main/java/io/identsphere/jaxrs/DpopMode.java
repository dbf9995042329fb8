package io.identsphere.jaxrs;

/**
 * Whether a resource accepts DPoP-bound tokens (RFC 9449), set for the whole application with
 * {@link IdentSphereFeature.Builder#dpop(DpopMode)} and per resource class or method with
 * {@link Dpop}. The default is {@link #ALLOWED}.
 *
 * <p>In every mode a token bound to a key ({@code cnf.jkt}) is refused when it comes as a bearer
 * token (the {@code Bearer} header or the cookie): accepting it would throw away the binding.
 */
public enum DpopMode {
  /**
   * Only {@code Authorization: DPoP <token>} with a valid {@code DPoP} proof; a bearer token gets
   * 401 with a {@code DPoP} challenge.
   */
  REQUIRED,
  /**
   * Both: bearer tokens that are not bound to a key, and DPoP-bound tokens with proofs. The
   * default; 401 answers carry a {@code Bearer} and a {@code DPoP} challenge.
   */
  ALLOWED,
  /**
   * Bearer tokens only, as without DPoP support: the {@code DPoP} scheme is a 400
   * {@code invalid_request}, and challenges are {@code Bearer} only.
   */
  IGNORED
}
