package io.identsphere.jaxrs;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a browser goes back to after the sign-in: only a path of this app, so that
 * {@code /auth/login?return_to=...} cannot be an open redirect. Stateless.
 */
final class ReturnPath {
  private static final int MAX = 2048;

  private ReturnPath() {}

  /**
   * Returns the candidate when it is a path of this app: {@code /...}, not {@code //host} or
   * {@code /\host} (which browsers read as another host), printable ASCII without spaces, no
   * fragment, at most 2 KiB.
   *
   * @param candidate the path the browser asked to return to, or null
   * @return the path, or null when it is absent or not a path of this app
   */
  static String check(String candidate) {
    if (candidate == null || candidate.isEmpty() || candidate.length() > MAX) return null;
    if (candidate.charAt(0) != '/' || candidate.startsWith("//")) return null;
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '\\') return null;
    }
    try {
      URI u = new URI(candidate);
      return u.getScheme() == null && u.getRawAuthority() == null && u.getRawFragment() == null ? candidate : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * Returns the sign-in URL that comes back to a page.
   *
   * @param loginPath the path of {@code /auth/login}
   * @param parameter the query parameter naming the page
   * @param page the page's request URI
   * @return {@code loginPath?parameter=<the page's path and query, encoded>}
   */
  static URI loginUri(String loginPath, String parameter, URI page) {
    String path = (page.getRawPath() == null || page.getRawPath().isEmpty() ? "/" : page.getRawPath())
        + (page.getRawQuery() == null ? "" : "?" + page.getRawQuery());
    return URI.create(loginPath + "?" + parameter + "=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
  }
}
