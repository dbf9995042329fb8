package io.identsphere.dpop;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The comparison form of an {@code htu} and of a request URI (RFC 9449 §4.3 point 9, RFC 3986 §6.2.2
 * and §6.2.3): scheme and host in lower case, the scheme's default port removed, an empty path as
 * {@code /}, percent-encodings in upper case, no query, no fragment, no user information.
 */
final class RequestUris {
  private RequestUris() {}

  /**
   * Returns the comparison form.
   *
   * @param uri an absolute http(s) URI
   * @return the normalised form, or null if it is not an absolute http(s) URI with a host
   */
  static String normalize(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null || uri.getHost() == null) return null;
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) return null;
    int port = uri.getPort();
    if ((scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80)) port = -1;
    String path = uri.getRawPath();
    if (path == null || path.isEmpty()) path = "/";
    StringBuilder sb = new StringBuilder(scheme).append("://").append(uri.getHost().toLowerCase(Locale.ROOT));
    if (port >= 0) sb.append(':').append(port);
    return sb.append(upperPercent(path)).toString();
  }

  /**
   * Parses and normalises a proof's {@code htu}.
   *
   * @param htu the claim
   * @return the normalised form, or null if it is not an absolute http(s) URI
   */
  static String normalize(String htu) {
    try {
      return normalize(new URI(htu));
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String upperPercent(String path) {
    if (path.indexOf('%') < 0) return path;
    StringBuilder sb = new StringBuilder(path);
    for (int i = sb.indexOf("%"); i >= 0 && i + 2 < sb.length(); i = sb.indexOf("%", i + 3)) {
      sb.setCharAt(i + 1, Character.toUpperCase(sb.charAt(i + 1)));
      sb.setCharAt(i + 2, Character.toUpperCase(sb.charAt(i + 2)));
    }
    return sb.toString();
  }
}
