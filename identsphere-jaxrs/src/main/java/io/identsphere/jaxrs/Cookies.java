package io.identsphere.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

/** Writes {@code Set-Cookie} values with the configured attributes. Immutable. */
final class Cookies {
  final boolean insecureOnLoopback;
  final String sameSite;
  final Duration refreshCookieLifetime;

  Cookies(boolean insecureOnLoopback, String sameSite, Duration refreshCookieLifetime) {
    this.insecureOnLoopback = insecureOnLoopback;
    this.sameSite = sameSite;
    this.refreshCookieLifetime = refreshCookieLifetime;
  }

  String tokenCookie(String name, String value, Instant expiresAt, ContainerRequestContext request) {
    long maxAge = expiresAt == null ? refreshCookieLifetime.getSeconds()
        : Math.max(1, Duration.between(Instant.now(), expiresAt).getSeconds() + 60);
    return cookie(name, value, "/", maxAge, request);
  }

  String cookie(String name, String value, String path, long maxAgeSeconds, ContainerRequestContext request) {
    StringBuilder sb = new StringBuilder(name).append('=').append(value).append("; Path=").append(path)
        .append("; Max-Age=").append(maxAgeSeconds).append("; HttpOnly; SameSite=").append(sameSite);
    if (secure(request)) sb.append("; Secure");
    return sb.toString();
  }

  /** Whether cookies set on this request get {@code Secure}: always, unless local development is allowed and the host is loopback. */
  boolean secure(ContainerRequestContext request) {
    return !(insecureOnLoopback && loopback(request));
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

  String clear(String name, String path, ContainerRequestContext request) {
    return cookie(name, "", path, 0, request);
  }

  private static boolean loopback(ContainerRequestContext request) {
    String host = request.getUriInfo().getRequestUri().getHost();
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
