package io.identsphere.jaxrs;

import java.util.List;

/**
 * Where the adapter looks for an access token, in the configured order
 * ({@link IdentSphereFeature.Builder#tokenSources}). The first source that carries a token decides:
 * a request with both is judged by the first one's token alone.
 */
public enum TokenSource {
  /** {@code Authorization: Bearer <token>} (RFC 6750 §2.1). */
  BEARER_HEADER,
  /** The access-token cookie ({@code identsphere_at} by default). */
  COOKIE;

  /**
   * The adapter's default order: the {@code Authorization} header, then the cookie. A header is
   * what the caller chose to send for this request; a cookie is ambient (the browser attaches it
   * to every request to the site), so when both are present the deliberate credential decides.
   */
  public static final List<TokenSource> HEADER_FIRST = List.of(BEARER_HEADER, COOKIE);

  /**
   * The order of IdentSphere's integration guide (its Pattern 2): the {@code identsphere_at}
   * cookie, then the {@code Authorization} header. Choose it to behave exactly as the guide's
   * sample apps do for a browser that also sends a header.
   */
  public static final List<TokenSource> GUIDE_ORDER = List.of(COOKIE, BEARER_HEADER);
}
