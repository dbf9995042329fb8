package io.identsphere.jaxrs;

import io.identsphere.IdentSphereException;
import io.identsphere.dpop.DpopProofException;
import io.identsphere.dpop.DpopVerifier;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.VerifiedToken;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

/**
 * Authenticates {@code Authorization: DPoP <token>} with its {@code DPoP} proof: the token through
 * the feature's verifier, then the proof, its {@code ath} and the token's {@code cnf.jkt} through
 * the {@link DpopVerifier}. Like the authentication filter, it never rejects by itself: it records a
 * {@link DpopFailure} that the authorization filter turns into a challenge. Thread-safe.
 */
final class DpopAuthentication {
  private static final System.Logger LOG = System.getLogger(DpopAuthentication.class.getName());
  /** The description of a 401 for a bound token presented as a bearer token. */
  static final String BOUND_AS_BEARER = "the token is bound to a DPoP key; send it with the DPoP scheme and a proof";

  private final IdentSphereFeature.Settings settings;
  private final RateLimitedLog outageLog = new RateLimitedLog(LOG, Level.WARNING, Duration.ofSeconds(60));

  DpopAuthentication(IdentSphereFeature.Settings settings) {
    this.settings = settings;
  }

  /**
   * Authenticates a request that uses the DPoP scheme.
   *
   * @param request the request
   * @param credentials what follows {@code DPoP } in the Authorization header
   */
  void authenticate(ContainerRequestContext request, String credentials) {
    String token = credentials.trim();
    if (token.isEmpty() || !B64Token.matches(token)) {
      fail(request, 400, "invalid_request", "the DPoP token is empty or not a valid b64token", null);
      return;
    }
    List<String> proofs = request.getHeaders().get("DPoP");
    if (proofs == null || proofs.size() != 1) {
      fail(request, 401, "invalid_dpop_proof", "the request must carry exactly one DPoP proof header", null);
      return;
    }
    VerifiedToken verified;
    try {
      verified = settings.verifier.verify(token);
    } catch (TokenRejectedException e) {
      if (LOG.isLoggable(Level.DEBUG)) {
        LOG.log(Level.DEBUG, "DPoP token rejected (" + e.reason() + "): " + Untrusted.escape(e.getMessage()));
      }
      fail(request, 401, "invalid_token", Rejections.describe(e.reason()), null);
      return;
    } catch (IdentSphereException e) {
      outageLog.log(() -> "cannot verify a token, answering 503: " + Untrusted.escape(e.getMessage()));
      fail(request, 503, null, "the identity server is unavailable; try again later", null);
      return;
    }
    try {
      settings.dpop.verifier.verify(proofs.get(0).trim(), request.getMethod(),
          settings.dpop.requestUri(request.getUriInfo()), token, verified);
    } catch (DpopProofException e) {
      if (LOG.isLoggable(Level.DEBUG)) {
        LOG.log(Level.DEBUG, "DPoP proof rejected (" + e.reason() + "): " + Untrusted.escape(e.getMessage()));
      }
      if (e.reason() == DpopProofException.Reason.REPLAY_CACHE_FULL) {
        outageLog.log(() -> "the DPoP replay cache is full, answering 503; raise replayCacheCapacity");
        fail(request, 503, null, "the server is busy; try again later", null);
        return;
      }
      fail(request, 401, e.reason().errorCode(), describe(e.reason()), e.nonce().orElse(null));
      return;
    }
    boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
    request.setSecurityContext(new AuthSecurityContext(verified, secure, settings.includeCustomRoles, "DPoP"));
  }

  private static void fail(ContainerRequestContext request, int status, String error, String description, String nonce) {
    request.setProperty(DpopFailure.PROPERTY, new DpopFailure(status, error, description, nonce));
  }

  /** A fixed public description per reason; the detailed message goes to a DEBUG line only. */
  static String describe(DpopProofException.Reason reason) {
    switch (reason) {
      case MISSING: return "the request has no DPoP proof";
      case TOO_LARGE: return "the DPoP proof is too large";
      case MALFORMED: return "the DPoP proof is malformed";
      case WRONG_TYPE: return "the DPoP proof has the wrong typ";
      case UNSUPPORTED_ALGORITHM: return "the DPoP proof's algorithm is not accepted";
      case BAD_KEY: return "the DPoP proof's key is not an acceptable public key";
      case BAD_SIGNATURE: return "the DPoP proof's signature is invalid";
      case WRONG_METHOD: return "the DPoP proof is for another HTTP method";
      case WRONG_URI: return "the DPoP proof is for another URI";
      case EXPIRED: return "the DPoP proof is too old";
      case ISSUED_IN_FUTURE: return "the DPoP proof was issued in the future";
      case REPLAYED: return "the DPoP proof was already used";
      case MISSING_ACCESS_TOKEN_HASH: return "the DPoP proof lacks the access token hash";
      case WRONG_ACCESS_TOKEN_HASH: return "the DPoP proof is for another access token";
      case TOKEN_NOT_BOUND: return "the token is not bound to a DPoP key";
      case KEY_MISMATCH: return "the token is bound to another key than the DPoP proof's";
      case NONCE_REQUIRED: return "a DPoP nonce is required; use the one in DPoP-Nonce";
      case BAD_NONCE: return "the DPoP nonce is not current; use the one in DPoP-Nonce";
      default: return "the DPoP proof is invalid";
    }
  }

  /**
   * Tells whether a token that came as a bearer token must be refused because it is DPoP-bound.
   *
   * @param verified the verified token
   * @return true when it has {@code cnf.jkt}
   */
  static boolean boundButBearer(VerifiedToken verified) {
    return DpopVerifier.isBound(verified);
  }
}
