package io.identsphere.oidc;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.jose.JwsSigner;
import io.identsphere.jose.JwsAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JWT assertion methods (RFC 7523 §2.2, OIDC Core §9): {@code client_secret_jwt} (HS256 over
 * the client secret) and {@code private_key_jwt} (a private key). Immutable and thread-safe.
 */
final class AssertionAuthentication implements ClientAuthentication {
  /** The {@code client_assertion_type} of a JWT assertion (RFC 7523 §2.2). */
  static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  /** The shortest client secret {@code client_secret_jwt} accepts: the HS256 key size (RFC 7518 §3.2). */
  static final int MIN_SECRET_BYTES = 32;
  private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
  private static final Duration MAX_LIFETIME = Duration.ofMinutes(10);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrivateKey key; // null for client_secret_jwt
  private final String keyId;
  private final JwsAlgorithm algorithm;
  private final boolean tokenEndpointAudience;
  private final Duration lifetime;

  private AssertionAuthentication(PrivateKey key, String keyId, JwsAlgorithm algorithm, boolean tokenEndpointAudience,
      Duration lifetime) {
    this.key = key;
    this.keyId = keyId;
    this.algorithm = algorithm;
    this.tokenEndpointAudience = tokenEndpointAudience;
    this.lifetime = lifetime;
  }

  static AssertionAuthentication secretJwt() {
    return new AssertionAuthentication(null, null, JwsAlgorithm.HS256, false, DEFAULT_LIFETIME);
  }

  static AssertionAuthentication privateKeyJwt(PrivateKey key, String keyId, JwsAlgorithm algorithm) {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(algorithm, "algorithm == null");
    switch (algorithm.family()) {
      case RSA:
      case RSA_PSS:
        if (!(key instanceof RSAKey)) throw new IllegalArgumentException(algorithm + " needs an RSA private key, found " + key.getAlgorithm());
        int bits = ((RSAKey) key).getModulus().bitLength();
        if (bits < 2048) throw new IllegalArgumentException("RSA key has " + bits + " bits, at least 2048 are required");
        break;
      case EC:
        if (!(key instanceof ECPrivateKey)) throw new IllegalArgumentException(algorithm + " needs an EC private key, found " + key.getAlgorithm());
        int size = (((ECPrivateKey) key).getParams().getCurve().getField().getFieldSize() + 7) / 8;
        if (size != algorithm.ecCoordinateBytes()) {
          throw new IllegalArgumentException(algorithm + " needs a key on its curve (" + algorithm.ecCoordinateBytes() * 8
              + " bits), found a " + size * 8 + "-bit curve");
        }
        break;
      default:
        throw new IllegalArgumentException(algorithm + " is an HMAC algorithm; use clientSecretJwt() for a shared secret");
    }
    return new AssertionAuthentication(key, keyId, algorithm, false, DEFAULT_LIFETIME);
  }

  @Override
  public String method() {
    return key == null ? "client_secret_jwt" : "private_key_jwt";
  }

  boolean usesSecret() {
    return key == null;
  }

  boolean tokenEndpointAudience() {
    return tokenEndpointAudience;
  }

  @Override
  public ClientAuthentication withTokenEndpointAudience() {
    return new AssertionAuthentication(key, keyId, algorithm, true, lifetime);
  }

  @Override
  public ClientAuthentication withAssertionLifetime(Duration lifetime) {
    Objects.requireNonNull(lifetime, "lifetime == null");
    if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException("assertion lifetime must be between 1 s and 10 min, found " + lifetime);
    }
    return new AssertionAuthentication(key, keyId, algorithm, tokenEndpointAudience, lifetime);
  }

  /**
   * Makes a fresh assertion.
   *
   * @param clientId {@code iss} and {@code sub}
   * @param secret the client secret (for {@code client_secret_jwt}), else ignored
   * @param audience the {@code aud}
   * @param now {@code iat}
   * @return the compact JWS
   */
  String assertion(String clientId, String secret, String audience, Instant now) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", algorithm.name());
    if (keyId != null) header.put("kid", keyId);
    header.put("typ", "JWT");
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", clientId);
    claims.put("sub", clientId);
    claims.put("aud", audience);
    claims.put("jti", jti());
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(lifetime).getEpochSecond());
    if (key != null) return JwsSigner.sign(header, claims, algorithm, key);
    byte[] k = secret.getBytes(StandardCharsets.UTF_8);
    return JwsSigner.sign(header, claims, algorithm, new SecretKeySpec(k, algorithm.jcaName()));
  }

  private static String jti() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64Url.encode(b);
  }

  @Override
  public String toString() {
    return method() + "{alg=" + algorithm + (keyId == null ? "" : ", kid=" + keyId)
        + (tokenEndpointAudience ? ", aud=token endpoint" : "") + ", lifetime=" + lifetime + "}";
  }
}
