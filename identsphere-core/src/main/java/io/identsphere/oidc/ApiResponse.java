package io.identsphere.oidc;

import java.util.List;

/**
 * An IdentSphere API answer to relay to a browser: status, body and every {@code Set-Cookie}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status the HTTP status
 * @param contentType the response's {@code Content-Type}, or "" when absent
 * @param body the body text
 * @param setCookies every {@code Set-Cookie} header, in order
 */
public record ApiResponse(int status, String contentType, String body, List<String> setCookies) {
  /**
   * Copies the cookie list.
   *
   * @param status the HTTP status
   * @param contentType the response's {@code Content-Type}, or "" when absent
   * @param body the body text
   * @param setCookies every {@code Set-Cookie} header, in order
   */
  public ApiResponse {
    setCookies = List.copyOf(setCookies);
  }
}
