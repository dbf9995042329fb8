package io.identsphere.oidc;

import java.net.URI;
import java.util.Locale;

/**
 * The rule for paths of IdentSphere's {@code /v1} API that callers pass in: nothing in a path may
 * take a request off the identity server or out of its {@code /v1} tree, neither literally nor
 * after the percent-decoding that a proxy or the server itself may do. Stateless.
 */
final class ApiPaths {
  static final int MAX_LENGTH = 2048;

  private ApiPaths() {}

  /**
   * Checks a path (with an optional query) and returns it unchanged.
   *
   * @throws IllegalArgumentException naming the rule the path breaks
   */
  static String check(String path) {
    if (path == null) throw new NullPointerException("path == null");
    if (path.length() > MAX_LENGTH) throw refused("is longer than " + MAX_LENGTH + " characters");
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c <= 0x20 || c >= 0x7f) throw refused("contains a space, a control or a non-ASCII character at index " + i);
      if (c == '\\') throw refused("contains a backslash");
      if (c == '#') throw refused("contains a fragment");
    }
    if (!path.startsWith("/v1/")) throw refused("must start with /v1/ (no scheme, no host)");
    int q = path.indexOf('?');
    String p = q < 0 ? path : path.substring(0, q);
    String query = q < 0 ? "" : path.substring(q + 1);
    if (p.contains("//")) throw refused("contains //");
    if (p.indexOf(';') >= 0) throw refused("contains ; (path parameters)");
    for (String segment : p.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) throw refused("contains a . or .. segment");
    }
    checkEscapes(p, true);
    checkEscapes(query, false);
    return path;
  }

  /** Every {@code %} must start a two-digit escape; in the path, none may decode to a separator, a dot, {@code %} or a control. */
  private static void checkEscapes(String s, boolean inPath) {
    for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
      if (i + 2 >= s.length()) throw refused("has a % that is not followed by two hex digits");
      int hi = Character.digit(s.charAt(i + 1), 16);
      int lo = Character.digit(s.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) throw refused("has a % that is not followed by two hex digits");
      int b = hi * 16 + lo;
      if (b < 0x20 || b == 0x7f) throw refused("has a percent-encoded control character");
      if (inPath && (b == '.' || b == '/' || b == '\\' || b == '%' || b == ';' || b == '?' || b == '#')) {
        throw refused("has a percent-encoded " + (char) b + " (%" + s.substring(i + 1, i + 3).toUpperCase(Locale.ROOT) + ")");
      }
    }
  }

  /**
   * The URL of a checked path under the authority, verified to have the authority's scheme, host
   * and port and to stay below its path.
   */
  static URI resolve(String authority, String path) {
    String base = authority.endsWith("/") ? authority.substring(0, authority.length() - 1) : authority;
    URI a = URI.create(base);
    URI u = URI.create(base + check(path));
    String basePath = a.getRawPath() == null ? "" : a.getRawPath();
    if (!a.getScheme().equalsIgnoreCase(u.getScheme()) || !a.getRawAuthority().equals(u.getRawAuthority())
        || u.getRawUserInfo() != null || u.getRawPath() == null || !u.getRawPath().startsWith(basePath + "/v1/")) {
      throw refused("does not stay under the identity server's /v1/");
    }
    return u;
  }

  private static IllegalArgumentException refused(String why) {
    return new IllegalArgumentException("IdentSphere API path refused: it " + why);
  }
}
