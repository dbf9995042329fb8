package io.identsphere.jaxrs;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * Enforces one resource method's {@link Rule}: 401 for no valid user (a 303 to the sign-in for a
 * browser on a {@link LoginRequired} page), 403 for the wrong role or scope.
 */
@Priority(Priorities.AUTHORIZATION)
final class AuthorizationFilter implements ContainerRequestFilter {
  private final Rule rule;
  private final IdentSphereFeature.Settings settings;
  private final DpopMode dpop;

  AuthorizationFilter(Rule rule, IdentSphereFeature.Settings settings, DpopMode dpop) {
    this.rule = rule;
    this.settings = settings;
    this.dpop = dpop;
  }

  /** Whether an anonymous browser should sign in: no token, or an invalid one; not a 400 or an outage. */
  private static boolean signInFirst(Object failure) {
    if (!(failure instanceof AuthenticationFilter.Failure)) return true;
    return ((AuthenticationFilter.Failure) failure).status == 401;
  }

  /** {@code <sign-in path>?return_to=<this page's path and query>}, the sign-in path under the app's base. */
  private URI loginUri(ContainerRequestContext request) {
    String login = rule.loginPath;
    if (!login.startsWith("/")) {
      String base = request.getUriInfo().getBaseUri().getRawPath();
      login = (base == null || base.isEmpty() ? "/" : base.endsWith("/") ? base : base + "/") + login;
    }
    return ReturnPath.loginUri(login, WebLogin.RETURN_TO, request.getUriInfo().getRequestUri());
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (rule.kind == Rule.Kind.PERMIT) return;
    if (rule.kind == Rule.Kind.DENY) {
      request.abortWith(Problems.problem(403, "Forbidden", "this resource is not available to anyone").build());
      return;
    }
    if (!(request.getSecurityContext() instanceof AuthSecurityContext)) {
      Object f = request.getProperty(AuthenticationFilter.FAILURE);
      if (rule.loginPath != null && signInFirst(f) && Browsers.wantsPage(request)) {
        request.abortWith(ApiLogin.noStore(Response.seeOther(loginUri(request))).build());
        return;
      }
      Object df = request.getProperty(DpopFailure.PROPERTY);
      if (df instanceof DpopFailure) {
        DpopFailure failure = (DpopFailure) df;
        if (dpop == DpopMode.IGNORED) {
          request.abortWith(Challenges.respond(400, settings, dpop, "invalid_request", null,
              "the Authorization header must use the Bearer scheme", null));
        } else if (failure.status == 503) {
          request.abortWith(Problems.problem(503, "Service Unavailable", failure.description).header("Retry-After", "5").build());
        } else {
          request.abortWith(Challenges.respond(failure.status, settings, dpop, null, failure.error, failure.description,
              failure.nonce));
        }
      } else if (f instanceof AuthenticationFilter.Failure) {
        AuthenticationFilter.Failure failure = (AuthenticationFilter.Failure) f;
        if (failure.status == 503) {
          request.abortWith(Problems.problem(503, "Service Unavailable", failure.description).header("Retry-After", "5").build());
        } else {
          request.abortWith(Challenges.respond(failure.status, settings, dpop, failure.error, null, failure.description, null));
        }
      } else {
        request.abortWith(Challenges.respond(401, settings, dpop, null, null, "authentication required", null));
      }
      return;
    }
    AuthSecurityContext sc = (AuthSecurityContext) request.getSecurityContext();
    boolean viaDpop = "DPoP".equals(sc.getAuthenticationScheme());
    if (dpop == DpopMode.REQUIRED && !viaDpop) {
      request.abortWith(Challenges.respond(401, settings, dpop, null, null, "this resource requires a DPoP-bound token", null));
      return;
    }
    if (dpop == DpopMode.IGNORED && viaDpop) {
      request.abortWith(Challenges.respond(400, settings, dpop, "invalid_request", null,
          "the Authorization header must use the Bearer scheme", null));
      return;
    }
    String roleFailure = rule.roleFailure(sc.user(), settings.includeCustomRoles);
    if (roleFailure != null) {
      request.abortWith(Problems.problem(403, "Forbidden", "this resource " + roleFailure).build());
      return;
    }
    List<String> missing = rule.missingScopes(sc.user());
    if (!missing.isEmpty()) {
      request.abortWith(Problems.challenge(403, "Forbidden", settings.realm, "insufficient_scope",
          "the token lacks the scopes " + missing, String.join(" ", rule.scopes)));
    }
  }
}
