package io.identsphere.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller must hold <em>every</em> listed role (where {@code @RolesAllowed} needs any one).
 * A method-level annotation replaces a class-level one. Combines with {@code @RolesAllowed} and
 * {@link RequireScopes}; conflicts with {@code @PermitAll} / {@code @DenyAll} on the same element.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequireAllRoles {
  /**
   * The roles the caller must all hold.
   *
   * @return the roles, all required
   */
  String[] value();

  /**
   * Whether custom roles count as roles here.
   *
   * @return whether custom roles count (default true)
   */
  boolean includeCustomRoles() default true;
}
