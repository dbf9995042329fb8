package io.identsphere.jaxrs;

import io.identsphere.internal.text.Untrusted;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Refuses state-changing requests that a browser sent on behalf of another site (CSRF): a
 * {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}, or an {@code Origin} that
 * is not the app's own. When a request carries neither header (old browsers, scripts), the caller
 * decides with a token of its own. Immutable and thread-safe.
 */
final class CrossSiteGuard {
  /** What the headers say about a request. */
  enum Verdict {
    /** A browser says the request comes from the app itself. */
    SAME_ORIGIN,
    /** A browser says the request comes from elsewhere, or the headers are malformed. */
    CROSS_SITE,
    /** Neither header is present: the caller must check a token. */
    UNKNOWN
  }

  private final String appOrigin;

  /**
   * Creates a guard for the app that serves the given URL.
   *
   * @param app an absolute {@code http} or {@code https} URL of the app (its callback URL)
   */
  CrossSiteGuard(URI app) {
    this.appOrigin = origin(app);
    if (appOrigin == null) throw new IllegalArgumentException("not an absolute http(s) URL: " + app);
  }

  /** Returns the app's origin, {@code scheme://host[:port]} (default ports omitted). */
  String appOrigin() {
    return appOrigin;
  }

  /**
   * Judges a request by its {@code Sec-Fetch-Site} and {@code Origin} headers. The app's origin is
   * the configured URL's, or the origin the request was addressed to (another name of the same app).
   *
   * @param headers the request's headers
   * @param uri the request's URIs
   * @param why receives, for a refusal, a line for the log (escaped)
   * @return the verdict
   */
  Verdict judge(HttpHeaders headers, UriInfo uri, StringBuilder why) {
    List<String> fetchSite = headers.getRequestHeader("Sec-Fetch-Site");
    List<String> origins = headers.getRequestHeader("Origin");
    boolean hasFetchSite = fetchSite != null && !fetchSite.isEmpty();
    boolean hasOrigin = origins != null && !origins.isEmpty();
    if (hasFetchSite) {
      String v = fetchSite.size() == 1 ? fetchSite.get(0).trim().toLowerCase(Locale.ROOT) : "";
      if (!v.equals("same-origin") && !v.equals("none")) {
        why.append("Sec-Fetch-Site ").append(Untrusted.quote(String.join(", ", fetchSite)));
        return Verdict.CROSS_SITE;
      }
    }
    if (hasOrigin) {
      String given = origins.size() == 1 ? parseOrigin(origins.get(0).trim()) : null;
      if (given == null || !(given.equals(appOrigin) || given.equals(origin(uri.getBaseUri())))) {
        why.append("Origin ").append(Untrusted.quote(String.join(", ", origins))).append(" is not ").append(appOrigin);
        return Verdict.CROSS_SITE;
      }
    }
    return hasFetchSite || hasOrigin ? Verdict.SAME_ORIGIN : Verdict.UNKNOWN;
  }

  /** Returns the origin an {@code Origin} header names, or null for {@code null} and anything but a bare origin. */
  private static String parseOrigin(String header) {
    try {
      URI u = new URI(header);
      boolean bare = (u.getRawPath() == null || u.getRawPath().isEmpty()) && u.getRawQuery() == null
          && u.getRawFragment() == null && u.getRawUserInfo() == null;
      return bare ? origin(u) : null;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  /** Returns {@code scheme://host[:port]} of an absolute http(s) URL, lower case, or null. */
  static String origin(URI uri) {
    if (uri == null || uri.getScheme() == null || uri.getHost() == null) return null;
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) return null;
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }
}
