package io.identsphere.oidc;

import io.identsphere.IdentSphereUser;
import io.identsphere.token.TokenValidator;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One-call validation of an access token into its user ({@code validate_token} of the Python SDK):
 * the client's access-token validator, with the key fetch of a cold cache awaited without blocking.
 *
 * <p>Thread-safe.
 */
final class AccessTokenCheck {
  private final Supplier<TokenValidator> validator;
  private final RemoteJwkSet keys;

  AccessTokenCheck(Supplier<TokenValidator> validator, RemoteJwkSet keys) {
    this.validator = validator;
    this.keys = keys;
  }

  CompletableFuture<IdentSphereUser> validate(String token) {
    TokenValidator v;
    try {
      v = validator.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (token == null) return CompletableFuture.failedFuture(new NullPointerException("token == null"));
    // With usable keys cached, validation never waits on the network; with a cold cache, wait for
    // the fetch here, then validate (a failed fetch leaves the validator to report it, typed).
    CompletableFuture<?> ready = keys.hasUsableKeys() ? CompletableFuture.completedFuture(null) : keys.refreshAsync();
    return ready.handle((ignored, failure) -> v.validate(token).user());
  }
}
