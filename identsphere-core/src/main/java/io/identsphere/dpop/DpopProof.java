package io.identsphere.dpop;

import io.identsphere.internal.jose.Base64Url;
import io.identsphere.internal.jose.JwsSigner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Creates DPoP proofs, the {@code DPoP} header value: a JWS with {@code typ: dpop+jwt}, the public
 * {@code jwk}, and the claims {@code jti} (random), {@code htm}, {@code htu} (the URI without query
 * and fragment), {@code iat}, and when set {@code ath} and {@code nonce}.
 *
 * <pre>{@code
 * String proof = key.proof("POST", tokenEndpoint).nonce(serverNonce).build();       // token request
 * String proof = key.proof("GET", api).accessToken(accessToken).build();            // resource request
 * }</pre>
 *
 * <p>A proof is for one request: build a new one for each (each has a new {@code jti}).
 * Stateless; the builder is not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9449#section-4.2">RFC 9449 §4.2</a>
 */
public final class DpopProof {
  private static final SecureRandom RANDOM = new SecureRandom();

  private DpopProof() {}

  /**
   * Starts a proof.
   *
   * @param key the key that signs the proof
   * @param method the HTTP method, for example {@code GET}
   * @param uri the request's absolute URI; query and fragment are dropped
   * @return a builder
   * @throws IllegalArgumentException if the URI is not absolute or the method is empty
   */
  public static Builder newBuilder(DpopKey key, String method, URI uri) {
    return new Builder(key, method, uri);
  }

  /**
   * The {@code ath} of an access token: base64url of its SHA-256 over its ASCII text.
   *
   * @param accessToken the access token
   * @return the hash, 43 characters
   */
  public static String accessTokenHash(String accessToken) {
    Objects.requireNonNull(accessToken, "accessToken == null");
    try {
      return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code htu} of a URI: scheme, authority and path, without query and fragment. */
  static String htu(URI uri) {
    StringBuilder sb = new StringBuilder().append(uri.getScheme()).append("://").append(uri.getRawAuthority());
    String path = uri.getRawPath();
    sb.append(path == null || path.isEmpty() ? "/" : path);
    return sb.toString();
  }

  /** Options of one proof. Not thread-safe. */
  public static final class Builder {
    private final DpopKey key;
    private final String method;
    private final URI uri;
    private String accessToken;
    private String nonce;
    private Instant issuedAt;
    private String jwtId;
    private Clock clock = Clock.systemUTC();

    private Builder(DpopKey key, String method, URI uri) {
      this.key = Objects.requireNonNull(key, "key == null");
      this.method = Objects.requireNonNull(method, "method == null");
      this.uri = Objects.requireNonNull(uri, "uri == null");
      if (method.isEmpty()) throw new IllegalArgumentException("method is empty");
      if (!uri.isAbsolute() || uri.getRawAuthority() == null) throw new IllegalArgumentException("uri must be absolute");
    }

    /**
     * Binds the proof to an access token ({@code ath}); needed for resource requests.
     *
     * @param accessToken the access token sent with the proof
     * @return this builder
     */
    public Builder accessToken(String accessToken) {
      this.accessToken = Objects.requireNonNull(accessToken, "accessToken == null");
      return this;
    }

    /**
     * Includes a server-provided nonce (from a {@code DPoP-Nonce} header).
     *
     * @param nonce the nonce, as the server sent it
     * @return this builder
     */
    public Builder nonce(String nonce) {
      this.nonce = Objects.requireNonNull(nonce, "nonce == null");
      return this;
    }

    /**
     * Sets the clock for {@code iat} (default: system UTC).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets {@code iat} explicitly instead of reading the clock (tests of the time window).
     *
     * @param issuedAt the issue time, whole seconds are written
     * @return this builder
     */
    public Builder issuedAt(Instant issuedAt) {
      this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt == null");
      return this;
    }

    /**
     * Sets {@code jti} explicitly instead of a random one (tests of replay detection).
     *
     * @param jwtId the identifier
     * @return this builder
     */
    public Builder jwtId(String jwtId) {
      this.jwtId = Objects.requireNonNull(jwtId, "jwtId == null");
      return this;
    }

    /**
     * Signs the proof.
     *
     * @return the compact JWS for the {@code DPoP} header
     */
    public String build() {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("typ", "dpop+jwt");
      header.put("alg", key.algorithm().name());
      header.put("jwk", key.publicMembers());
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("jti", jwtId != null ? jwtId : randomId());
      claims.put("htm", method);
      claims.put("htu", htu(uri));
      claims.put("iat", (issuedAt != null ? issuedAt : clock.instant()).getEpochSecond());
      if (accessToken != null) claims.put("ath", accessTokenHash(accessToken));
      if (nonce != null) claims.put("nonce", nonce);
      return JwsSigner.sign(header, claims, key.algorithm(), key.keyPair().getPrivate());
    }

    private static String randomId() {
      byte[] b = new byte[16];
      RANDOM.nextBytes(b);
      return Base64Url.encode(b);
    }
  }
}
