package io.identsphere.oidc;

import io.identsphere.internal.http.Http;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the end-session URL. */
final class EndSession {
  private EndSession() {}

  /** Builds the URL from discovery's end-session endpoint; null arguments are left out. */
  static URI uri(ProviderMetadata md, String clientId, String idTokenHint, URI postLogoutRedirect, String state) {
    URI end = md.endSessionEndpoint().orElseThrow(() ->
        IdentityServerException.of(Kind.MALFORMED_RESPONSE, "discovery names no end_session_endpoint"));
    Map<String, String> p = new LinkedHashMap<>();
    p.put("id_token_hint", idTokenHint);
    p.put("post_logout_redirect_uri", postLogoutRedirect == null ? null : postLogoutRedirect.toString());
    p.put("client_id", clientId);
    p.put("state", state);
    return Http.withQuery(end, p);
  }
}
