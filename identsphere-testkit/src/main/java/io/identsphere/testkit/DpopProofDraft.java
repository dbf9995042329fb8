package io.identsphere.testkit;

import io.identsphere.dpop.DpopKey;
import io.identsphere.dpop.DpopProof;
import io.identsphere.internal.jose.JwsSigner;
import io.identsphere.internal.json.Json;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A DPoP proof being built by {@link TokenMinter#dpopProof}: good by default (a fresh {@code jti},
 * {@code iat} now, {@code htm} and {@code htu} of the request, signed by the key in its
 * {@code jwk} header), with presets for the proofs a resource server must refuse.
 *
 * <p>Not thread-safe. <b>For testing only.</b>
 */
public final class DpopProofDraft {
  private final DpopKey key;
  private final Clock clock;
  private String method;
  private URI uri;
  private String accessToken;
  private boolean withoutAth;
  private String nonce;
  private String jwtId = UUID.randomUUID().toString();
  private Instant issuedAt;
  private DpopKey signer;

  DpopProofDraft(DpopKey key, String method, URI uri, Clock clock) {
    this.key = Objects.requireNonNull(key, "key == null");
    this.method = Objects.requireNonNull(method, "method == null");
    this.uri = Objects.requireNonNull(uri, "uri == null");
    this.clock = clock;
    this.signer = key;
  }

  /**
   * Binds the proof to the access token sent with it ({@code ath}).
   *
   * @param accessToken the access token
   * @return this draft
   */
  public DpopProofDraft accessToken(String accessToken) {
    this.accessToken = Objects.requireNonNull(accessToken, "accessToken == null");
    return this;
  }

  /**
   * Includes a server nonce.
   *
   * @param nonce the {@code DPoP-Nonce} the server sent
   * @return this draft
   */
  public DpopProofDraft nonce(String nonce) {
    this.nonce = Objects.requireNonNull(nonce, "nonce == null");
    return this;
  }

  /**
   * Sets the {@code jti}; two proofs with the same {@code jti} and key make a replay.
   *
   * @param jwtId the identifier
   * @return this draft
   */
  public DpopProofDraft jwtId(String jwtId) {
    this.jwtId = Objects.requireNonNull(jwtId, "jwtId == null");
    return this;
  }

  /**
   * Sets {@code iat}.
   *
   * @param at the issue time
   * @return this draft
   */
  public DpopProofDraft issuedAt(Instant at) {
    this.issuedAt = Objects.requireNonNull(at, "at == null");
    return this;
  }

  /**
   * Bad: {@code htu} names another path of the same host.
   *
   * @return this draft
   */
  public DpopProofDraft wrongUri() {
    this.uri = uri.resolve("/elsewhere");
    return this;
  }

  /**
   * Bad: {@code htm} is another method ({@code DELETE}, or {@code GET} for a {@code DELETE}).
   *
   * @return this draft
   */
  public DpopProofDraft wrongMethod() {
    this.method = method.equals("DELETE") ? "GET" : "DELETE";
    return this;
  }

  /**
   * Bad: {@code iat} ten minutes ago, outside any verifier's window.
   *
   * @return this draft
   */
  public DpopProofDraft oldIssuedAt() {
    this.issuedAt = clock.instant().minus(Duration.ofMinutes(10));
    return this;
  }

  /**
   * Bad: the {@code jwk} header names the draft's key, but another (new) key of the same algorithm signs.
   *
   * @return this draft
   */
  public DpopProofDraft wrongKey() {
    this.signer = DpopKey.generate(key.algorithm());
    return this;
  }

  /**
   * Bad: no {@code ath}, though an access token goes with the proof.
   *
   * @return this draft
   */
  public DpopProofDraft withoutAccessTokenHash() {
    this.withoutAth = true;
    return this;
  }

  /**
   * Signs the proof.
   *
   * @return the {@code DPoP} header value
   */
  public String sign() {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", "dpop+jwt");
    header.put("alg", key.algorithm().name());
    header.put("jwk", Json.parseObject(key.publicJwk().toPublicJson()));
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("jti", jwtId);
    claims.put("htm", method);
    claims.put("htu", uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null
        || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath()));
    claims.put("iat", (issuedAt != null ? issuedAt : clock.instant()).getEpochSecond());
    if (accessToken != null && !withoutAth) claims.put("ath", DpopProof.accessTokenHash(accessToken));
    if (nonce != null) claims.put("nonce", nonce);
    return JwsSigner.sign(header, claims, key.algorithm(), signer.keyPair().getPrivate());
  }
}
