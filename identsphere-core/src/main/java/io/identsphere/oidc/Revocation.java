package io.identsphere.oidc;

import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Token revocation (RFC 7009) at the endpoint discovery names.
 *
 * <p>Thread-safe.
 */
final class Revocation {
  private final Discovery discovery;
  private final ServerCalls calls;

  Revocation(Discovery discovery, ServerCalls calls) {
    this.discovery = discovery;
    this.calls = calls;
  }

  /** Revokes a token; {@code tokenTypeHint} may be null. */
  CompletableFuture<Void> revoke(String token, String tokenTypeHint) {
    Objects.requireNonNull(token, "token == null");
    return discovery.metadata().thenCompose(md -> {
      URI u = md.revocationEndpoint().orElseThrow(() ->
          IdentityServerException.of(Kind.MALFORMED_RESPONSE, "discovery names no revocation_endpoint"));
      Map<String, String> p = new LinkedHashMap<>();
      p.put("token", token);
      p.put("token_type_hint", tokenTypeHint);
      return calls.postFormExpectingOk(u, p, "revocation");
    });
  }
}
