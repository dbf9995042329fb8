package io.identsphere.jaxrs;

import jakarta.ws.rs.core.Response;

/**
 * 401 and 400 answers with the challenges a resource's {@link DpopMode} calls for (RFC 6750 §3,
 * RFC 9449 §7.1): {@code Bearer} unless DPoP is required, {@code DPoP algs="..."} unless it is
 * ignored, each carrying the error only when the failed request used that scheme. Stateless.
 */
final class Challenges {
  private Challenges() {}

  /**
   * Builds the answer.
   *
   * @param status 400 or 401
   * @param settings the feature's settings (realm, DPoP options)
   * @param mode the resource's DPoP mode
   * @param bearerError the Bearer error and description, or null
   * @param dpopError the DPoP error and description, or null
   * @param description the problem's detail
   * @param nonce a {@code DPoP-Nonce} to send, or null
   * @return the response
   */
  static Response respond(int status, IdentSphereFeature.Settings settings, DpopMode mode, String bearerError,
      String dpopError, String description, String nonce) {
    String title = status == 400 ? "Bad Request" : "Unauthorized";
    Response.ResponseBuilder r = Problems.problem(status, title, description);
    if (mode != DpopMode.REQUIRED) {
      r.header("WWW-Authenticate", Problems.bearerChallenge(settings.realm, bearerError, description, null));
    }
    if (mode != DpopMode.IGNORED) {
      StringBuilder c = new StringBuilder("DPoP realm=\"").append(Problems.quote(settings.realm)).append('"');
      c.append(", algs=\"").append(settings.dpop.algs).append('"');
      if (dpopError != null) {
        c.append(", error=\"").append(dpopError).append('"');
        if (description != null) c.append(", error_description=\"").append(Problems.quote(Problems.ascii(description))).append('"');
      }
      r.header("WWW-Authenticate", c.toString());
    }
    if (nonce != null) r.header("DPoP-Nonce", nonce);
    return r.build();
  }
}
