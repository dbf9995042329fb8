package io.identsphere.testkit;

import io.identsphere.oidc.ClientAuthentication;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A client registered with the fake server.
 *
 * <p>Immutable and thread-safe.
 *
 * @param clientId the client id
 * @param secret the secret, or null for a public client
 * @param authentication how it must authenticate at the token endpoint
 * @param redirectUris exact redirect URIs it may use; an empty list allows any loopback URI
 * @param audience the {@code aud} of its access tokens
 * @param backChannelLogoutUri where the fake server POSTs logout tokens (OpenID Connect Back-Channel
 *     Logout 1.0) when a session of this server ends, or null for none
 */
public record TestClient(String clientId, String secret, ClientAuthentication authentication, List<URI> redirectUris,
    String audience, URI backChannelLogoutUri) {
  /**
   * Checks the components.
   *
   * @param clientId the client id
   * @param secret the secret, or null for a public client
   * @param authentication how it must authenticate at the token endpoint
   * @param redirectUris exact redirect URIs it may use; an empty list allows any loopback URI
   * @param audience the {@code aud} of its access tokens
   * @param backChannelLogoutUri where logout tokens are POSTed, or null for none
   * @throws NullPointerException if {@code clientId}, {@code authentication}, {@code redirectUris} or
   *     {@code audience} is null
   * @throws IllegalArgumentException if a confidential client has no secret
   */
  public TestClient {
    Objects.requireNonNull(clientId, "clientId == null");
    Objects.requireNonNull(authentication, "authentication == null");
    redirectUris = List.copyOf(redirectUris);
    Objects.requireNonNull(audience, "audience == null");
    if (authentication != ClientAuthentication.NONE && secret == null) {
      throw new IllegalArgumentException(authentication + " needs a secret");
    }
  }

  /**
   * A client without a back-channel logout URI.
   *
   * @param clientId the client id
   * @param secret the secret, or null for a public client
   * @param authentication how it must authenticate at the token endpoint
   * @param redirectUris exact redirect URIs it may use; an empty list allows any loopback URI
   * @param audience the {@code aud} of its access tokens
   */
  public TestClient(String clientId, String secret, ClientAuthentication authentication, List<URI> redirectUris,
      String audience) {
    this(clientId, secret, authentication, redirectUris, audience, null);
  }

  /**
   * Returns a copy to which the fake server POSTs a signed logout token ({@code aud} = this client's
   * id, {@code sid} and {@code sub} of the ended session, {@code typ: logout+jwt}) whenever a session
   * ends: on {@code POST /v1/auth/logout} and on end-session with an {@code id_token_hint}. The POST
   * is made before the fake answers the logout, so the client has handled it by then.
   *
   * @param uri the client's back-channel logout URI
   * @return a copy with it
   */
  public TestClient withBackChannelLogoutUri(URI uri) {
    return new TestClient(clientId, secret, authentication, redirectUris, audience, Objects.requireNonNull(uri, "uri == null"));
  }

  /**
   * Returns a confidential client using HTTP Basic, any loopback redirect, audience {@code api}.
   *
   * @param clientId the client id
   * @param secret the secret
   * @return a confidential client using HTTP Basic, any loopback redirect, audience {@code api}
   */
  public static TestClient confidential(String clientId, String secret) {
    return new TestClient(clientId, secret, ClientAuthentication.CLIENT_SECRET_BASIC, List.of(), "api");
  }

  /**
   * Returns a public client (PKCE, no secret), any loopback redirect, audience {@code api}.
   *
   * @param clientId the client id
   * @return a public client (PKCE, no secret), any loopback redirect, audience {@code api}
   */
  public static TestClient publicClient(String clientId) {
    return new TestClient(clientId, null, ClientAuthentication.NONE, List.of(), "api");
  }

  /**
   * Returns a copy whose access tokens carry this audience.
   *
   * @param audience the access token audience
   * @return a copy with that audience
   */
  public TestClient withAudience(String audience) {
    return new TestClient(clientId, secret, authentication, redirectUris, audience, backChannelLogoutUri);
  }

  /**
   * Returns a copy that authenticates at the token endpoint with {@code auth}.
   *
   * @param auth the authentication method
   * @return a copy with it
   */
  public TestClient withAuthentication(ClientAuthentication auth) {
    return new TestClient(clientId, secret, auth, redirectUris, audience, backChannelLogoutUri);
  }

  /**
   * Returns a copy that may use only these exact redirect URIs.
   *
   * @param uris exact redirect URIs
   * @return a copy with them
   */
  public TestClient withRedirectUris(URI... uris) {
    return new TestClient(clientId, secret, authentication, List.of(uris), audience, backChannelLogoutUri);
  }

  @Override
  public String toString() {
    return "TestClient{" + clientId + ", " + authentication + ", audience=" + audience + "}";
  }
}
