package io.identsphere.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Locale;

/** Tells a browser's page request from an API call, for {@link LoginRequired}. Stateless. */
final class Browsers {
  private Browsers() {}

  /**
   * Whether the request is a browser navigating to a page: {@code GET} or {@code HEAD}, with an
   * {@code Accept} header that lists {@code text/html} or {@code application/xhtml+xml} with a
   * quality above zero. {@code *}{@code /*} alone (curl, most HTTP clients) is not a browser.
   */
  static boolean wantsPage(ContainerRequestContext request) {
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) return false;
    List<String> accepts = request.getHeaders().get(HttpHeaders.ACCEPT);
    if (accepts == null) return false;
    for (String header : accepts) {
      for (String range : header.split(",")) {
        String[] parts = range.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("text/html") && !type.equals("application/xhtml+xml")) continue;
        if (quality(parts) > 0) return true;
      }
    }
    return false;
  }

  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
        try {
          return Double.parseDouble(p.substring(2).trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }

  /**
   * The sign-in path of a {@link LoginRequired}, checked at deploy time.
   *
   * @throws IllegalStateException when it could lead to another origin
   */
  static String checkLoginPath(String path, String where) {
    boolean ok = !path.isEmpty() && !path.startsWith("//") && path.indexOf('\\') < 0 && path.indexOf(':') < 0
        && path.indexOf('?') < 0 && path.indexOf('#') < 0 && path.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    if (!ok) {
      throw new IllegalStateException("@LoginRequired(loginPath) on " + where + " must be a path of this app, like"
          + " auth/login or /app/auth/login");
    }
    return path;
  }
}
