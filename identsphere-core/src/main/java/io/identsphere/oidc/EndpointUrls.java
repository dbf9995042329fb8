package io.identsphere.oidc;

import io.identsphere.internal.http.Http;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The one rule for every URL an identity server hands us (discovery endpoints): an absolute
 * hierarchical URL with a host, scheme {@code https} ({@code http} only for loopback hosts or with
 * {@code allowInsecureHttp()}), no user-info part and no fragment. Every other scheme
 * ({@code javascript:}, {@code data:}, {@code file:}, ...) is refused, so such a URL can neither be
 * called nor returned to a browser.
 *
 * <p>Stateless and thread-safe.
 */
final class EndpointUrls {
  private EndpointUrls() {}

  /**
   * Checks one URL from the identity server.
   *
   * @param member the discovery member it came from, for the message
   * @param value the value the server sent
   * @param allowInsecure whether plain HTTP to non-loopback hosts is allowed
   * @return the parsed URL
   * @throws IdentityServerException {@code INSECURE_URL} for another scheme, plain HTTP to a
   *     non-loopback host or a user-info part; {@code MALFORMED_RESPONSE} when it is not an absolute
   *     URL with a host, or has a fragment
   */
  static URI check(String member, String value, boolean allowInsecure) {
    String what = "discovery member \"" + member + "\"";
    URI u;
    try {
      u = new URI(value);
    } catch (URISyntaxException e) {
      throw malformed(what + " is not a URL: " + Untrusted.quote(value));
    }
    String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
    if (scheme == null) throw malformed(what + " is not an absolute URL: " + Untrusted.quote(value));
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw insecure(what + " has scheme " + Untrusted.quote(scheme) + "; only https (or http on loopback) is accepted");
    }
    if (u.isOpaque() || u.getHost() == null || u.getHost().isEmpty()) {
      throw malformed(what + " has no host: " + Untrusted.quote(value));
    }
    if (u.getRawUserInfo() != null) {
      throw insecure(what + " carries a user-info part (user@host), which is refused");
    }
    if (u.getRawFragment() != null) {
      throw malformed(what + " has a fragment, which an endpoint URL must not have: " + Untrusted.quote(Http.safe(u)));
    }
    if (!Http.acceptable(u, allowInsecure)) {
      throw insecure(ClientSettings.httpsRule(what + " " + Untrusted.quote(Http.safe(u))));
    }
    return u;
  }

  private static IdentityServerException malformed(String message) {
    return IdentityServerException.of(Kind.MALFORMED_RESPONSE, message);
  }

  private static IdentityServerException insecure(String message) {
    return IdentityServerException.of(Kind.INSECURE_URL, message);
  }
}
