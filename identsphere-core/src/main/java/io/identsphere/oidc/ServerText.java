package io.identsphere.oidc;

/**
 * Keeps exception messages of the OIDC client printable and bounded, whoever built them: every
 * character outside printable ASCII is written as an escape ({@code \n}, {@code \r}, {@code \t},
 * {@code \}{@code uXXXX}), and text beyond {@link #MAX_MESSAGE} characters is cut and marked. A
 * backslash is kept as it is, so parts already escaped with
 * {@link io.identsphere.internal.text.Untrusted#quote} are not escaped twice.
 *
 * <p>Stateless and thread-safe.
 */
final class ServerText {
  /** The most characters of a message that are kept. */
  static final int MAX_MESSAGE = 2000;

  private ServerText() {}

  static String message(String text) {
    if (text == null) return null;
    int n = text.length();
    int keep = Math.min(n, MAX_MESSAGE);
    boolean plain = keep == n;
    for (int i = 0; plain && i < n; i++) {
      char c = text.charAt(i);
      plain = c >= 0x20 && c < 0x7f;
    }
    if (plain) return text;
    StringBuilder out = new StringBuilder(keep + 16);
    for (int i = 0; i < keep; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        for (int p = hex.length(); p < 4; p++) out.append('0');
        out.append(hex);
      }
    }
    if (keep < n) out.append("...(").append(n).append(" chars)");
    return out.toString();
  }
}
