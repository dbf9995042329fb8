package io.identsphere.oidc;

import io.identsphere.IdentSphereUser;
import java.util.Map;
import java.util.Optional;

/**
 * A token introspection answer (RFC 7662 §2.2).
 *
 * <p>Immutable and thread-safe.
 *
 * @param active whether the identity server considers the token active
 * @param user the user the token belongs to, when active and a {@code sub} is given
 * @param claims every member of the answer (unmodifiable)
 */
public record IntrospectionResult(boolean active, Optional<IdentSphereUser> user, Map<String, Object> claims) {}
