package io.identsphere.jaxrs;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Writes {@code Set-Cookie} values with the configured attributes. Lifetimes are computed from the
 * same clock as the token checks, so a cookie and its token expire together. It takes the request
 * URI, not a request context: resource methods may only inject what every runtime provides
 * ({@code UriInfo}, {@code HttpHeaders}). Immutable.
 */
final class Cookies {
  /** The cookies of a browser session, cleared together on sign-out. */
  static final List<String> SESSION = List.of("identsphere_at", "identsphere_rt", "identsphere_idt");
  /** How long a token cookie outlives its token's {@code exp}: the validator's default clock skew. */
  static final Duration SKEW = Duration.ofSeconds(60);

  final boolean insecureOnLoopback;
  final String sameSite;
  final Duration refreshCookieLifetime;
  final Clock clock;

  Cookies(boolean insecureOnLoopback, String sameSite, Duration refreshCookieLifetime, Clock clock) {
    this.insecureOnLoopback = insecureOnLoopback;
    this.sameSite = sameSite;
    this.refreshCookieLifetime = refreshCookieLifetime;
    this.clock = clock;
  }

  /**
   * A token cookie: it lives until the token's expiry plus the skew, or, without an expiry (refresh
   * and ID tokens), for the refresh-cookie lifetime.
   */
  String tokenCookie(String name, String value, Instant expiresAt, URI requestUri) {
    long maxAge = expiresAt == null ? refreshCookieLifetime.getSeconds()
        : Math.max(1, Duration.between(clock.instant(), expiresAt).plus(SKEW).getSeconds());
    return cookie(name, value, "/", maxAge, requestUri);
  }

  String cookie(String name, String value, String path, long maxAgeSeconds, URI requestUri) {
    StringBuilder sb = new StringBuilder(name).append('=').append(value).append("; Path=").append(path)
        .append("; Max-Age=").append(maxAgeSeconds).append("; HttpOnly; SameSite=").append(sameSite);
    if (secure(requestUri)) sb.append("; Secure");
    return sb.toString();
  }

  /** Whether cookies set on this request get {@code Secure}: always, unless local development is allowed and the host is loopback. */
  boolean secure(URI requestUri) {
    return !(insecureOnLoopback && loopback(requestUri));
  }

  /**
   * Whether a value is RFC 6265 §4.1.1 cookie-octets, so that a token from the identity server
   * cannot add attributes ({@code ; Domain=...}) or break the header.
   */
  static boolean isCookieOctets(String v) {
    if (v == null || v.isEmpty()) return false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c <= 0x20 || c == '"' || c == ',' || c == ';' || c == '\\' || c >= 0x7f) return false;
    }
    return true;
  }

  String clear(String name, String path, URI requestUri) {
    return cookie(name, "", path, 0, requestUri);
  }

  private static boolean loopback(URI requestUri) {
    String host = requestUri == null ? null : requestUri.getHost();
    if (host == null) return false;
    if (host.equalsIgnoreCase("localhost")) return true;
    try {
      return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+\\]?") && InetAddress.getByName(host.replace("[", "").replace("]", ""))
          .isLoopbackAddress();
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
