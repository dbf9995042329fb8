package io.identsphere.testkit;

import io.identsphere.dpop.DpopNonces;
import io.identsphere.dpop.DpopProofException;
import io.identsphere.dpop.DpopVerifier;
import io.identsphere.testkit.Exchanges.BadRequest;
import io.identsphere.testkit.Exchanges.Call;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * DPoP at the fake server's token endpoint (RFC 9449 §5, §8): the request's proof checked with the
 * server's clock against its own token endpoint URI, server nonces when the builder demands them,
 * access tokens bound to the proof key ({@code cnf.jkt}, {@code token_type: DPoP}), and refresh
 * tokens that need proofs from the key they were issued to.
 *
 * <p>Thread-safe (the verifier and the grant maps are).
 */
final class DpopGrants {
  private final FakeIdentSphere s;
  private final DpopVerifier verifier;

  DpopGrants(FakeIdentSphere s) {
    this.s = s;
    DpopVerifier.Builder b = DpopVerifier.newBuilder().clock(s.clock);
    if (s.requireDpopNonce) b.nonces(DpopNonces.rotating(Duration.ofMinutes(5), s.clock));
    this.verifier = b.build();
  }

  /**
   * Checks the request's {@code DPoP} header, if any.
   *
   * @return the RFC 7638 thumbprint of the proof key, or null when the request has no proof
   * @throws BadRequest 400 {@code invalid_dpop_proof} for a bad proof or several {@code DPoP}
   *     headers, 400 {@code use_dpop_nonce} with a {@code DPoP-Nonce} header when a nonce is demanded
   */
  String proofKey(Call c) {
    List<String> proofs = c.ex.getRequestHeaders().get("DPoP");
    if (proofs == null || proofs.isEmpty()) return null;
    if (proofs.size() > 1) throw new BadRequest(400, "invalid_dpop_proof", "more than one DPoP header");
    try {
      return verifier.verify(proofs.get(0), c.ex.getRequestMethod(), URI.create(c.base() + "/token")).thumbprint();
    } catch (DpopProofException e) {
      Map<String, String> headers = e.nonce().map(n -> Map.of("DPoP-Nonce", n)).orElse(Map.of());
      throw new BadRequest(400, e.reason().errorCode(), e.getMessage(), headers);
    }
  }

  /**
   * Refuses a refresh whose refresh token is bound to a key the request's proof is not from.
   *
   * @param refreshToken the presented refresh token
   * @param proofKey the thumbprint of the request's proof key, or null without a proof
   * @throws BadRequest 400 {@code invalid_dpop_proof}
   */
  void checkRefresh(String refreshToken, String proofKey) {
    String bound = s.grants.refreshKeys.get(refreshToken);
    if (bound == null) return;
    if (proofKey == null) throw new BadRequest(400, "invalid_dpop_proof", "the refresh token is bound to a DPoP key: send a DPoP proof");
    if (!bound.equals(proofKey)) {
      throw new BadRequest(400, "invalid_dpop_proof", "the DPoP proof is not from the key the refresh token is bound to");
    }
  }

  /**
   * Binds access token claims to a proof key.
   *
   * @param accessTokenClaims the claims, {@code cnf} is added when {@code proofKey} is set
   * @param proofKey the proof key's thumbprint, or null
   * @return the {@code token_type} to answer with: {@code DPoP} when bound, else {@code Bearer}
   */
  static String bind(Map<String, Object> accessTokenClaims, String proofKey) {
    if (proofKey == null) return "Bearer";
    accessTokenClaims.put("cnf", Map.of("jkt", proofKey));
    return "DPoP";
  }
}
