package io.identsphere.jose;

import java.util.List;
import java.util.Optional;

/**
 * Where a token validator finds verification keys: a local {@link JwkSet}, an identity server's
 * published set ({@code io.identsphere.oidc.RemoteJwkSet}), or an application's own source.
 * Implementations must be thread-safe and must never return HMAC secrets that came from a remote
 * party.
 */
public interface KeySource {
  /**
   * Returns the keys that may have signed a token with the given {@code kid}.
   *
   * @param keyId the token's {@code kid} header, or empty when it has none
   * @return candidate keys, possibly empty; never null
   * @throws io.identsphere.IdentSphereException if a remote source cannot produce keys at all
   */
  List<Jwk> candidates(Optional<String> keyId);
}
