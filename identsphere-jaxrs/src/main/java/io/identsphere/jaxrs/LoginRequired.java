package io.identsphere.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A page for browsers that needs a signed-in user (the Python SDK's {@code login_required}): an
 * anonymous browser, or one whose token cookie is no longer valid, is redirected (303) to the
 * sign-in, {@code auth/login?return_to=<this page>}, and {@link WebLogin} brings it back to this
 * page afterwards (same-origin paths only). API clients still get 401: a request is a browser's
 * when it is a {@code GET} or {@code HEAD} whose {@code Accept} header lists {@code text/html} or
 * {@code application/xhtml+xml}. A signed-in user without the required role gets 403, as
 * without this annotation.
 *
 * <p>It combines with the other access annotations of the same element, like
 * {@link Authenticated}: {@code @LoginRequired @RolesAllowed("admin")} is the SDK's
 * {@code role_required("admin")}. As for every access annotation, one on the method replaces the
 * class's, so repeat it on a method that has its own {@code @RolesAllowed}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface LoginRequired {
  /**
   * Where the sign-in starts: a path relative to the application's base URI (the default, where
   * {@link WebLogin} serves it), or an absolute path of this origin ({@code /app/auth/login}).
   * Never another origin: a value with a scheme, a host, {@code //} or a backslash fails deployment.
   *
   * @return the sign-in path (default {@code auth/login})
   */
  String loginPath() default "auth/login";
}
