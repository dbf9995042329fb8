package io.identsphere.jaxrs;

/**
 * RFC 6750 §2.1's {@code b64token}, the syntax of a Bearer (and DPoP, RFC 9449 §7.1) credential:
 * {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}.
 *
 * <p>A plain loop, not a regular expression: it runs on every authenticated request over a token
 * of about a kilobyte, where {@code java.util.regex} took about 11 µs in a JFR profile of
 * {@code JaxrsBenchmark}: over a quarter of the ~40 µs a protected request then cost above the
 * same request to a public resource.
 */
final class B64Token {
  /** Which ASCII characters may form the token part (before any {@code =}). */
  private static final boolean[] TOKEN_CHAR = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      TOKEN_CHAR[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
  }

  private B64Token() {}

  /** Whether {@code s} is a non-empty b64token. */
  static boolean matches(String s) {
    int n = s.length();
    int i = 0;
    for (char c; i < n && (c = s.charAt(i)) < 128 && TOKEN_CHAR[c]; ) i++;
    if (i == 0) return false;
    while (i < n && s.charAt(i) == '=') i++;
    return i == n;
  }
}
