package io.identsphere.dpop;

import io.identsphere.dpop.DpopProofException.Reason;
import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonException;
import io.identsphere.internal.json.JsonLimits;
import io.identsphere.internal.json.JsonWriter;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwsAlgorithm;
import io.identsphere.token.VerifiedToken;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks DPoP proofs (RFC 9449 §4.3) and, for resource requests, the binding of the access token
 * to the proof key (§7.1).
 *
 * <pre>{@code
 * DpopVerifier dpop = DpopVerifier.newBuilder().build();
 * VerifiedToken token = validator.validate(accessToken);
 * dpop.verify(proofHeader, "GET", requestUri, accessToken, token);   // throws DpopProofException
 * }</pre>
 *
 * <p>Checked, in this order: size (at most 8 KiB), JWS syntax and strict JSON, {@code typ} is
 * {@code dpop+jwt}, {@code alg} in the allow-list (asymmetric only; default ES256, PS256, RS256),
 * no {@code crit}, a {@code jwk} header that is a public EC or RSA key (private members and
 * {@code oct} keys are refused), the signature by that key, {@code jti}, {@code htm} equal to the
 * request method, {@code htu} equal to the request URI (both compared without query and fragment,
 * scheme and host case-insensitive, default ports removed), {@code iat} no older than the proof
 * lifetime (60 s) plus the clock skew (5 s) and no further in the future than the skew, the nonce
 * (when {@linkplain Builder#nonces nonces} are set), then for resource requests {@code ath} equal to
 * the token's hash and the token's {@code cnf.jkt} equal to the key's RFC 7638 thumbprint, and last
 * {@code jti} not seen before. Only proofs that passed every other check enter the replay cache.
 *
 * <p>The replay cache holds at most {@linkplain Builder#replayCacheCapacity 100,000} entries of a
 * fixed size, each until its proof would be too old anyway. When it is full of live entries,
 * proofs are refused ({@link Reason#REPLAY_CACHE_FULL}) rather than let replays through. The cache
 * is per verifier and per process: several instances behind a load balancer need nonces, or
 * sticky sessions, to detect replays across instances.
 *
 * <p>Immutable and thread-safe (the replay cache is internally synchronised).
 */
public final class DpopVerifier {
  private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
  private static final int MAX_JTI = 256;

  private final Set<JwsAlgorithm> algorithms;
  private final Duration lifetime;
  private final Duration skew;
  private final Clock clock;
  private final int maxProofLength;
  private final DpopNonces nonces;
  private final ReplayCache replays;
  private final JsonLimits limits;

  private DpopVerifier(Builder b) {
    this.algorithms = Collections.unmodifiableSet(EnumSet.copyOf(b.algorithms));
    this.lifetime = b.lifetime;
    this.skew = b.skew;
    this.clock = b.clock;
    this.maxProofLength = b.maxProofLength;
    this.nonces = b.nonces;
    this.replays = new ReplayCache(b.replayCapacity);
    this.limits = new JsonLimits(b.maxProofLength, 8, b.maxProofLength);
  }

  /**
   * Starts a builder with the defaults above.
   *
   * @return a builder
   */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * The accepted algorithms, for the {@code algs} parameter of a {@code DPoP} challenge.
   *
   * @return the allow-list, in the enum's order
   */
  public Set<JwsAlgorithm> algorithms() {
    return algorithms;
  }

  /**
   * The server nonces, when the verifier demands them.
   *
   * @return the nonces, if configured
   */
  public Optional<DpopNonces> nonces() {
    return Optional.ofNullable(nonces);
  }

  /**
   * Tells whether a token is bound to a DPoP key: its {@code cnf} claim has a {@code jkt}. Such a
   * token must never be accepted as a bearer token (RFC 9449 §7.1).
   *
   * @param token a verified access token
   * @return true when {@code cnf.jkt} is present (whatever its value)
   */
  public static boolean isBound(VerifiedToken token) {
    Object cnf = token.claims().get("cnf");
    return cnf instanceof Map && ((Map<?, ?>) cnf).containsKey("jkt");
  }

  /**
   * The token's key binding, {@code cnf.jkt}.
   *
   * @param token a verified access token
   * @return the thumbprint, if {@code cnf.jkt} is a string
   */
  public static Optional<String> boundThumbprint(VerifiedToken token) {
    Object cnf = token.claims().get("cnf");
    if (!(cnf instanceof Map)) return Optional.empty();
    Object jkt = ((Map<?, ?>) cnf).get("jkt");
    return jkt instanceof String ? Optional.of((String) jkt) : Optional.empty();
  }

  /**
   * Verifies a proof sent to a token endpoint (no access token yet, so no {@code ath}); the
   * returned thumbprint is what the issued token's {@code cnf.jkt} must carry.
   *
   * @param proof the {@code DPoP} header value
   * @param method the request's HTTP method
   * @param requestUri the request's URI as the server sees it
   * @return the verified proof
   * @throws DpopProofException if the proof is refused
   */
  public VerifiedDpopProof verify(String proof, String method, URI requestUri) {
    return check(proof, method, requestUri, null, null);
  }

  /**
   * Verifies a proof sent to a resource server with {@code Authorization: DPoP <token>}: the proof
   * itself, its {@code ath}, and the token's {@code cnf.jkt}.
   *
   * @param proof the {@code DPoP} header value
   * @param method the request's HTTP method
   * @param requestUri the request's URI as the server sees it
   * @param accessToken the access token exactly as presented
   * @param token the access token, already validated
   * @return the verified proof
   * @throws DpopProofException if the proof or the binding is refused
   */
  public VerifiedDpopProof verify(String proof, String method, URI requestUri, String accessToken, VerifiedToken token) {
    Objects.requireNonNull(accessToken, "accessToken == null");
    Objects.requireNonNull(token, "token == null");
    return check(proof, method, requestUri, accessToken, token);
  }

  private VerifiedDpopProof check(String proof, String method, URI requestUri, String accessToken, VerifiedToken token) {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(requestUri, "requestUri == null");
    if (proof == null || proof.isEmpty()) throw new DpopProofException(Reason.MISSING, "the request has no DPoP proof");
    if (proof.length() > maxProofLength) {
      throw new DpopProofException(Reason.TOO_LARGE, "the DPoP proof has " + proof.length() + " characters, at most "
          + maxProofLength + " accepted");
    }
    int dot1 = proof.indexOf('.');
    int dot2 = dot1 < 0 ? -1 : proof.indexOf('.', dot1 + 1);
    if (dot1 <= 0 || dot2 < 0 || dot2 == proof.length() - 1 || proof.indexOf('.', dot2 + 1) >= 0) {
      throw malformed("a DPoP proof is a JWS compact serialization of 3 non-empty parts");
    }
    byte[] ascii = proof.getBytes(StandardCharsets.ISO_8859_1);
    Map<String, Object> header = object(ascii, 0, dot1, "header");
    Object typ = header.get("typ");
    if (!(typ instanceof String) || !((String) typ).equalsIgnoreCase("dpop+jwt")) {
      throw new DpopProofException(Reason.WRONG_TYPE, "the DPoP proof's typ must be dpop+jwt, found "
          + (typ instanceof String ? Untrusted.quote((String) typ) : Json.typeName(typ)));
    }
    Object algName = header.get("alg");
    JwsAlgorithm alg = algName instanceof String ? JwsAlgorithm.fromName((String) algName).orElse(null) : null;
    if (alg == null || alg.isSymmetric() || !algorithms.contains(alg)) {
      throw new DpopProofException(Reason.UNSUPPORTED_ALGORITHM, "the DPoP proof's alg "
          + (algName instanceof String ? Untrusted.quote((String) algName) : Json.typeName(algName))
          + " is not accepted; accepted: " + algorithms);
    }
    if (header.containsKey("crit")) throw malformed("the DPoP proof has a crit header, which is not understood");
    Jwk key = publicKey(header.get("jwk"), alg);
    byte[] signature = decode(ascii, dot2 + 1, ascii.length, "signature");
    if (!key.verify(alg, ascii, 0, dot2, signature)) {
      throw new DpopProofException(Reason.BAD_SIGNATURE, "the DPoP proof's signature does not verify with its jwk");
    }
    Map<String, Object> claims = object(ascii, dot1 + 1, dot2, "claims");
    String jti = string(claims, "jti");
    if (jti.isEmpty() || jti.length() > MAX_JTI) throw malformed("the DPoP proof's jti must have 1 to " + MAX_JTI + " characters");
    String htm = string(claims, "htm");
    if (!htm.equals(method)) {
      throw new DpopProofException(Reason.WRONG_METHOD, "the DPoP proof is for method " + Untrusted.quote(htm)
          + ", the request is " + Untrusted.quote(method));
    }
    String htu = string(claims, "htu");
    String expected = RequestUris.normalize(requestUri);
    String actual = RequestUris.normalize(htu);
    if (actual == null || !actual.equals(expected)) {
      throw new DpopProofException(Reason.WRONG_URI, "the DPoP proof is for " + Untrusted.quote(htu)
          + ", the request is for " + Untrusted.quote(String.valueOf(expected)));
    }
    Instant now = clock.instant();
    Instant iat = numericDate(claims.get("iat"));
    if (iat.isAfter(now.plus(skew))) {
      throw new DpopProofException(Reason.ISSUED_IN_FUTURE, "the DPoP proof was issued "
          + Duration.between(now, iat).getSeconds() + " s in the future, at most " + skew.getSeconds() + " s allowed");
    }
    Instant oldest = now.minus(lifetime).minus(skew);
    if (iat.isBefore(oldest)) {
      throw new DpopProofException(Reason.EXPIRED, "the DPoP proof was issued " + Duration.between(iat, now).getSeconds()
          + " s ago, at most " + lifetime.plus(skew).getSeconds() + " s accepted");
    }
    Object nonce = claims.get("nonce");
    if (nonce != null && !(nonce instanceof String)) throw malformed("the DPoP proof's nonce must be a string");
    if (nonces != null) {
      if (nonce == null) {
        throw new DpopProofException(Reason.NONCE_REQUIRED, "the server requires a DPoP nonce", nonces.current());
      }
      if (!nonces.isValid((String) nonce)) {
        throw new DpopProofException(Reason.BAD_NONCE, "the DPoP proof's nonce is not current", nonces.current());
      }
    }
    String thumbprint = key.thumbprint();
    if (token != null) {
      Object ath = claims.get("ath");
      if (ath == null) {
        throw new DpopProofException(Reason.MISSING_ACCESS_TOKEN_HASH, "the DPoP proof has no ath for the access token");
      }
      if (!(ath instanceof String)) throw malformed("the DPoP proof's ath must be a string");
      if (!equal((String) ath, DpopProof.accessTokenHash(accessToken))) {
        throw new DpopProofException(Reason.WRONG_ACCESS_TOKEN_HASH, "the DPoP proof's ath is not the access token's hash");
      }
      if (!isBound(token)) {
        throw new DpopProofException(Reason.TOKEN_NOT_BOUND, "the access token has no cnf.jkt: it is not bound to a DPoP key");
      }
      String jkt = boundThumbprint(token).orElse("");
      if (!equal(jkt, thumbprint)) {
        throw new DpopProofException(Reason.KEY_MISMATCH, "the access token is bound to another key than the DPoP proof's");
      }
    }
    Instant until = iat.plus(lifetime).plus(skew).plusSeconds(1);
    switch (replays.add(replayKey(thumbprint, jti), until, now)) {
      case SEEN:
        throw new DpopProofException(Reason.REPLAYED, "the DPoP proof's jti was used before");
      case FULL:
        throw new DpopProofException(Reason.REPLAY_CACHE_FULL, "the DPoP replay cache is full; try again later");
      default:
        return new VerifiedDpopProof(alg, key, thumbprint, iat, (String) nonce);
    }
  }

  /** The public key from the header: refused when absent, private, symmetric, weak or not fit for {@code alg}. */
  private static Jwk publicKey(Object jwk, JwsAlgorithm alg) {
    if (!(jwk instanceof Map)) {
      throw new DpopProofException(Reason.BAD_KEY, "the DPoP proof's jwk header must be a JSON object, found "
          + Json.typeName(jwk));
    }
    Map<?, ?> members = (Map<?, ?>) jwk;
    for (String name : PRIVATE_MEMBERS) {
      if (members.containsKey(name)) {
        throw new DpopProofException(Reason.BAD_KEY, "the DPoP proof's jwk holds the private or secret member \"" + name
            + "\"; only a public key is allowed");
      }
    }
    Jwk key;
    try {
      key = Jwk.parse(JsonWriter.write(members));
    } catch (IllegalArgumentException e) {
      throw new DpopProofException(Reason.BAD_KEY, "the DPoP proof's jwk is not a usable public key: " + e.getMessage());
    }
    if (key.isSymmetric()) throw new DpopProofException(Reason.BAD_KEY, "the DPoP proof's jwk must be a public key");
    if (!key.permits(alg)) {
      throw new DpopProofException(Reason.BAD_KEY, "the DPoP proof's jwk (kty " + key.keyType() + ") does not permit " + alg);
    }
    return key;
  }

  private static String replayKey(String thumbprint, String jti) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(thumbprint.getBytes(StandardCharsets.US_ASCII));
      d.update((byte) 0);
      d.update(jti.getBytes(StandardCharsets.UTF_8));
      return Base64Url.encode(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static Instant numericDate(Object v) {
    if (!(v instanceof Number)) throw malformed("the DPoP proof's iat must be a NumericDate, found " + Json.typeName(v));
    BigDecimal d;
    if (v instanceof Long || v instanceof Integer) d = BigDecimal.valueOf(((Number) v).longValue());
    else if (v instanceof BigInteger) d = new BigDecimal((BigInteger) v);
    else if (v instanceof BigDecimal) d = (BigDecimal) v;
    else throw malformed("the DPoP proof's iat must be a NumericDate");
    if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(253402300799L)) > 0) {
      throw malformed("the DPoP proof's iat is outside 0 .. 253402300799");
    }
    return Instant.ofEpochSecond(d.longValue());
  }

  private static String string(Map<String, Object> claims, String name) {
    Object v = claims.get(name);
    if (!(v instanceof String)) {
      throw malformed("the DPoP proof's " + name + " must be a string, found " + Json.typeName(v));
    }
    return (String) v;
  }

  private Map<String, Object> object(byte[] ascii, int from, int to, String part) {
    byte[] json = decode(ascii, from, to, part);
    Object v;
    try {
      v = Json.parse(json, limits);
    } catch (JsonException e) {
      throw malformed("the DPoP proof's " + part + " is not valid JSON: " + e.getMessage());
    }
    if (!(v instanceof Map)) throw malformed("the DPoP proof's " + part + " must be a JSON object");
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    return m;
  }

  private static byte[] decode(byte[] ascii, int from, int to, String part) {
    try {
      return Base64Url.decode(ascii, from, to);
    } catch (IllegalArgumentException e) {
      throw malformed("the DPoP proof's " + part + " is not base64url: " + e.getMessage());
    }
  }

  private static DpopProofException malformed(String message) {
    return new DpopProofException(Reason.MALFORMED, message);
  }

  /** Options for a {@link DpopVerifier}. Not thread-safe. */
  public static final class Builder {
    private Set<JwsAlgorithm> algorithms = EnumSet.of(JwsAlgorithm.ES256, JwsAlgorithm.PS256, JwsAlgorithm.RS256);
    private Duration lifetime = Duration.ofSeconds(60);
    private Duration skew = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();
    private int maxProofLength = 8 * 1024;
    private int replayCapacity = 100_000;
    private DpopNonces nonces;

    private Builder() {}

    /**
     * Sets the accepted proof algorithms.
     *
     * @param algorithms asymmetric algorithms (default ES256, PS256, RS256)
     * @return this builder
     * @throws IllegalArgumentException if empty or an HMAC algorithm is named
     */
    public Builder allowAlgorithms(JwsAlgorithm... algorithms) {
      if (algorithms.length == 0) throw new IllegalArgumentException("at least one algorithm");
      List<JwsAlgorithm> list = new ArrayList<>();
      for (JwsAlgorithm a : algorithms) {
        Objects.requireNonNull(a, "algorithm == null");
        if (a.isSymmetric()) throw new IllegalArgumentException(a + " is symmetric; DPoP proofs need an asymmetric algorithm");
        list.add(a);
      }
      this.algorithms = EnumSet.copyOf(list);
      return this;
    }

    /**
     * Sets how old a proof may be: its {@code iat} at least {@code now - lifetime - skew}.
     *
     * @param lifetime from 1 s to 10 min (default 60 s)
     * @return this builder
     * @throws IllegalArgumentException outside that range
     */
    public Builder proofLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime == null");
      if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("proof lifetime must be 1 s .. 10 min, was " + lifetime);
      }
      this.lifetime = lifetime;
      return this;
    }

    /**
     * Sets the allowed clock difference with clients.
     *
     * @param skew from 0 to 60 s (default 5 s)
     * @return this builder
     * @throws IllegalArgumentException outside that range
     */
    public Builder clockSkew(Duration skew) {
      Objects.requireNonNull(skew, "skew == null");
      if (skew.isNegative() || skew.compareTo(Duration.ofSeconds(60)) > 0) {
        throw new IllegalArgumentException("clock skew must be 0 .. 60 s, was " + skew);
      }
      this.skew = skew;
      return this;
    }

    /**
     * Sets the clock.
     *
     * @param clock the clock (default system UTC)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets the longest accepted proof.
     *
     * @param chars from 512 to 64 Ki characters (default 8 KiB)
     * @return this builder
     * @throws IllegalArgumentException outside that range
     */
    public Builder maxProofLength(int chars) {
      if (chars < 512 || chars > 64 * 1024) throw new IllegalArgumentException("max proof length must be 512 .. 65536");
      this.maxProofLength = chars;
      return this;
    }

    /**
     * Sets how many accepted proofs the replay cache remembers at most. Size it for your peak rate
     * times the window (proof lifetime plus twice the skew): 1,000 requests per second and the
     * default window need 70,000.
     *
     * @param entries at least 1 (default 100,000, about 15 MB when full)
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder replayCacheCapacity(int entries) {
      if (entries < 1) throw new IllegalArgumentException("replay cache capacity must be at least 1");
      this.replayCapacity = entries;
      return this;
    }

    /**
     * Demands server nonces in every proof (RFC 9449 §8, §9); a proof without a valid one is
     * refused with {@code use_dpop_nonce} and the current nonce.
     *
     * @param nonces the nonce source, e.g. {@link DpopNonces#rotating}
     * @return this builder
     */
    public Builder nonces(DpopNonces nonces) {
      this.nonces = Objects.requireNonNull(nonces, "nonces == null");
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     */
    public DpopVerifier build() {
      return new DpopVerifier(this);
    }
  }
}
