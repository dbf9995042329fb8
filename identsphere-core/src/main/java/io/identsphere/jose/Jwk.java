package io.identsphere.jose;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonException;
import io.identsphere.internal.json.JsonWriter;
import io.identsphere.internal.text.Untrusted;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One verification key as an RFC 7517 JSON Web Key: an RSA or EC public key, or an HMAC secret.
 *
 * <p>Keys are checked when built: RSA moduli of at least 2048 bits (and at most 16384) without the
 * ROCA fingerprint, with an odd public exponent of at least 65537 and at most 64 bits, EC points
 * that lie on their curve (P-256, P-384), and HMAC secrets at least as long as the hash output.
 * Import costs time linear in the key's size: every size is checked before any arithmetic. A key permits an algorithm only when its type matches,
 * its {@code alg} (if any) names it, its {@code use} (if any) is {@code sig} and its
 * {@code key_ops} (if any) include {@code verify}.
 *
 * <p><b>Security:</b> an {@code oct} key is a shared secret; build it from local configuration
 * only ({@link #fromSecret}). {@link JwkSet#parsePublished} drops such keys from a remote set.
 * {@link #toString()} never prints key material.
 *
 * <p>Immutable and thread-safe.
 */
public final class Jwk {
  private static final int MIN_RSA_BITS = 2048;
  private static final int MAX_RSA_BITS = 16384;
  private static final BigInteger MIN_RSA_EXPONENT = BigInteger.valueOf(65537);
  /** As the JDK allows for large moduli; bounds the cost of every verification with the key. */
  private static final int MAX_RSA_EXPONENT_BITS = 64;

  private final String keyType;
  private final String keyId;
  private final String use;
  private final String algorithm;
  private final Set<String> keyOperations;
  private final Key key;
  private final Map<String, String> requiredMembers; // RFC 7638 members, sorted
  private final Hmac[] hmacs; // by algorithm ordinal, for the HMAC algorithms this secret permits; null for public keys
  /**
   * The algorithms this key permits, as the {@code EnumSet} itself: a bit test the JIT inlines. A
   * field typed as an unmodifiable wrapper made every token's check a call it could not inline (the
   * wrapper's {@code contains} is shared by every wrapped collection in the JVM). Never handed out.
   */
  private final EnumSet<JwsAlgorithm> permitted;

  private Jwk(String keyType, String keyId, String use, String algorithm, Set<String> keyOperations, Key key,
      Map<String, String> requiredMembers) {
    this.keyType = keyType;
    this.keyId = keyId;
    this.use = use;
    this.algorithm = algorithm;
    this.keyOperations = keyOperations;
    this.key = key;
    this.requiredMembers = requiredMembers;
    EnumSet<JwsAlgorithm> ok = EnumSet.noneOf(JwsAlgorithm.class);
    for (JwsAlgorithm a : JwsAlgorithm.values()) {
      if (decidePermits(a)) ok.add(a);
    }
    this.permitted = ok;
    this.hmacs = key instanceof SecretKey ? hmacsFor((SecretKey) key, ok) : null;
  }

  /** The precomputed HMAC states, once per permitted algorithm; a null entry falls back to JCA's Mac. */
  private static Hmac[] hmacsFor(SecretKey secret, Set<JwsAlgorithm> permitted) {
    Hmac[] out = new Hmac[JwsAlgorithm.values().length];
    byte[] k = secret.getEncoded();
    try {
      for (JwsAlgorithm a : permitted) {
        if (a.isSymmetric()) out[a.ordinal()] = Hmac.create(a, k);
      }
    } finally {
      Arrays.fill(k, (byte) 0);
    }
    return out;
  }

  /**
   * Parses one JWK from local configuration. Symmetric ({@code oct}) keys are allowed here.
   *
   * <p>This is the only exception any input can cause (besides a null argument): malformed or
   * oversized JSON, a member of the wrong type, bad base64url, an unsupported {@code kty} or
   * {@code crv}, a weak key, a point off its curve, an {@code alg} that contradicts the key.
   *
   * @param json the JWK as JSON text
   * @return the key
   * @throws IllegalArgumentException if the JSON is malformed, the key type or curve is unsupported,
   *     or the key is weak or invalid; the message says which member is wrong and never holds key
   *     material
   * @throws NullPointerException if {@code json} is null
   */
  public static Jwk parse(String json) {
    Objects.requireNonNull(json, "json == null");
    Object v;
    try {
      v = Json.parse(json);
    } catch (JsonException e) {
      throw new KeyRejectedException(KeyRejectedException.Cause.INVALID, "JWK is not valid JSON: " + e.getMessage(), e);
    }
    if (!(v instanceof Map)) throw KeyRejectedException.invalid("JWK must be a JSON object");
    @SuppressWarnings("unchecked")
    Map<String, Object> members = (Map<String, Object>) v;
    return fromMembers(members);
  }

  /**
   * Builds a key from parsed JWK members.
   *
   * @param m the members
   * @return the key
   * @throws KeyRejectedException as {@link #parse}, with the cause of the refusal
   */
  static Jwk fromMembers(Map<String, Object> m) {
    String kty = requiredString(m, "kty");
    String kid = optionalString(m, "kid");
    String use = optionalString(m, "use");
    String alg = optionalString(m, "alg");
    Set<String> ops = keyOps(m);
    JwsAlgorithm known = alg == null ? null : JwsAlgorithm.fromName(alg).orElse(null);
    switch (kty) {
      case "RSA": {
        BigInteger n = new BigInteger(1, bytes(m, "n"));
        BigInteger e = new BigInteger(1, bytes(m, "e"));
        if (known != null && known.family() != JwsAlgorithm.Family.RSA && known.family() != JwsAlgorithm.Family.RSA_PSS) {
          throw KeyRejectedException.invalid("JWK alg " + alg + " does not fit kty RSA");
        }
        return new Jwk("RSA", kid, use, alg, ops, rsaKey(n, e), rsaMembers(n, e));
      }
      case "EC": {
        String crv = requiredString(m, "crv");
        ECParameterSpec spec = Curves.byJwkName(crv);
        if (spec == null) throw KeyRejectedException.unsupported("unsupported EC curve " + Untrusted.quote(crv));
        int size = Curves.coordinateBytes(spec);
        byte[] x = bytes(m, "x");
        byte[] y = bytes(m, "y");
        if (x.length != size || y.length != size) {
          throw KeyRejectedException.invalid("JWK " + crv + " coordinates must be " + size + " bytes, found "
              + x.length + " and " + y.length);
        }
        if (known != null && (known.family() != JwsAlgorithm.Family.EC || known.ecCoordinateBytes() != size)) {
          throw KeyRejectedException.invalid("JWK alg " + alg + " does not fit curve " + crv);
        }
        ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
        return new Jwk("EC", kid, use, alg, ops, ecKey(spec, point), ecMembers(crv, x, y));
      }
      case "oct": {
        byte[] k = bytes(m, "k");
        if (known != null && !known.isSymmetric()) {
          throw KeyRejectedException.invalid("JWK alg " + alg + " does not fit kty oct");
        }
        return secret(k, kid, use, alg, ops, known);
      }
      default:
        throw KeyRejectedException.unsupported("unsupported JWK kty " + Untrusted.quote(kty));
    }
  }

  /**
   * Wraps a public key.
   *
   * @param key an RSA (at least 2048 bits) or EC (P-256, P-384) public key
   * @param keyId the {@code kid}, or null
   * @param algorithm the one algorithm the key permits, or null to permit every algorithm of its family
   * @return the key
   * @throws IllegalArgumentException if the key is weak, of another family than {@code algorithm},
   *     or on an unsupported curve
   */
  public static Jwk fromPublicKey(PublicKey key, String keyId, JwsAlgorithm algorithm) {
    Objects.requireNonNull(key, "key == null");
    String alg = algorithm == null ? null : algorithm.name();
    if (key instanceof RSAPublicKey) {
      RSAPublicKey rsa = (RSAPublicKey) key;
      if (algorithm != null && algorithm.family() != JwsAlgorithm.Family.RSA
          && algorithm.family() != JwsAlgorithm.Family.RSA_PSS) {
        throw new IllegalArgumentException(algorithm + " cannot use an RSA key");
      }
      return new Jwk("RSA", keyId, null, alg, Set.of(), rsaKey(rsa.getModulus(), rsa.getPublicExponent()),
          rsaMembers(rsa.getModulus(), rsa.getPublicExponent()));
    }
    if (key instanceof ECPublicKey) {
      ECPublicKey ec = (ECPublicKey) key;
      String crv = Curves.jwkName(ec.getParams());
      if (crv == null) throw new IllegalArgumentException("unsupported EC curve; use P-256 or P-384");
      ECParameterSpec spec = Curves.byJwkName(crv);
      int size = Curves.coordinateBytes(spec);
      if (algorithm != null && (algorithm.family() != JwsAlgorithm.Family.EC || algorithm.ecCoordinateBytes() != size)) {
        throw new IllegalArgumentException(algorithm + " cannot use a " + crv + " key");
      }
      byte[] x = fixed(ec.getW().getAffineX(), size);
      byte[] y = fixed(ec.getW().getAffineY(), size);
      return new Jwk("EC", keyId, null, alg, Set.of(), ecKey(spec, ec.getW()), ecMembers(crv, x, y));
    }
    throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm() + "; use RSA or EC");
  }

  /**
   * Wraps a local HMAC secret.
   *
   * @param secret the shared secret; copied; at least {@code algorithm.hashBytes()} bytes
   * @param keyId the {@code kid}, or null
   * @param algorithm the HMAC algorithm the secret is for
   * @return the key
   * @throws IllegalArgumentException if the secret is shorter than the hash output or the
   *     algorithm is not an HMAC one
   */
  public static Jwk fromSecret(byte[] secret, String keyId, JwsAlgorithm algorithm) {
    Objects.requireNonNull(secret, "secret == null");
    Objects.requireNonNull(algorithm, "algorithm == null");
    if (!algorithm.isSymmetric()) throw new IllegalArgumentException(algorithm + " is not an HMAC algorithm");
    return secret(secret.clone(), keyId, null, algorithm.name(), Set.of(), algorithm);
  }

  private static Jwk secret(byte[] k, String kid, String use, String alg, Set<String> ops, JwsAlgorithm known) {
    int min = known == null ? JwsAlgorithm.HS256.hashBytes() : known.hashBytes();
    if (k.length < min) {
      throw KeyRejectedException.weak("HMAC secret too short: " + (k.length * 8) + " bits, at least " + (min * 8)
          + " bits required" + (known == null ? "" : " for " + known));
    }
    Map<String, String> members = new TreeMap<>();
    members.put("k", Base64Url.encode(k));
    members.put("kty", "oct");
    Key key = new SecretKeySpec(k, "HMAC");
    Arrays.fill(k, (byte) 0);
    return new Jwk("oct", kid, use, alg, ops, key, Collections.unmodifiableMap(members));
  }

  /** Every check is linear in the modulus size, and the sizes are checked first. */
  private static Key rsaKey(BigInteger n, BigInteger e) {
    int bits = n.bitLength();
    if (bits < MIN_RSA_BITS) {
      throw KeyRejectedException.weak("RSA key too small: " + bits + " bits, at least " + MIN_RSA_BITS + " required");
    }
    if (bits > MAX_RSA_BITS) {
      throw KeyRejectedException.invalid("RSA key too large: " + bits + " bits, at most " + MAX_RSA_BITS + " accepted");
    }
    if (!n.testBit(0)) throw KeyRejectedException.invalid("RSA modulus is even");
    if (e.bitLength() > MAX_RSA_EXPONENT_BITS) {
      throw KeyRejectedException.invalid("RSA public exponent has " + e.bitLength() + " bits, at most "
          + MAX_RSA_EXPONENT_BITS + " accepted");
    }
    if (e.compareTo(MIN_RSA_EXPONENT) < 0 || !e.testBit(0)) {
      throw KeyRejectedException.weak("RSA public exponent must be odd and at least 65537, found " + e);
    }
    if (Roca.hasFingerprint(n)) {
      throw KeyRejectedException.weak("RSA key has the ROCA fingerprint (CVE-2017-15361): its private key is recoverable");
    }
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    } catch (GeneralSecurityException | RuntimeException ex) {
      throw new KeyRejectedException(KeyRejectedException.Cause.INVALID, "invalid RSA key: "
          + Untrusted.escape(ex.getMessage()), ex);
    }
  }

  private static Key ecKey(ECParameterSpec spec, ECPoint point) {
    if (!Curves.onCurve(spec, point)) throw KeyRejectedException.invalid("EC point is not on the curve");
    try {
      return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    } catch (GeneralSecurityException | RuntimeException ex) {
      throw new KeyRejectedException(KeyRejectedException.Cause.INVALID, "invalid EC key: "
          + Untrusted.escape(ex.getMessage()), ex);
    }
  }

  private static Map<String, String> rsaMembers(BigInteger n, BigInteger e) {
    Map<String, String> m = new TreeMap<>();
    m.put("e", Base64Url.encode(unsigned(e)));
    m.put("kty", "RSA");
    m.put("n", Base64Url.encode(unsigned(n)));
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, String> ecMembers(String crv, byte[] x, byte[] y) {
    Map<String, String> m = new TreeMap<>();
    m.put("crv", crv);
    m.put("kty", "EC");
    m.put("x", Base64Url.encode(x));
    m.put("y", Base64Url.encode(y));
    return Collections.unmodifiableMap(m);
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static byte[] fixed(BigInteger v, int size) {
    byte[] b = unsigned(v);
    if (b.length == size) return b;
    byte[] out = new byte[size];
    System.arraycopy(b, 0, out, size - b.length, b.length);
    return out;
  }

  private static String requiredString(Map<String, Object> m, String name) {
    Object v = m.get(name);
    if (v == null) throw KeyRejectedException.invalid("JWK member \"" + name + "\" is missing");
    if (!(v instanceof String)) throw KeyRejectedException.invalid("JWK member \"" + name + "\" must be a string");
    return (String) v;
  }

  private static String optionalString(Map<String, Object> m, String name) {
    Object v = m.get(name);
    if (v == null) return null;
    if (!(v instanceof String)) throw KeyRejectedException.invalid("JWK member \"" + name + "\" must be a string");
    return (String) v;
  }

  private static byte[] bytes(Map<String, Object> m, String name) {
    String s = requiredString(m, name);
    if (s.isEmpty()) throw KeyRejectedException.invalid("JWK member \"" + name + "\" is empty");
    try {
      return Base64Url.decode(s);
    } catch (IllegalArgumentException e) {
      throw KeyRejectedException.invalid("JWK member \"" + name + "\" is not base64url: " + e.getMessage());
    }
  }

  private static Set<String> keyOps(Map<String, Object> m) {
    Object v = m.get("key_ops");
    if (v == null) return Set.of();
    if (!(v instanceof List)) throw KeyRejectedException.invalid("JWK member \"key_ops\" must be an array");
    Set<String> ops = new LinkedHashSet<>();
    for (Object o : (List<?>) v) {
      if (!(o instanceof String) || !ops.add((String) o)) {
        throw KeyRejectedException.invalid("JWK member \"key_ops\" must hold distinct strings");
      }
    }
    return Collections.unmodifiableSet(ops);
  }

  /**
   * The key type, the JWK {@code kty}.
   *
   * @return {@code RSA}, {@code EC} or {@code oct}
   */
  public String keyType() {
    return keyType;
  }

  /**
   * The key id, the JWK {@code kid}.
   *
   * @return the {@code kid}, if the key has one
   */
  public Optional<String> keyId() {
    return Optional.ofNullable(keyId);
  }

  /**
   * The intended use, the JWK {@code use}.
   *
   * @return the {@code use}, if the key has one
   */
  public Optional<String> use() {
    return Optional.ofNullable(use);
  }

  /**
   * The one algorithm the key is bound to, the JWK {@code alg}.
   *
   * @return the {@code alg} member as written, if the key has one
   */
  public Optional<String> algorithm() {
    return Optional.ofNullable(algorithm);
  }

  /**
   * The permitted operations, the JWK {@code key_ops}.
   *
   * @return the {@code key_ops}; empty when absent
   */
  public Set<String> keyOperations() {
    return keyOperations;
  }

  /**
   * Tells whether this is a shared secret ({@code kty: oct}) rather than a public key.
   *
   * @return true for an HMAC secret
   */
  public boolean isSymmetric() {
    return key instanceof SecretKey;
  }

  /**
   * The JCA public key, for callers that verify with JCA themselves.
   *
   * @return the public key, or empty for an HMAC secret
   */
  public Optional<PublicKey> publicKey() {
    return key instanceof PublicKey ? Optional.of((PublicKey) key) : Optional.empty();
  }

  /**
   * Tells whether this key may verify signatures made with {@code alg}.
   *
   * @param alg the algorithm
   * @return true when type, {@code alg}, {@code use}, {@code key_ops} and key size all allow it
   */
  public boolean permits(JwsAlgorithm alg) {
    return permitted.contains(alg);
  }

  /** Decided once per key: no per-token string compares, and no copies of a secret's bytes. */
  private boolean decidePermits(JwsAlgorithm alg) {
    if (algorithm != null && !algorithm.equals(alg.name())) return false;
    if (use != null && !use.equals("sig")) return false;
    if (!keyOperations.isEmpty() && !keyOperations.contains("verify")) return false;
    switch (alg.family()) {
      case RSA:
      case RSA_PSS:
        return key instanceof RSAPublicKey;
      case EC:
        return key instanceof ECPublicKey
            && Curves.coordinateBytes(((ECPublicKey) key).getParams()) == alg.ecCoordinateBytes();
      case HMAC:
        return key instanceof SecretKey && key.getEncoded().length >= alg.hashBytes();
      default:
        return false;
    }
  }

  /**
   * Verifies a signature made with this key. Returns false (never throws) for a wrong signature, a
   * signature of the wrong length, an algorithm the key does not {@linkplain #permits permit}, and
   * ECDSA values outside {@code (0, n)}. HMAC tags are compared in constant time.
   *
   * @param alg the algorithm
   * @param data the signed bytes
   * @param offset where they start
   * @param length how many
   * @param signature the signature or MAC
   * @return true only for a valid signature
   */
  public boolean verify(JwsAlgorithm alg, byte[] data, int offset, int length, byte[] signature) {
    if (!permits(alg)) return false;
    return Signatures.verify(alg, key, hmacs == null ? null : hmacs[alg.ordinal()], data, offset, length, signature);
  }

  /**
   * Computes the RFC 7638 JWK thumbprint with SHA-256.
   *
   * @return the base64url thumbprint
   * @see <a href="https://www.rfc-editor.org/rfc/rfc7638">RFC 7638</a>
   */
  public String thumbprint() {
    try {
      byte[] canonical = JsonWriter.write(requiredMembers).getBytes(StandardCharsets.UTF_8);
      return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The public JWK as JSON, for publishing in a JWK Set.
   *
   * @return the JSON object text
   * @throws IllegalStateException for an HMAC secret, which is never published
   */
  public String toPublicJson() {
    return JsonWriter.write(toPublicMembers());
  }

  Map<String, Object> toPublicMembers() {
    if (isSymmetric()) throw new IllegalStateException("an HMAC secret is never published");
    Map<String, Object> m = new LinkedHashMap<>(requiredMembers);
    if (keyId != null) m.put("kid", keyId);
    if (use != null) m.put("use", use);
    if (algorithm != null) m.put("alg", algorithm);
    if (!keyOperations.isEmpty()) m.put("key_ops", List.copyOf(keyOperations));
    return m;
  }

  @Override
  public String toString() {
    return "Jwk{kty=" + keyType + (keyId == null ? "" : ", kid=" + keyId) + (algorithm == null ? "" : ", alg=" + algorithm)
        + (use == null ? "" : ", use=" + use) + "}";
  }
}
