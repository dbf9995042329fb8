package io.identsphere.oidc;

import io.identsphere.IdentSphereUser;
import java.util.Map;
import java.util.Optional;

/**
 * A token introspection answer (RFC 7662 §2.2), after the client's checks: {@code active} was a
 * boolean, the registered members had their registered types, {@code iss} (when present) was the
 * issuer (see {@link IdentSphereAsyncClient#introspect}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param active whether the identity server considers the token active; false as well when the
 *     answer's {@code exp} is not after now (by the client's clock)
 * @param user the user the token belongs to, when active and a {@code sub} is given
 * @param claims every member of the answer (unmodifiable)
 */
public record IntrospectionResult(boolean active, Optional<IdentSphereUser> user, Map<String, Object> claims) {}
