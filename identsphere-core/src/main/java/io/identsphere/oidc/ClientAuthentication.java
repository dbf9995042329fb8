package io.identsphere.oidc;

import io.identsphere.jose.JwsAlgorithm;
import java.security.PrivateKey;
import java.time.Duration;

/**
 * How the client authenticates at the endpoints that authenticate it: token, introspection,
 * revocation and pushed authorization requests (OIDC Core §9, RFC 7523, RFC 9126 §2). Choose one
 * with {@link IdentSphereClientBuilder#clientAuthentication}; without a choice the client picks one
 * from the server's {@code token_endpoint_auth_methods_supported}, as that method describes.
 *
 * <pre>{@code
 * IdentSphereClient.newBuilder(issuer).clientId("orders-batch")
 *     .clientAuthentication(ClientAuthentication.privateKeyJwt(key, "batch-2026", JwsAlgorithm.PS256))
 *     .build();
 * }</pre>
 *
 * <p>The JWT methods send a fresh assertion with every request:
 * {@code client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer} and a
 * {@code client_assertion} whose {@code iss} and {@code sub} are the client id, whose {@code aud}
 * is the issuer (as draft-ietf-oauth-rfc7523bis recommends; see {@link #withTokenEndpointAudience()}),
 * with a random {@code jti} of 256 bits, {@code iat} now and {@code exp} 60 seconds later (see
 * {@link #withAssertionLifetime}).
 *
 * <p><b>Security:</b> a private key or secret is never logged, put into an exception message or
 * printed by {@code toString()}.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface ClientAuthentication permits SecretAuthentication, AssertionAuthentication {
  /** {@code client_secret_basic}: HTTP Basic with the client id and secret (RFC 6749 §2.3.1). */
  ClientAuthentication CLIENT_SECRET_BASIC = SecretAuthentication.BASIC;
  /** {@code client_secret_post}: {@code client_id} and {@code client_secret} in the form body. */
  ClientAuthentication CLIENT_SECRET_POST = SecretAuthentication.POST;
  /** {@code none}: a public client; only {@code client_id} is sent, and PKCE protects the code. */
  ClientAuthentication NONE = SecretAuthentication.NONE;

  /**
   * HTTP Basic with the client id and secret, both form-encoded first (RFC 6749 §2.3.1).
   *
   * @return {@code client_secret_basic}; it needs {@link IdentSphereClientBuilder#clientSecret}
   */
  static ClientAuthentication clientSecretBasic() {
    return CLIENT_SECRET_BASIC;
  }

  /**
   * The client id and secret as form parameters (RFC 6749 §2.3.1).
   *
   * @return {@code client_secret_post}; it needs {@link IdentSphereClientBuilder#clientSecret}
   */
  static ClientAuthentication clientSecretPost() {
    return CLIENT_SECRET_POST;
  }

  /**
   * No client authentication, for a public client: only {@code client_id} is sent.
   *
   * @return {@code none}
   */
  static ClientAuthentication none() {
    return NONE;
  }

  /**
   * A JWT assertion signed with HS256, keyed with the client secret's UTF-8 bytes (OIDC Core §9).
   *
   * @return {@code client_secret_jwt}; it needs {@link IdentSphereClientBuilder#clientSecret} of at
   *     least 32 bytes (the key size HS256 requires, RFC 7518 §3.2), else {@code build()} throws
   */
  static ClientAuthentication clientSecretJwt() {
    return AssertionAuthentication.secretJwt();
  }

  /**
   * A JWT assertion signed with the client's private key (RFC 7523 §2.2, OIDC Core §9), which the
   * server knows by its registered public key.
   *
   * @param key an RSA private key of at least 2048 bits, or an EC private key on the algorithm's curve
   * @param keyId the {@code kid} the server registered the public key under, or null to send none
   * @param algorithm RS256, RS384, RS512, PS256, PS384, PS512, ES256 or ES384
   * @return {@code private_key_jwt}
   * @throws IllegalArgumentException if the algorithm is an HMAC one, does not fit the key, or the
   *     RSA key is shorter than 2048 bits
   * @throws NullPointerException if {@code key} or {@code algorithm} is null
   */
  static ClientAuthentication privateKeyJwt(PrivateKey key, String keyId, JwsAlgorithm algorithm) {
    return AssertionAuthentication.privateKeyJwt(key, keyId, algorithm);
  }

  /**
   * A JWT assertion signed with a private key given as a JWK (RFC 7517 §6.3.1, §6.2.2): an RSA key
   * with {@code d} (and its CRT members when present) or a P-256 / P-384 key with {@code d}. The
   * JWK's {@code kid} is sent; its {@code alg} is used, else RS256 for RSA and ES256 / ES384 for EC.
   *
   * @param privateJwk the private JWK as JSON, from local configuration
   * @return {@code private_key_jwt}
   * @throws IllegalArgumentException if the JSON is not a private RSA or EC JWK, or its key or
   *     {@code alg} is refused as {@link #privateKeyJwt(PrivateKey, String, JwsAlgorithm)} refuses
   *     them; the message never holds key material
   */
  static ClientAuthentication privateKeyJwt(String privateJwk) {
    return PrivateJwk.parse(privateJwk);
  }

  /**
   * The name of the method, as {@code token_endpoint_auth_methods_supported} lists it.
   *
   * @return {@code client_secret_basic}, {@code client_secret_post}, {@code none},
   *     {@code client_secret_jwt} or {@code private_key_jwt}
   */
  String method();

  /**
   * A copy whose assertions carry the token endpoint's URL as {@code aud} instead of the issuer,
   * for servers that follow OIDC Core §9 to the letter (the same value for every endpoint).
   *
   * @return the copy
   * @throws IllegalStateException if this method sends no assertion
   */
  ClientAuthentication withTokenEndpointAudience();

  /**
   * A copy whose assertions expire this long after they are made.
   *
   * @param lifetime from {@code iat} to {@code exp}, at least 1 second and at most 10 minutes
   *     (default 60 s)
   * @return the copy
   * @throws IllegalArgumentException if the lifetime is out of that range
   * @throws IllegalStateException if this method sends no assertion
   */
  ClientAuthentication withAssertionLifetime(Duration lifetime);
}
