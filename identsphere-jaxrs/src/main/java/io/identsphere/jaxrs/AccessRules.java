package io.identsphere.jaxrs;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a resource method's rule from its annotations, once, at deploy time.
 *
 * <p>Precedence (Jakarta Annotations 1.3 §3 and Jakarta REST practice):
 * <ol>
 *   <li>A method that carries any access annotation ignores the class's access annotations.</li>
 *   <li>On one element, {@code @DenyAll} wins nothing: combining it, or {@code @PermitAll}, with any
 *       other access annotation is a deploy-time error, as are {@code @DenyAll} and
 *       {@code @PermitAll} together.</li>
 *   <li>{@code @DenyAll}: nobody, authenticated or not (403).</li>
 *   <li>{@code @PermitAll}: everybody, no token needed.</li>
 *   <li>{@code @RolesAllowed}, {@link RequireAllRoles}, {@link RequireScopes}, {@link Authenticated},
 *       {@link LoginRequired} on one element combine: all must hold, and each needs an authenticated
 *       caller; with {@code @LoginRequired} an anonymous browser is redirected to the sign-in.</li>
 *   <li>No access annotation on method or class: the feature's default rule (permit by
 *       default, as plain Jakarta REST does).</li>
 * </ol>
 */
final class AccessRules {
  private AccessRules() {}

  static Rule resolve(Class<?> resourceClass, Method method, Rule unannotated) {
    Rule m = of(method, describe(resourceClass, method));
    if (m != null) return m;
    Rule c = of(resourceClass, resourceClass.getName());
    return c != null ? c : unannotated;
  }

  private static String describe(Class<?> cls, Method m) {
    return cls.getName() + "." + m.getName();
  }

  private static Rule of(AnnotatedElement e, String where) {
    boolean deny = e.isAnnotationPresent(DenyAll.class);
    boolean permit = e.isAnnotationPresent(PermitAll.class);
    RolesAllowed roles = e.getAnnotation(RolesAllowed.class);
    RequireAllRoles all = e.getAnnotation(RequireAllRoles.class);
    RequireScopes scopes = e.getAnnotation(RequireScopes.class);
    Authenticated auth = e.getAnnotation(Authenticated.class);
    LoginRequired login = e.getAnnotation(LoginRequired.class);
    List<String> present = new ArrayList<>();
    if (deny) present.add("@DenyAll");
    if (permit) present.add("@PermitAll");
    if (roles != null) present.add("@RolesAllowed");
    if (all != null) present.add("@RequireAllRoles");
    if (scopes != null) present.add("@RequireScopes");
    if (auth != null) present.add("@Authenticated");
    if (login != null) present.add("@LoginRequired");
    if (present.isEmpty()) return null;
    if ((deny || permit) && present.size() > 1) {
      throw new IllegalStateException("conflicting access annotations " + present + " on " + where
          + ": @DenyAll and @PermitAll cannot be combined with other access annotations");
    }
    if (deny) return Rule.DENY;
    if (permit) return Rule.PERMIT;
    if (roles != null && roles.value().length == 0) {
      throw new IllegalStateException("@RolesAllowed({}) on " + where + " allows nobody; use @DenyAll to say so");
    }
    return new Rule(Rule.Kind.CHECK, true, roles == null ? List.of() : List.of(roles.value()),
        all == null ? List.of() : List.of(all.value()), all == null || all.includeCustomRoles(),
        scopes == null ? List.of() : List.of(scopes.value()), auth != null && auth.requireAnyRole(),
        auth == null || auth.includeCustomRoles(), login == null ? null : Browsers.checkLoginPath(login.loginPath(), where));
  }
}
