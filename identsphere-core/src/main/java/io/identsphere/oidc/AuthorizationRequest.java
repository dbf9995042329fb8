package io.identsphere.oidc;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One login attempt: the URL to send the browser to, and the values the callback needs. Keep
 * {@link #state()}, {@link #nonce()} and {@link #codeVerifier()} in the user's session (server
 * side, or an integrity-protected cookie) until the callback arrives.
 *
 * <p>A pushed request (RFC 9126) has a {@link #uri()} that carries only {@code client_id} and
 * {@code request_uri}, and a {@link #requestUriExpiresAt()}: send the browser there before that
 * instant. An identity server that receives an expired {@code request_uri} answers with an error
 * (the fake server redirects with {@code error=invalid_request_uri}), which
 * {@link IdentSphereClient#handleCallback} throws as {@code AUTHORIZATION_ERROR}. The callback itself
 * may come later: the expiry bounds the start of the login, not its length.
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
 * @param requestUriExpiresAt when the pushed {@code request_uri} expires (RFC 9126 §2.2, by the
 *     client's clock when the push was sent); empty for a request that was not pushed
 */
public record AuthorizationRequest(URI uri, String state, String nonce, String codeVerifier, URI redirectUri,
    Optional<Instant> requestUriExpiresAt) {
  /**
   * Checks that no component is null.
   *
   * @param uri the authorization URL with {@code response_type=code}, PKCE S256, state and nonce
   * @param state the {@code state} value (RFC 6749 §10.12)
   * @param nonce the {@code nonce} for the ID token (OIDC Core §3.1.2.1)
   * @param codeVerifier the PKCE code verifier, 43 to 128 characters (RFC 7636 §4.1)
   * @param redirectUri the redirect URI the request names; the code exchange must repeat it
   * @param requestUriExpiresAt when the pushed {@code request_uri} expires; empty when not pushed
   * @throws NullPointerException if a component is null
   */
  public AuthorizationRequest {
    Objects.requireNonNull(uri, "uri == null");
    Objects.requireNonNull(state, "state == null");
    Objects.requireNonNull(nonce, "nonce == null");
    Objects.requireNonNull(codeVerifier, "codeVerifier == null");
    Objects.requireNonNull(redirectUri, "redirectUri == null");
    Objects.requireNonNull(requestUriExpiresAt, "requestUriExpiresAt == null");
  }

  /**
   * A request that was not pushed, as a session that stored the other components restores it.
   *
   * @param uri the authorization URL
   * @param state the {@code state} value (RFC 6749 §10.12)
   * @param nonce the {@code nonce} for the ID token (OIDC Core §3.1.2.1)
   * @param codeVerifier the PKCE code verifier, 43 to 128 characters (RFC 7636 §4.1)
   * @param redirectUri the redirect URI the request names; the code exchange must repeat it
   * @throws NullPointerException if a component is null
   */
  public AuthorizationRequest(URI uri, String state, String nonce, String codeVerifier, URI redirectUri) {
    this(uri, state, nonce, codeVerifier, redirectUri, Optional.empty());
  }

  @Override
  public String toString() {
    return "AuthorizationRequest{uri=" + io.identsphere.internal.http.Http.safe(uri) + ", redirectUri=" + redirectUri
        + requestUriExpiresAt.map(t -> ", requestUriExpiresAt=" + t).orElse("") + "}";
  }
}
