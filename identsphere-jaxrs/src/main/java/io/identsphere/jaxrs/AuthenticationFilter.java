package io.identsphere.jaxrs;

import io.identsphere.IdentSphereException;
import io.identsphere.internal.text.Untrusted;
import io.identsphere.oidc.IdentityServerException;
import io.identsphere.oidc.TokenResponse;
import io.identsphere.token.TokenRejectedException;
import io.identsphere.token.TokenVerifier;
import io.identsphere.token.VerifiedToken;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;

/**
 * Finds the token, verifies it and installs the security context. It never rejects a request by
 * itself: it records why authentication failed, and the authorization filter decides (so public
 * resources stay reachable with a stale cookie).
 *
 * <p>What a caller learns is general ({@link Rejections}); the precise reason, which may name the
 * expected issuer or audience, goes to a DEBUG line. An identity server outage is logged as one
 * WARNING per minute at most, with a count of the requests logged at DEBUG in between.
 */
@Priority(Priorities.AUTHENTICATION)
final class AuthenticationFilter implements ContainerRequestFilter, ContainerResponseFilter {
  static final String FAILURE = AuthenticationFilter.class.getName() + ".failure";
  private static final String SET_COOKIES = AuthenticationFilter.class.getName() + ".setCookies";
  /** The description of a 401 when the identity server refused the refresh cookie. */
  static final String SESSION_ENDED = "the session has ended; sign in again";
  private static final System.Logger LOG = System.getLogger(AuthenticationFilter.class.getName());

  /** Why a request has no user. */
  static final class Failure {
    final int status;
    final String error;
    final String description;

    Failure(int status, String error, String description) {
      this.status = status;
      this.error = error;
      this.description = description;
    }
  }

  /** How often an identity server outage may log a WARNING. */
  static final Duration OUTAGE_LOG_INTERVAL = Duration.ofSeconds(60);

  private final IdentSphereFeature.Settings settings;
  private final RateLimitedLog outageLog;
  private final DpopAuthentication dpop;

  AuthenticationFilter(IdentSphereFeature.Settings settings) {
    this.settings = settings;
    this.dpop = new DpopAuthentication(settings);
    this.outageLog = new RateLimitedLog(LOG, Level.WARNING, OUTAGE_LOG_INTERVAL);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String token = null;
    boolean fromCookie = false;
    boolean refreshOnly = false;
    for (TokenSource source : settings.sources) {
      if (source == TokenSource.BEARER_HEADER) {
        List<String> headers = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (headers == null || headers.isEmpty()) continue;
        if (headers.size() > 1) {
          fail(request, 400, "invalid_request", "more than one Authorization header");
          return;
        }
        String h = headers.get(0).trim();
        int space = h.indexOf(' ');
        String scheme = space < 0 ? h : h.substring(0, space);
        if (scheme.equalsIgnoreCase("DPoP")) { // RFC 9449 §7.1; the resource's DpopMode is enforced later
          dpop.authenticate(request, space < 0 ? "" : h.substring(space + 1));
          return;
        }
        if (!scheme.equalsIgnoreCase("Bearer")) {
          fail(request, 400, "invalid_request", "the Authorization header must use the Bearer scheme");
          return;
        }
        String value = space < 0 ? "" : h.substring(space + 1).trim();
        if (value.isEmpty() || !B64Token.matches(value)) {
          fail(request, 400, "invalid_request", "the Bearer token is empty or not a valid b64token");
          return;
        }
        token = value;
        break;
      }
      Cookie c = request.getCookies().get(settings.cookieName);
      if (c != null && !c.getValue().isEmpty()) {
        token = c.getValue();
        fromCookie = true;
        break;
      }
      // The browser dropped the access cookie (its Max-Age ran out with the token) but still
      // holds the refresh cookie: the session goes on.
      if (settings.sessions != null && refreshCookie(request) != null) {
        refreshOnly = true;
        break;
      }
    }
    if (refreshOnly) {
      refresh(request);
      return;
    }
    if (token == null) return; // anonymous
    authenticate(request, token, fromCookie);
  }

  private void authenticate(ContainerRequestContext request, String token, boolean fromCookie) {
    TokenVerifier verifier = settings.verifier;
    try {
      VerifiedToken verified = verifier.verify(token);
      if (DpopAuthentication.boundButBearer(verified)) { // RFC 9449 §7.1: never as a bearer token
        fail(request, 401, "invalid_token", DpopAuthentication.BOUND_AS_BEARER);
        return;
      }
      install(request, verified);
    } catch (TokenRejectedException e) {
      if (fromCookie && e.reason() == TokenRejectedException.Reason.EXPIRED && settings.sessions != null
          && refreshCookie(request) != null) {
        refresh(request);
        return;
      }
      if (LOG.isLoggable(Level.DEBUG)) {
        LOG.log(Level.DEBUG, "token rejected (" + e.reason() + "): " + Untrusted.escape(e.getMessage()));
      }
      fail(request, 401, "invalid_token", Rejections.describe(e.reason()));
    } catch (IdentSphereException e) {
      outageLog.log(() -> "cannot verify a token, answering 503: " + Untrusted.escape(e.getMessage()));
      fail(request, 503, null, "the identity server is unavailable; try again later");
    }
  }

  private String refreshCookie(ContainerRequestContext request) {
    Cookie rt = request.getCookies().get(settings.refreshCookieName);
    return rt == null || rt.getValue().isEmpty() ? null : rt.getValue();
  }

  /**
   * Swaps an expired or missing access cookie for a fresh one using the refresh cookie. A refused
   * refresh token ends the session (its cookies are cleared); an unreachable server is a 503.
   */
  private void refresh(ContainerRequestContext request) {
    String rt = refreshCookie(request);
    TokenResponse fresh;
    try {
      fresh = settings.sessions.refresh(rt, SessionRefresh.subjectOf(request.getCookies(), settings.cookieName));
    } catch (IdentityServerException e) {
      if (SessionRefresh.endsSession(e)) {
        if (LOG.isLoggable(Level.DEBUG)) {
          LOG.log(Level.DEBUG, "refresh with the refresh cookie was refused, ending the session: " + Untrusted.escape(e.getMessage()));
        }
        endSession(request);
      } else {
        outageLog.log(() -> "cannot refresh a session, answering 503: " + Untrusted.escape(e.getMessage()));
        fail(request, 503, null, "the identity server is unavailable; try again later");
      }
      return;
    } catch (IdentSphereException e) {
      outageLog.log(() -> "cannot refresh a session, answering 503: " + Untrusted.escape(e.getMessage()));
      fail(request, 503, null, "the identity server is unavailable; try again later");
      return;
    }
    if (!Cookies.isCookieOctets(fresh.accessToken()) || !fresh.refreshToken().map(Cookies::isCookieOctets).orElse(true)) {
      LOG.log(Level.DEBUG, "refresh with the refresh cookie failed: a new token cannot be a cookie value");
      endSession(request);
      return;
    }
    try {
      install(request, settings.verifier.verify(fresh.accessToken()));
    } catch (TokenRejectedException e) {
      if (LOG.isLoggable(Level.DEBUG)) {
        LOG.log(Level.DEBUG, "the refreshed token was rejected (" + e.reason() + "): " + Untrusted.escape(e.getMessage()));
      }
      endSession(request);
      return;
    } catch (IdentSphereException e) {
      outageLog.log(() -> "cannot verify a token, answering 503: " + Untrusted.escape(e.getMessage()));
      fail(request, 503, null, "the identity server is unavailable; try again later");
      return;
    }
    URI uri = request.getUriInfo().getRequestUri();
    request.setProperty(SET_COOKIES, List.of(
        settings.cookies.tokenCookie(settings.cookieName, fresh.accessToken(), fresh.expiresAt().orElse(null), uri),
        settings.cookies.tokenCookie(settings.refreshCookieName, fresh.refreshToken().orElse(rt), null, uri)));
  }

  /** Clears the session's cookies on the response; a protected resource answers 401. */
  private void endSession(ContainerRequestContext request) {
    URI uri = request.getUriInfo().getRequestUri();
    List<String> clear = new ArrayList<>();
    for (String name : List.of(settings.cookieName, settings.refreshCookieName, "identsphere_idt")) {
      if (request.getCookies().containsKey(name)) clear.add(settings.cookies.clear(name, "/", uri));
    }
    request.setProperty(SET_COOKIES, clear);
    fail(request, 401, "invalid_token", SESSION_ENDED);
  }

  private void install(ContainerRequestContext request, VerifiedToken verified) {
    boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
    request.setSecurityContext(new AuthSecurityContext(verified, secure, settings.includeCustomRoles));
  }

  private static void fail(ContainerRequestContext request, int status, String error, String description) {
    request.setProperty(FAILURE, new Failure(status, error, description));
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object cookies = request.getProperty(SET_COOKIES);
    if (cookies instanceof List) {
      for (Object c : (List<?>) cookies) response.getHeaders().add(HttpHeaders.SET_COOKIE, c);
    }
  }
}
