package io.identsphere.internal.access;

import io.identsphere.IdentSphereUser;
import io.identsphere.token.VerifiedToken;
import java.util.Map;
import java.util.Objects;

/**
 * The one way, for the OIDC client, to make a {@link VerifiedToken} for an opaque token that the
 * identity server declared active by introspection; {@code VerifiedToken}'s constructor stays
 * package-private. The token package registers the factory when {@code VerifiedToken} is
 * initialised; the first registration wins. Not exported.
 */
public final class TokenAccess {
  /** Makes a verified token from a checked introspection answer. */
  @FunctionalInterface
  public interface Factory {
    /**
     * Makes the token.
     *
     * @param claims the checked answer (unmodifiable)
     * @param user the user built from it
     * @return a verified token without a signature algorithm
     */
    VerifiedToken introspected(Map<String, Object> claims, IdentSphereUser user);
  }

  private static volatile Factory factory;

  private TokenAccess() {}

  /**
   * Registers the factory; only the first call has an effect.
   *
   * @param f the factory
   */
  public static synchronized void register(Factory f) {
    if (factory == null) factory = Objects.requireNonNull(f, "f == null");
  }

  /**
   * Returns the factory, initialising {@link VerifiedToken} first.
   *
   * @return the factory
   */
  public static Factory factory() {
    Factory f = factory;
    if (f != null) return f;
    try {
      Class.forName(VerifiedToken.class.getName(), true, VerifiedToken.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    return Objects.requireNonNull(factory, "VerifiedToken did not register");
  }
}
