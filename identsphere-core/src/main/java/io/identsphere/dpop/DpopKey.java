package io.identsphere.dpop;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.jose.JwsSigner;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonException;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwsAlgorithm;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A client's DPoP key: the key pair whose public half goes into every proof's {@code jwk} header,
 * and whose RFC 7638 thumbprint an identity server writes into the bound token's {@code cnf.jkt}.
 *
 * <pre>{@code
 * DpopKey key = DpopKey.generate();                                    // ES256 on P-256
 * HttpRequest call = key.authorize(HttpRequest.newBuilder(api), "GET", api, accessToken).build();
 * }</pre>
 *
 * <p>Algorithms: {@link JwsAlgorithm#ES256} (the default), {@link JwsAlgorithm#RS256} and
 * {@link JwsAlgorithm#PS256}, with RSA keys of at least 2048 bits.
 *
 * <p><b>Security:</b> a token bound to this key is only as safe as the private key. Keep it in
 * memory, or where you keep other credentials; {@link #toString()} never prints key material.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9449#section-4">RFC 9449 §4</a>
 */
public final class DpopKey {
  private static final Set<JwsAlgorithm> ALGORITHMS = Set.of(JwsAlgorithm.ES256, JwsAlgorithm.RS256, JwsAlgorithm.PS256);
  private static final int MAX_JWK_CHARS = 16 * 1024;

  private final JwsAlgorithm algorithm;
  private final KeyPair keyPair;
  private final Jwk publicJwk;
  private final Map<String, Object> publicMembers;
  private final String thumbprint;

  private DpopKey(JwsAlgorithm algorithm, KeyPair keyPair) {
    this.algorithm = algorithm;
    this.keyPair = keyPair;
    this.publicJwk = Jwk.fromPublicKey(keyPair.getPublic(), null, null);
    this.publicMembers = Json.parseObject(publicJwk.toPublicJson());
    this.thumbprint = publicJwk.thumbprint();
    checkPair(algorithm, keyPair);
  }

  /**
   * Generates a new ES256 key on P-256, the default.
   *
   * @return a fresh key
   */
  public static DpopKey generate() {
    return generate(JwsAlgorithm.ES256);
  }

  /**
   * Generates a new key for an algorithm.
   *
   * @param algorithm {@code ES256} (a P-256 key), {@code RS256} or {@code PS256} (a 2048-bit RSA key)
   * @return a fresh key
   * @throws IllegalArgumentException for any other algorithm
   */
  public static DpopKey generate(JwsAlgorithm algorithm) {
    requireSupported(algorithm);
    try {
      KeyPairGenerator g;
      if (algorithm == JwsAlgorithm.ES256) {
        g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
      }
      return new DpopKey(algorithm, g.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate a " + algorithm + " key", e);
    }
  }

  /**
   * Wraps a key pair the application keeps.
   *
   * @param keyPair an EC P-256 pair for {@code ES256}, an RSA pair of at least 2048 bits for
   *     {@code RS256} or {@code PS256}
   * @param algorithm the algorithm proofs are signed with
   * @return the key
   * @throws IllegalArgumentException if the algorithm is not supported, the pair does not fit it, is
   *     weak, or its halves do not belong together
   */
  public static DpopKey of(KeyPair keyPair, JwsAlgorithm algorithm) {
    Objects.requireNonNull(keyPair, "keyPair == null");
    requireSupported(algorithm);
    if (keyPair.getPublic() == null || keyPair.getPrivate() == null) {
      throw new IllegalArgumentException("the key pair needs both a public and a private key");
    }
    boolean ec = keyPair.getPublic() instanceof ECPublicKey && keyPair.getPrivate() instanceof ECPrivateKey;
    boolean rsa = keyPair.getPublic() instanceof RSAPublicKey && keyPair.getPrivate() instanceof RSAPrivateKey;
    if (algorithm == JwsAlgorithm.ES256 ? !ec : !rsa) {
      throw new IllegalArgumentException(algorithm + " needs " + (algorithm == JwsAlgorithm.ES256 ? "an EC P-256" : "an RSA")
          + " key pair, found " + keyPair.getPublic().getAlgorithm());
    }
    return new DpopKey(algorithm, keyPair);
  }

  /**
   * Reads a private JWK ({@code kty} {@code EC} with {@code crv} {@code P-256}, {@code x}, {@code y},
   * {@code d}; or {@code RSA} with {@code n}, {@code e}, {@code d} and optionally the CRT members).
   *
   * @param json the private JWK as JSON, from local configuration
   * @param algorithm the algorithm proofs are signed with
   * @return the key
   * @throws IllegalArgumentException if the JSON is malformed, a member is missing or the key does
   *     not fit the algorithm; the message never holds key material
   */
  public static DpopKey fromPrivateJwk(String json, JwsAlgorithm algorithm) {
    Objects.requireNonNull(json, "json == null");
    requireSupported(algorithm);
    if (json.length() > MAX_JWK_CHARS) throw new IllegalArgumentException("the JWK is longer than " + MAX_JWK_CHARS + " characters");
    Map<String, Object> m;
    try {
      m = Json.parseObject(json);
    } catch (JsonException e) {
      throw new IllegalArgumentException("the JWK is not a JSON object: " + e.getMessage());
    }
    Jwk publicPart;
    try {
      publicPart = Jwk.parse(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unusable DPoP key: " + e.getMessage(), e);
    }
    PublicKey pub = publicPart.publicKey().orElseThrow(
        () -> new IllegalArgumentException("a DPoP key must be EC or RSA, not a shared secret"));
    try {
      PrivateKey priv;
      if (pub instanceof ECPublicKey) {
        priv = KeyFactory.getInstance("EC").generatePrivate(
            new ECPrivateKeySpec(number(m, "d"), ((ECPublicKey) pub).getParams()));
      } else {
        RSAPublicKey rsa = (RSAPublicKey) pub;
        if (m.containsKey("p")) {
          priv = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(rsa.getModulus(),
              rsa.getPublicExponent(), number(m, "d"), number(m, "p"), number(m, "q"), number(m, "dp"),
              number(m, "dq"), number(m, "qi")));
        } else {
          priv = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateKeySpec(rsa.getModulus(), number(m, "d")));
        }
      }
      return of(new KeyPair(pub, priv), algorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid private JWK");
    }
  }

  private static BigInteger number(Map<String, Object> m, String name) {
    Object v = m.get(name);
    if (!(v instanceof String) || ((String) v).isEmpty()) {
      throw new IllegalArgumentException("the private JWK member \"" + name + "\" is missing or not a string");
    }
    try {
      return new BigInteger(1, Base64Url.decode((String) v));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the private JWK member \"" + name + "\" is not base64url");
    }
  }

  private static void requireSupported(JwsAlgorithm algorithm) {
    Objects.requireNonNull(algorithm, "algorithm == null");
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("DPoP keys sign with ES256, RS256 or PS256, not " + algorithm);
    }
  }

  /** Signs and verifies a fixed message: a private key that does not belong to the public one is refused. */
  private static void checkPair(JwsAlgorithm algorithm, KeyPair pair) {
    if (algorithm == JwsAlgorithm.ES256
        && ((ECPublicKey) pair.getPublic()).getParams().getCurve().getField().getFieldSize() != 256) {
      throw new IllegalArgumentException("ES256 needs a P-256 key");
    }
    byte[] probe = "identsphere dpop key check".getBytes(StandardCharsets.US_ASCII);
    byte[] sig;
    try {
      sig = JwsSigner.signature(algorithm, pair.getPrivate(), probe);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the private key cannot sign with " + algorithm);
    }
    Jwk pub = Jwk.fromPublicKey(pair.getPublic(), null, algorithm);
    if (!pub.verify(algorithm, probe, 0, probe.length, sig)) {
      throw new IllegalArgumentException("the private key does not belong to the public key");
    }
  }

  /**
   * The algorithm proofs are signed with.
   *
   * @return {@code ES256}, {@code RS256} or {@code PS256}
   */
  public JwsAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * The public key as a JWK, as it appears in a proof's {@code jwk} header.
   *
   * @return the public JWK (no private members)
   */
  public Jwk publicJwk() {
    return publicJwk;
  }

  /**
   * The RFC 7638 SHA-256 thumbprint of the public key: the {@code cnf.jkt} of tokens bound to it,
   * and the {@code dpop_jkt} authorization request parameter.
   *
   * @return the base64url thumbprint
   */
  public String thumbprint() {
    return thumbprint;
  }

  /**
   * The JCA key pair, to store the key (a refresh token bound to it is useless without it).
   *
   * <p><b>Security:</b> this hands out the private key; never log or send it.
   *
   * @return the key pair
   */
  public KeyPair keyPair() {
    return keyPair;
  }

  /** The public JWK members for the header; an unmodifiable map. */
  Map<String, Object> publicMembers() {
    return publicMembers;
  }

  /**
   * Starts a proof for one HTTP request.
   *
   * @param method the HTTP method, for example {@code POST}
   * @param uri the request URI; its query and fragment are left out of {@code htu}
   * @return a proof builder
   */
  public DpopProof.Builder proof(String method, URI uri) {
    return DpopProof.newBuilder(this, method, uri);
  }

  /**
   * Adds {@code Authorization: DPoP <token>} and a fresh {@code DPoP} proof (with {@code ath}) to
   * a request to a resource server.
   *
   * @param builder the request being built; its method and URI must be {@code method} and {@code uri}
   * @param method the request's HTTP method
   * @param uri the request's URI
   * @param accessToken the DPoP-bound access token
   * @return {@code builder}
   */
  public HttpRequest.Builder authorize(HttpRequest.Builder builder, String method, URI uri, String accessToken) {
    return authorize(builder, method, uri, accessToken, null);
  }

  /**
   * Adds {@code Authorization: DPoP <token>} and a fresh {@code DPoP} proof (with {@code ath} and
   * the server's nonce) to a request to a resource server.
   *
   * @param builder the request being built; its method and URI must be {@code method} and {@code uri}
   * @param method the request's HTTP method
   * @param uri the request's URI
   * @param accessToken the DPoP-bound access token
   * @param nonce the last {@code DPoP-Nonce} the server sent, or null for none
   * @return {@code builder}
   */
  public HttpRequest.Builder authorize(HttpRequest.Builder builder, String method, URI uri, String accessToken,
      String nonce) {
    Objects.requireNonNull(builder, "builder == null");
    Objects.requireNonNull(accessToken, "accessToken == null");
    DpopProof.Builder p = proof(method, uri).accessToken(accessToken);
    if (nonce != null) p.nonce(nonce);
    return builder.setHeader("Authorization", "DPoP " + accessToken).setHeader("DPoP", p.build());
  }

  @Override
  public String toString() {
    return "DpopKey{alg=" + algorithm + ", jkt=" + thumbprint + "}";
  }
}
