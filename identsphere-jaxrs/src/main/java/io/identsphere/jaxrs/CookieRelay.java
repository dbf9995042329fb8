package io.identsphere.jaxrs;

import io.identsphere.internal.text.Untrusted;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses which of the identity server's {@code Set-Cookie} headers {@code /auth/api-login} passes
 * on to the browser, and rewrites them: only IdentSphere's own cookies ({@code identsphere_*}), at
 * most {@link #MAX_COOKIES} of at most {@link #MAX_COOKIE_BYTES} bytes each, of printable ASCII;
 * a {@code Domain} only when the app's host domain-matches it (RFC 6265 §5.1.3), otherwise the
 * cookie becomes host-only; {@code HttpOnly} always, {@code SameSite=Strict} kept and anything else
 * made {@code Lax}, {@code Secure} unless the caller says the request is local development. Other
 * attributes are dropped. Everything dropped is listed for one log line. Immutable and thread-safe.
 */
final class CookieRelay {
  /** The most cookies relayed from one answer. */
  static final int MAX_COOKIES = 8;
  /** The longest {@code Set-Cookie} value relayed, in bytes (RFC 6265 §6.1's minimum per cookie). */
  static final int MAX_COOKIE_BYTES = 4096;
  /** IdentSphere's cookies all start with this. */
  static final String PREFIX = "identsphere_";
  /** Headers beyond this many are counted, not parsed. */
  private static final int MAX_EXAMINED = 64;
  private static final int MAX_NAME = 128;

  /** The cookies to set and what was dropped. */
  static final class Result {
    final List<String> setCookies;
    final List<String> dropped;

    Result(List<String> setCookies, List<String> dropped) {
      this.setCookies = List.copyOf(setCookies);
      this.dropped = List.copyOf(dropped);
    }
  }

  private final String appHost;

  /**
   * Creates a relay for an app.
   *
   * @param appHost the app's host name, as in its callback URL
   */
  CookieRelay(String appHost) {
    this.appHost = appHost.toLowerCase(Locale.ROOT);
  }

  /**
   * Filters and rewrites the upstream's {@code Set-Cookie} headers.
   *
   * @param upstream the headers, in order
   * @param secure whether to add {@code Secure}
   * @return what to set, and what was dropped (escaped, for the log)
   */
  Result relay(List<String> upstream, boolean secure) {
    List<String> out = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    int examined = 0;
    for (String header : upstream) {
      if (++examined > MAX_EXAMINED) {
        dropped.add((upstream.size() - MAX_EXAMINED) + " further Set-Cookie headers, unread");
        break;
      }
      String cookie = rewrite(header, secure, dropped);
      if (cookie == null) continue;
      if (out.size() == MAX_COOKIES) {
        dropped.add("cookie " + Untrusted.quote(name(header)) + " (more than " + MAX_COOKIES + " cookies)");
        continue;
      }
      out.add(cookie);
    }
    return new Result(out, dropped);
  }

  /** Returns the cookie to set, or null (with the reason added to {@code dropped}). */
  private String rewrite(String header, boolean secure, List<String> dropped) {
    String name = name(header);
    if (header.length() > MAX_COOKIE_BYTES) {
      dropped.add("cookie " + Untrusted.quote(name) + " (" + header.length() + " chars, more than " + MAX_COOKIE_BYTES + ")");
      return null;
    }
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        dropped.add("cookie " + Untrusted.quote(name) + " (control or non-ASCII characters)");
        return null;
      }
    }
    String[] parts = header.split(";", -1);
    int eq = parts[0].indexOf('=');
    if (eq < 0 || !isToken(name) || !name.startsWith(PREFIX) || name.length() > MAX_NAME) {
      dropped.add("cookie " + Untrusted.quote(name) + " (not an " + PREFIX + "* cookie)");
      return null;
    }
    String value = parts[0].substring(eq + 1).trim();
    if (!isCookieValue(value)) {
      dropped.add("cookie " + Untrusted.quote(name) + " (invalid value)");
      return null;
    }
    String path = "/";
    String domain = null;
    String maxAge = null;
    String expires = null;
    String sameSite = "Lax";
    for (int i = 1; i < parts.length; i++) {
      String av = parts[i].trim();
      if (av.isEmpty()) continue;
      int e = av.indexOf('=');
      String attr = (e < 0 ? av : av.substring(0, e)).trim().toLowerCase(Locale.ROOT);
      String v = e < 0 ? "" : av.substring(e + 1).trim();
      switch (attr) {
        case "path":
          if (v.startsWith("/") && v.length() <= 256 && v.indexOf(',') < 0) path = v;
          else dropped.add("Path " + Untrusted.quote(v) + " of " + Untrusted.quote(name));
          break;
        case "domain":
          String d = v.startsWith(".") ? v.substring(1).toLowerCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT);
          if (domainMatches(d)) domain = d;
          else dropped.add("Domain " + Untrusted.quote(v) + " of " + Untrusted.quote(name) + " (not the app's, " + appHost + ")");
          break;
        case "max-age":
          if (v.matches("-?[0-9]{1,10}")) maxAge = v;
          else dropped.add("Max-Age " + Untrusted.quote(v) + " of " + Untrusted.quote(name));
          break;
        case "expires":
          if (v.matches("[A-Za-z0-9 ,:-]{1,64}")) expires = v;
          else dropped.add("Expires " + Untrusted.quote(v) + " of " + Untrusted.quote(name));
          break;
        case "samesite":
          if (v.equalsIgnoreCase("strict")) sameSite = "Strict";
          else if (!v.equalsIgnoreCase("lax")) dropped.add("SameSite " + Untrusted.quote(v) + " of " + Untrusted.quote(name) + " (made Lax)");
          break;
        case "httponly":
        case "secure":
          break; // always decided here
        default:
          dropped.add("attribute " + Untrusted.quote(attr) + " of " + Untrusted.quote(name));
      }
    }
    StringBuilder sb = new StringBuilder(name).append('=').append(value).append("; Path=").append(path);
    if (domain != null) sb.append("; Domain=").append(domain);
    if (maxAge != null) sb.append("; Max-Age=").append(maxAge);
    if (expires != null) sb.append("; Expires=").append(expires);
    sb.append("; HttpOnly; SameSite=").append(sameSite);
    if (secure) sb.append("; Secure");
    return sb.toString();
  }

  /** RFC 6265 §5.1.3, refusing single-label domains other than the host itself (public suffixes such as {@code com}). */
  private boolean domainMatches(String domain) {
    if (domain.isEmpty()) return false;
    if (domain.equals(appHost)) return true;
    boolean ipHost = appHost.matches("[0-9.]+") || appHost.indexOf(':') >= 0 || appHost.startsWith("[");
    return !ipHost && domain.indexOf('.') > 0 && appHost.endsWith("." + domain);
  }

  private static String name(String header) {
    int end = header.indexOf('=');
    int semi = header.indexOf(';');
    if (end < 0 || (semi >= 0 && semi < end)) end = semi < 0 ? header.length() : semi;
    return header.substring(0, Math.min(end, header.length())).trim();
  }

  /** RFC 9110 §5.6.2 token. */
  private static boolean isToken(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) return false;
    }
    return true;
  }

  /** RFC 6265 §4.1.1 cookie-value: cookie-octets, optionally in double quotes. */
  private static boolean isCookieValue(String v) {
    if (v.isEmpty()) return true;
    String inner = v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    return inner.isEmpty() || Cookies.isCookieOctets(inner);
  }
}
