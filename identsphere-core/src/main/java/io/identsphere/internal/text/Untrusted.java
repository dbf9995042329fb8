package io.identsphere.internal.text;

/**
 * Makes text that came from outside (an identity server, a browser, a token header) safe to put into
 * an exception message or a log line: bounded in length, with every control character and every
 * non-ASCII character (line and paragraph separators and bidirectional overrides among them)
 * written as an escape, so a server cannot forge a log line, hide text or grow a message without
 * bound.
 *
 * <p>The result is always printable ASCII: characters from U+0020 to U+007E are kept, the rest
 * become {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}. A backslash is kept as it
 * is, so escaping is idempotent: text escaped once (a core exception message, say) comes out of a
 * second escape unchanged, and a layer that escapes again for safety never doubles backslashes. The
 * price: a server can write a literal {@code \n} that reads like an escape, but never a real line
 * break. Text longer than the bound is cut and marked with {@code "...(N chars)"}, where N is the
 * original length.
 *
 * <p>Stateless and thread-safe.
 */
public final class Untrusted {
  /** The default bound on the characters kept from one untrusted string. */
  public static final int DEFAULT_MAX = 200;

  private Untrusted() {}

  /**
   * Escapes untrusted text for a message or a log line, keeping at most {@link #DEFAULT_MAX}
   * characters of it.
   *
   * @param text untrusted text, or null (rendered {@code "null"})
   * @return {@link #escape(CharSequence, int)} with {@link #DEFAULT_MAX}
   */
  public static String escape(CharSequence text) {
    return escape(text, DEFAULT_MAX);
  }

  /**
   * Escapes untrusted text for a message or a log line, keeping at most {@code max} characters of
   * it; text that is already printable ASCII and short enough comes back unchanged.
   *
   * @param text untrusted text, or null (rendered {@code "null"})
   * @param max the most characters of {@code text} to keep, at least 1
   * @return printable ASCII, at most about {@code 6 * max + 20} characters long
   * @throws IllegalArgumentException if {@code max} is below 1
   */
  public static String escape(CharSequence text, int max) {
    if (max < 1) throw new IllegalArgumentException("max < 1: " + max);
    if (text == null) return "null";
    int n = text.length();
    int keep = Math.min(n, max);
    if (keep == n && isPlain(text)) return text.toString();
    StringBuilder out = new StringBuilder(keep + 16);
    for (int i = 0; i < keep; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c >= 0x20 && c < 0x7f) {
            out.append(c);
          } else {
            out.append("\\u");
            String hex = Integer.toHexString(c);
            for (int p = hex.length(); p < 4; p++) out.append('0');
            out.append(hex);
          }
      }
    }
    if (keep < n) out.append("...(").append(n).append(" chars)");
    return out.toString();
  }

  /**
   * Escapes untrusted text as {@link #escape(CharSequence)} does and puts it in double quotes, for
   * a message in which the reader must see where the text starts and ends.
   *
   * @param text untrusted text, or null (rendered {@code null}, without quotes)
   * @return the escaped text in double quotes, so that where it starts and ends is clear; a
   *     double quote inside is written {@code \"}
   */
  public static String quote(CharSequence text) {
    if (text == null) return "null";
    String e = escape(text, DEFAULT_MAX);
    return '"' + e.replace("\"", "\\\"") + '"';
  }

  private static boolean isPlain(CharSequence text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) return false;
    }
    return true;
  }
}
