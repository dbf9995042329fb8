package io.identsphere.oidc;

import java.util.List;

/**
 * An answer of IdentSphere's {@code /v1} API, to use or relay to a browser: status, content type,
 * body and every {@code Set-Cookie} header. Error statuses are answers too (a 401 is returned,
 * not thrown); only transport failures (unreachable, too slow, too large) throw
 * {@link IdentityServerException}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status the HTTP status
 * @param contentType the response's {@code Content-Type}, or "" when absent
 * @param body the body text (UTF-8), at most the client's {@code maxResponseBytes}
 * @param setCookies every {@code Set-Cookie} header, in order (for the browser: see the JAX-RS
 *     adapter's cookie relay, which rewrites them for the app's host)
 */
public record ApiResponse(int status, String contentType, String body, List<String> setCookies) {
  /**
   * Copies the cookie list.
   *
   * @param status the HTTP status
   * @param contentType the response's {@code Content-Type}, or "" when absent
   * @param body the body text
   * @param setCookies every {@code Set-Cookie} header, in order
   * @throws NullPointerException if {@code contentType}, {@code body} or {@code setCookies} is null
   */
  public ApiResponse {
    java.util.Objects.requireNonNull(contentType, "contentType == null");
    java.util.Objects.requireNonNull(body, "body == null");
    setCookies = List.copyOf(setCookies);
  }

  /**
   * Tells whether the API accepted the call.
   *
   * @return true for a 2xx status
   */
  public boolean successful() {
    return status >= 200 && status < 300;
  }

  /**
   * Tells whether the answer is JSON ({@code application/json} or a {@code +json} type).
   *
   * @return true when the content type is JSON
   */
  public boolean isJson() {
    String t = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return t.equals("application/json") || t.endsWith("+json");
  }
}
