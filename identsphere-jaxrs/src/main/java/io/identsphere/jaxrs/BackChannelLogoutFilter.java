package io.identsphere.jaxrs;

import io.identsphere.IdentSphereException;
import io.identsphere.internal.json.JsonWriter;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.token.LogoutToken;
import io.identsphere.token.LogoutTokenValidator;
import io.identsphere.token.SessionRevocations;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenValidator;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The back-channel logout endpoint (OpenID Connect Back-Channel Logout 1.0 §2.5, §2.8), as a
 * pre-matching filter so that it needs no resource class and works on every Jakarta REST runtime:
 * a {@code POST} of {@code application/x-www-form-urlencoded} with one {@code logout_token} to the
 * configured path is validated, applied to the revocation list, and the matching entries leave the
 * verified-token cache. It answers 200 with an empty body, or 400 with
 * {@code {"error": "invalid_request", "error_description": ...}} (a general description, never the
 * token), and {@code Cache-Control: no-store} always; another method on the path gets 405.
 *
 * <p>Thread-safe.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
final class BackChannelLogoutFilter implements ContainerRequestFilter {
  /** The largest form accepted: a logout token is at most 8 KiB, with room for its encoding. */
  static final int MAX_FORM_BYTES = 32 * 1024;
  private static final System.Logger LOG = System.getLogger(BackChannelLogoutFilter.class.getName());

  private final String path; // without leading or trailing '/'
  private final LogoutTokenValidator logouts;
  private final SessionRevocations revocations;
  private final TokenValidator cached; // the feature's validator, whose cache is evicted; or null
  private final RateLimitedLog failures = new RateLimitedLog(LOG, Level.WARNING, Duration.ofMinutes(1));

  BackChannelLogoutFilter(String path, LogoutTokenValidator logouts, SessionRevocations revocations, TokenValidator cached) {
    this.path = trim(path);
    this.logouts = logouts;
    this.revocations = revocations;
    this.cached = cached;
  }

  static String trim(String p) {
    int from = 0;
    int to = p.length();
    while (from < to && p.charAt(from) == '/') from++;
    while (to > from && p.charAt(to - 1) == '/') to--;
    return p.substring(from, to);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!path.equals(trim(request.getUriInfo().getPath()))) return;
    if (!"POST".equals(request.getMethod())) {
      request.abortWith(Response.status(405).header("Allow", "POST").header("Cache-Control", "no-store").build());
      return;
    }
    MediaType type = request.getMediaType();
    if (type == null || !MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(type)) {
      request.abortWith(error("the request must be a form (application/x-www-form-urlencoded)"));
      return;
    }
    String token;
    try {
      token = logoutToken(request.getEntityStream());
    } catch (IllegalArgumentException | IOException e) {
      request.abortWith(error(e.getMessage()));
      return;
    }
    LogoutToken logout;
    try {
      logout = logouts.validate(token);
    } catch (TokenRejectedException e) {
      LOG.log(Level.DEBUG, "logout token refused, {0}: {1}", e.reason(), e.getMessage());
      request.abortWith(error("the logout token was refused: " + Rejections.describe(e.reason()).replace("the token", "it")
          + " (" + e.reason() + ")"));
      return;
    } catch (IdentSphereException e) {
      failures.log(() -> "back-channel logout failed: the identity server's keys are unavailable: " + e.getMessage());
      request.abortWith(error("the logout could not be checked now (the identity server's keys are unavailable); retry"));
      return;
    }
    try {
      revocations.revoke(logout);
    } catch (RuntimeException e) {
      failures.log(() -> "back-channel logout failed: the revocation list refused it: " + Untrusted.escape(String.valueOf(e)));
      request.abortWith(error("the logout could not be recorded; retry"));
      return;
    }
    if (cached != null) cached.evictCached(revocations::isRevoked);
    LOG.log(Level.DEBUG, "back-channel logout applied: {0}", logout);
    request.abortWith(Response.ok().header("Cache-Control", "no-store").build());
  }

  /** The one {@code logout_token} of a bounded form body. */
  private static String logoutToken(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    for (int n; (n = in.read(buf)) > 0; ) {
      body.write(buf, 0, n);
      if (body.size() > MAX_FORM_BYTES) {
        // Read on (a bounded amount, discarded) so that the client, still sending, gets the answer.
        for (long skipped = 0; skipped < 32L * MAX_FORM_BYTES && (n = in.read(buf)) > 0; ) skipped += n;
        throw new IllegalArgumentException("the form is larger than " + MAX_FORM_BYTES + " bytes");
      }
    }
    String token = null;
    for (String pair : body.toString(StandardCharsets.US_ASCII).split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (!"logout_token".equals(name)) continue;
      if (token != null) throw new IllegalArgumentException("logout_token is repeated");
      token = eq < 0 ? "" : decode(pair.substring(eq + 1));
    }
    if (token == null || token.isEmpty()) throw new IllegalArgumentException("logout_token is missing");
    return token;
  }

  /** URL decoding whose failure message never quotes the input (the JDK's does). */
  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the form is not valid URL encoding");
    }
  }

  private static Response error(String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "invalid_request");
    body.put("error_description", description);
    return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store")
        .entity(JsonWriter.write(body)).build();
  }
}
