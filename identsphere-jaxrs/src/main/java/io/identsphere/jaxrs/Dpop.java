package io.identsphere.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the {@link DpopMode} of a resource class or method, overriding the feature's global mode; a
 * method-level annotation replaces a class-level one.
 *
 * <pre>{@code
 * @Path("payments") @Authenticated @Dpop(DpopMode.REQUIRED)
 * public class PaymentsResource { ... }
 * }</pre>
 *
 * <p>It takes effect on resources with an access rule ({@code @Authenticated},
 * {@code @RolesAllowed} and the like); public resources run as anonymous whatever credentials come.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Dpop {
  /**
   * The mode for this resource.
   *
   * @return the mode
   */
  DpopMode value();
}
