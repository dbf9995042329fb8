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
 */
public record TestClient(String clientId, String secret, ClientAuthentication authentication, List<URI> redirectUris,
    String audience) {
  /**
   * Checks the components.
   *
   * @param clientId the client id
   * @param secret the secret, or null for a public client
   * @param authentication how it must authenticate at the token endpoint
   * @param redirectUris exact redirect URIs it may use; an empty list allows any loopback URI
   * @param audience the {@code aud} of its access tokens
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
    return new TestClient(clientId, secret, authentication, redirectUris, audience);
  }

  /**
   * Returns a copy that authenticates at the token endpoint with {@code auth}.
   *
   * @param auth the authentication method
   * @return a copy with it
   */
  public TestClient withAuthentication(ClientAuthentication auth) {
    return new TestClient(clientId, secret, auth, redirectUris, audience);
  }

  /**
   * Returns a copy that may use only these exact redirect URIs.
   *
   * @param uris exact redirect URIs
   * @return a copy with them
   */
  public TestClient withRedirectUris(URI... uris) {
    return new TestClient(clientId, secret, authentication, List.of(uris), audience);
  }

  @Override
  public String toString() {
    return "TestClient{" + clientId + ", " + authentication + ", audience=" + audience + "}";
  }
}
