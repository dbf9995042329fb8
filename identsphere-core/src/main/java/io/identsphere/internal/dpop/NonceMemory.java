package io.identsphere.internal.dpop;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last {@code DPoP-Nonce} each server sent (RFC 9449 §8 and §9), for the client's token
 * requests and its resource calls alike. Bounded: nonces longer than {@link #MAX_NONCE_LENGTH} or
 * not made of RFC 9449 §8.1 {@code NQCHAR}s are ignored, and past {@code maxOrigins} servers the
 * memory starts over.
 *
 * <p>Thread-safe (a concurrent map); concurrent requests to one server may each replace the nonce.
 */
public final class NonceMemory {
  /** The longest nonce kept; a longer {@code DPoP-Nonce} is ignored. */
  public static final int MAX_NONCE_LENGTH = 512;

  private final int maxOrigins;
  /** By origin: {@code scheme://host:port}, lower case, with the scheme's default port filled in. */
  private final Map<String, String> nonces = new ConcurrentHashMap<>();

  /**
   * Makes an empty memory.
   *
   * @param maxOrigins how many servers' nonces are kept
   */
  public NonceMemory(int maxOrigins) {
    if (maxOrigins < 1) throw new IllegalArgumentException("maxOrigins must be at least 1");
    this.maxOrigins = maxOrigins;
  }

  /**
   * Returns the nonce last kept for the server of a URI.
   *
   * @param uri any URI of the server
   * @return the nonce, or null when that server sent none (or none well formed)
   */
  public String get(URI uri) {
    return nonces.get(origin(uri));
  }

  /**
   * Keeps a server's {@code DPoP-Nonce} header value when it is well formed.
   *
   * @param uri any URI of the server that answered
   * @param header the answer's {@code DPoP-Nonce} value, if any
   * @return the nonce kept, or null when the header was absent or malformed (nothing kept)
   */
  public String remember(URI uri, Optional<String> header) {
    String n = header.orElse(null);
    if (n == null || !wellFormed(n)) return null;
    String origin = origin(uri);
    if (nonces.size() >= maxOrigins && !nonces.containsKey(origin)) nonces.clear();
    nonces.put(origin, n);
    return n;
  }

  /** RFC 9449 §8.1: {@code nonce = 1*NQCHAR}, NQCHAR = %x21 / %x23-5B / %x5D-7E. */
  static boolean wellFormed(String n) {
    if (n.isEmpty() || n.length() > MAX_NONCE_LENGTH) return false;
    for (int i = 0; i < n.length(); i++) {
      char ch = n.charAt(i);
      if (ch < 0x21 || ch > 0x7e || ch == '"' || ch == '\\') return false;
    }
    return true;
  }

  /** {@code scheme://host:port} in lower case, the port filled in for http and https. */
  static String origin(URI uri) {
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
    return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
  }
}
