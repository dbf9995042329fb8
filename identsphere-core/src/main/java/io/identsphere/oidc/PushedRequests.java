package io.identsphere.oidc;

import io.identsphere.internal.json.Json;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Pushed authorization requests (RFC 9126 §2): the authorization parameters posted, with client
 * authentication, to the PAR endpoint, which answers with a {@code request_uri} and its lifetime.
 *
 * <p>Thread-safe.
 */
final class PushedRequests {
  /** The longest {@code expires_in} accepted, in seconds: a day (RFC 9126 suggests 5 to 600 seconds). */
  static final long MAX_EXPIRES_IN = 86_400;
  private static final String WHAT = "pushed authorization request";

  private final ClientSettings settings;
  private final ServerCalls calls;

  PushedRequests(ClientSettings settings, ServerCalls calls) {
    this.settings = settings;
    this.calls = calls;
  }

  /** A pushed request: its reference and when it expires. */
  static final class Reference {
    final String requestUri;
    final Instant expiresAt;

    Reference(String requestUri, Instant expiresAt) {
      this.requestUri = requestUri;
      this.expiresAt = expiresAt;
    }
  }

  /** Pushes the parameters; the answer needs a non-empty {@code request_uri} and an {@code expires_in} of 1 s to a day. */
  CompletableFuture<Reference> push(URI endpoint, Map<String, Object> params) {
    Instant sent = settings.clock.instant();
    // With a DPoP key the push carries a proof too (RFC 9449 §10.1), sharing the token endpoint's nonces.
    return settings.dpop.post(endpoint, (headers, answered) -> calls.postForm(endpoint, params, WHAT, headers, answered))
        .thenApply(body -> {
      Object uri = body.get("request_uri");
      if (!(uri instanceof String) || ((String) uri).isEmpty()) {
        throw IdentityServerException.of(Kind.MALFORMED_RESPONSE, WHAT + " answer has no \"request_uri\" string, found "
            + Json.typeName(uri));
      }
      Object exp = body.get("expires_in");
      if (!(exp instanceof Long) || (Long) exp < 1 || (Long) exp > MAX_EXPIRES_IN) {
        throw IdentityServerException.of(Kind.MALFORMED_RESPONSE, WHAT + " answer needs \"expires_in\" as a whole number"
            + " of seconds from 1 to " + MAX_EXPIRES_IN + ", found " + (exp instanceof Long ? exp : Json.typeName(exp)));
      }
      return new Reference((String) uri, sent.plusSeconds((Long) exp));
    });
  }
}
