package io.identsphere.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller must be authenticated; with {@code requireAnyRole}, they must also hold at least one
 * role. A method-level annotation replaces a class-level one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Authenticated {
  /**
   * Whether the user must also hold at least one role.
   *
   * @return whether the user must hold at least one role (default false)
   */
  boolean requireAnyRole() default false;

  /**
   * Whether custom roles count for {@link #requireAnyRole()}.
   *
   * @return whether custom roles count (default true)
   */
  boolean includeCustomRoles() default true;
}
