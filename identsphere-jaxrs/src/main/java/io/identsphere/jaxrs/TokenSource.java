package io.identsphere.jaxrs;

/** Where the adapter looks for an access token, in the configured order. */
public enum TokenSource {
  /** {@code Authorization: Bearer <token>} (RFC 6750 §2.1). */
  BEARER_HEADER,
  /** The access-token cookie ({@code identsphere_at} by default). */
  COOKIE
}
