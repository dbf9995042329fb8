package io.identsphere.oidc;

import io.identsphere.internal.http.Http;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.util.Map;

/**
 * The checks on an authorization response (RFC 6749 §4.1.2, RFC 9207) before its code is
 * exchanged. Everything in a callback came through the browser, so it is untrusted text.
 *
 * <p>Stateless and thread-safe.
 */
final class Callbacks {
  private Callbacks() {}

  /**
   * Parses the callback's query and checks its {@code state} against the request's (constant time).
   *
   * @throws IdentityServerException {@code MALFORMED_RESPONSE} for a query that does not parse or
   *     repeats a parameter, {@code STATE_MISMATCH} for a missing or wrong {@code state}
   */
  static Map<String, String> parse(URI callback, AuthorizationRequest request) {
    Map<String, String> q;
    try {
      q = Http.parseQuery(callback.getRawQuery());
    } catch (IllegalArgumentException e) {
      throw IdentityServerException.of(Kind.MALFORMED_RESPONSE, "callback: " + Untrusted.escape(e.getMessage()));
    }
    String state = q.get("state");
    if (state == null || !IdTokens.constantTimeEquals(state, request.state())) {
      throw IdentityServerException.of(Kind.STATE_MISMATCH,
          state == null ? "callback has no state" : "callback state does not match the request's");
    }
    return q;
  }

  /**
   * RFC 9207 §2.4: an {@code iss} must equal the issuer, on success and error responses alike; when
   * the provider advertises {@code authorization_response_iss_parameter_supported}, a response
   * without {@code iss} is refused, since an attacker's server would simply omit it.
   *
   * @throws IdentityServerException {@code ISSUER_MISMATCH}
   */
  static void checkIssuer(Map<String, String> q, ProviderMetadata md) {
    String iss = q.get("iss");
    if (iss == null) {
      if (md.authorizationResponseIssParameterSupported()) {
        throw IdentityServerException.of(Kind.ISSUER_MISMATCH, "callback has no iss although the identity server "
            + "advertises authorization_response_iss_parameter_supported (RFC 9207: possible mix-up attack)");
      }
      return;
    }
    if (!iss.equals(md.issuer())) {
      throw IdentityServerException.of(Kind.ISSUER_MISMATCH, "callback iss " + Untrusted.quote(iss) + " is not "
          + Untrusted.quote(md.issuer()) + " (RFC 9207: possible mix-up attack)");
    }
  }

  /**
   * Turns an error response into an exception; {@code error} and {@code error_description} are
   * escaped and bounded by {@link IdentityServerException}.
   *
   * @throws IdentityServerException {@code AUTHORIZATION_ERROR}
   */
  static void checkError(Map<String, String> q) {
    String error = q.get("error");
    if (error == null) return;
    String description = q.get("error_description");
    throw new IdentityServerException(Kind.AUTHORIZATION_ERROR, "authorization failed: " + Untrusted.quote(error)
        + (description == null ? "" : ": " + Untrusted.quote(description)), 0, error, description, null);
  }

  /**
   * Reads the authorization code from a callback's parameters.
   *
   * @param q the callback's query parameters
   * @return the callback's {@code code}
   * @throws IdentityServerException {@code MALFORMED_RESPONSE} if it has none
   */
  static String code(Map<String, String> q) {
    String code = q.get("code");
    if (code == null || code.isEmpty()) throw IdentityServerException.of(Kind.MALFORMED_RESPONSE, "callback has no code");
    return code;
  }
}
