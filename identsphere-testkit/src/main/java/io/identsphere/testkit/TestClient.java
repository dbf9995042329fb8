package io.identsphere.testkit;

import io.identsphere.jose.Jwk;
import io.identsphere.oidc.ClientAuthentication;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A client registered with the fake server.
 *
 * <p>Immutable and thread-safe.
 *
 * @param clientId the client id
 * @param secret the secret, or null for a public client and a {@code private_key_jwt} client
 * @param authenticationMethod how it must authenticate (OIDC Core §9): {@code client_secret_basic},
 *     {@code client_secret_post}, {@code client_secret_jwt}, {@code private_key_jwt} or {@code none}
 * @param redirectUris exact redirect URIs it may use; an empty list allows any loopback URI
 * @param audience the {@code aud} of its access tokens when it names no resource (RFC 8707)
 * @param publicKey the key its {@code private_key_jwt} assertions must verify with, or null for
 *     the other methods
 * @param backChannelLogoutUri where the fake server POSTs logout tokens (OpenID Connect Back-Channel
 *     Logout 1.0) when a session of this server ends, or null for none
 */
public record TestClient(String clientId, String secret, String authenticationMethod, List<URI> redirectUris,
    String audience, Jwk publicKey, URI backChannelLogoutUri) {
  private static final Set<String> METHODS = Set.of("client_secret_basic", "client_secret_post", "client_secret_jwt",
      "private_key_jwt", "none");

  /**
   * Checks the components.
   *
   * @param clientId the client id
   * @param secret the secret, or null for a public client and a {@code private_key_jwt} client
   * @param authenticationMethod how it must authenticate
   * @param redirectUris exact redirect URIs it may use; an empty list allows any loopback URI
   * @param audience the {@code aud} of its access tokens when it names no resource
   * @param publicKey the key its {@code private_key_jwt} assertions must verify with, or null
   * @param backChannelLogoutUri where logout tokens are POSTed, or null for none
   * @throws NullPointerException if {@code clientId}, {@code authenticationMethod},
   *     {@code redirectUris} or {@code audience} is null
   * @throws IllegalArgumentException if the method is unknown, a secret-based method has no
   *     secret, a {@code private_key_jwt} client has no public key (or an HMAC one), or another
   *     method has a key
   */
  public TestClient {
    Objects.requireNonNull(clientId, "clientId == null");
    Objects.requireNonNull(authenticationMethod, "authenticationMethod == null");
    redirectUris = List.copyOf(redirectUris);
    Objects.requireNonNull(audience, "audience == null");
    if (!METHODS.contains(authenticationMethod)) {
      throw new IllegalArgumentException("unknown authentication method " + authenticationMethod + "; use one of " + METHODS);
    }
    if (authenticationMethod.startsWith("client_secret_") && secret == null) {
      throw new IllegalArgumentException(authenticationMethod + " needs a secret");
    }
    boolean keyed = authenticationMethod.equals("private_key_jwt");
    if (keyed && (publicKey == null || publicKey.isSymmetric())) {
      throw new IllegalArgumentException("private_key_jwt needs the client's public key");
    }
    if (!keyed && publicKey != null) throw new IllegalArgumentException(authenticationMethod + " takes no public key");
  }

  /**
   * A client that authenticates with a {@link ClientAuthentication} without a key
   * ({@code client_secret_basic}, {@code client_secret_post}, {@code client_secret_jwt}, {@code none}).
   *
   * @param clientId the client id
   * @param secret the secret, or null for a public client
   * @param authentication how it must authenticate
   * @param redirectUris exact redirect URIs it may use; an empty list allows any loopback URI
   * @param audience the {@code aud} of its access tokens when it names no resource
   * @throws IllegalArgumentException as the canonical constructor, and for {@code private_key_jwt}
   *     (use {@link #privateKeyJwt})
   */
  public TestClient(String clientId, String secret, ClientAuthentication authentication, List<URI> redirectUris,
      String audience) {
    this(clientId, secret, Objects.requireNonNull(authentication, "authentication == null").method(), redirectUris,
        audience, null, null);
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
    return new TestClient(clientId, secret, authenticationMethod, redirectUris, audience, publicKey,
        Objects.requireNonNull(uri, "uri == null"));
  }

  /**
   * Returns a confidential client using HTTP Basic, any loopback redirect, audience {@code api}.
   *
   * @param clientId the client id
   * @param secret the secret
   * @return a confidential client using HTTP Basic, any loopback redirect, audience {@code api}
   */
  public static TestClient confidential(String clientId, String secret) {
    return new TestClient(clientId, secret, "client_secret_basic", List.of(), "api", null, null);
  }

  /**
   * Returns a public client (PKCE, no secret), any loopback redirect, audience {@code api}.
   *
   * @param clientId the client id
   * @return a public client (PKCE, no secret), any loopback redirect, audience {@code api}
   */
  public static TestClient publicClient(String clientId) {
    return new TestClient(clientId, null, "none", List.of(), "api", null, null);
  }

  /**
   * Returns a {@code client_secret_jwt} client: its assertions are HS256 over the secret.
   *
   * @param clientId the client id
   * @param secret the shared secret, at least 32 bytes for HS256
   * @return the client, any loopback redirect, audience {@code api}
   */
  public static TestClient clientSecretJwt(String clientId, String secret) {
    return new TestClient(clientId, secret, "client_secret_jwt", List.of(), "api", null, null);
  }

  /**
   * Returns a {@code private_key_jwt} client: its assertions must verify with this public key.
   *
   * @param clientId the client id
   * @param publicKey the client's registered public key (RSA or EC)
   * @return the client, any loopback redirect, audience {@code api}
   */
  public static TestClient privateKeyJwt(String clientId, Jwk publicKey) {
    return new TestClient(clientId, null, "private_key_jwt", List.of(), "api", publicKey, null);
  }

  /**
   * Returns a copy whose access tokens carry this audience.
   *
   * @param audience the access token audience
   * @return a copy with that audience
   */
  public TestClient withAudience(String audience) {
    return new TestClient(clientId, secret, authenticationMethod, redirectUris, audience, publicKey, backChannelLogoutUri);
  }

  /**
   * Returns a copy that authenticates with {@code auth}, a method without a key.
   *
   * @param auth the authentication method
   * @return a copy with it
   */
  public TestClient withAuthentication(ClientAuthentication auth) {
    return new TestClient(clientId, secret, auth.method(), redirectUris, audience, null, backChannelLogoutUri);
  }

  /**
   * Returns a copy that may use only these exact redirect URIs.
   *
   * @param uris exact redirect URIs
   * @return a copy with them
   */
  public TestClient withRedirectUris(URI... uris) {
    return new TestClient(clientId, secret, authenticationMethod, List.of(uris), audience, publicKey, backChannelLogoutUri);
  }

  @Override
  public String toString() {
    return "TestClient{" + clientId + ", " + authenticationMethod + ", audience=" + audience + "}";
  }
}
