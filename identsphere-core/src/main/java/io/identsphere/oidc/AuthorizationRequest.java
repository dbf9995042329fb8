package io.identsphere.oidc;

import java.net.URI;
import java.util.Objects;

/**
 * One login attempt: the URL to send the browser to, and the values the callback needs. Keep
 * {@link #state()}, {@link #nonce()} and {@link #codeVerifier()} in the user's session (server
 * side, or an integrity-protected cookie) until the callback arrives.
 *
 * <p><b>Security:</b> the code verifier is a secret of this login; never log it or send it to the
 * browser in clear. {@link #toString()} omits it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param uri the authorization URL with {@code response_type=code}, PKCE S256, state and nonce
 * @param state the {@code state} value (RFC 6749 §10.12)
 * @param nonce the {@code nonce} for the ID token (OIDC Core §3.1.2.1)
 * @param codeVerifier the PKCE code verifier, 43 to 128 characters (RFC 7636 §4.1)
 * @param redirectUri the redirect URI the request names; the code exchange must repeat it
 */
public record AuthorizationRequest(URI uri, String state, String nonce, String codeVerifier, URI redirectUri) {
  /**
   * Checks that no component is null.
   *
   * @param uri the authorization URL with {@code response_type=code}, PKCE S256, state and nonce
   * @param state the {@code state} value (RFC 6749 §10.12)
   * @param nonce the {@code nonce} for the ID token (OIDC Core §3.1.2.1)
   * @param codeVerifier the PKCE code verifier, 43 to 128 characters (RFC 7636 §4.1)
   * @param redirectUri the redirect URI the request names; the code exchange must repeat it
   * @throws NullPointerException if a component is null
   */
  public AuthorizationRequest {
    Objects.requireNonNull(uri, "uri == null");
    Objects.requireNonNull(state, "state == null");
    Objects.requireNonNull(nonce, "nonce == null");
    Objects.requireNonNull(codeVerifier, "codeVerifier == null");
    Objects.requireNonNull(redirectUri, "redirectUri == null");
  }

  @Override
  public String toString() {
    return "AuthorizationRequest{uri=" + io.identsphere.internal.http.Http.safe(uri) + ", redirectUri=" + redirectUri + "}";
  }
}
