package io.identsphere.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller's token must carry every listed scope; otherwise 403 with
 * {@code WWW-Authenticate: Bearer error="insufficient_scope"} (RFC 6750 §3.1). A method-level
 * annotation replaces a class-level one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequireScopes {
  /**
   * The scopes the token must all carry.
   *
   * @return the scopes, all required
   */
  String[] value();
}
