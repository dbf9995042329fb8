package io.identsphere.oidc;

import io.identsphere.dpop.DpopKey;
import io.identsphere.internal.dpop.NonceMemory;
import io.identsphere.internal.http.Http;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * DPoP at the identity server (RFC 9449 §5, §8): a fresh proof for every token request when the
 * client has a {@link DpopKey}, the server's {@code DPoP-Nonce} remembered per origin, and one
 * retry when the server answers {@code use_dpop_nonce}; and the check of the answer's
 * {@code token_type} against the configuration.
 *
 * <p>Thread-safe: the nonce memory is a concurrent map; concurrent requests may each retry once.
 */
final class DpopRequests {
  /** How many origins' nonces are kept; past it the memory starts over (one client talks to few servers). */
  static final int MAX_ORIGINS = 64;
  /** The longest nonce kept; a longer {@code DPoP-Nonce} is ignored. */
  static final int MAX_NONCE_LENGTH = NonceMemory.MAX_NONCE_LENGTH;

  /** One form post with the given extra headers, reporting each raw answer to {@code answered}. */
  interface Post {
    CompletableFuture<Map<String, Object>> send(Map<String, String> headers, Consumer<Http.Result> answered);
  }

  /** The client's key, or null when the client does not use DPoP. */
  private final DpopKey key;
  private final Clock clock;
  /** The last nonce each server sent. */
  private final NonceMemory nonces = new NonceMemory(MAX_ORIGINS);

  DpopRequests(DpopKey key, Clock clock) {
    this.key = key;
    this.clock = clock;
  }

  /** Whether the client has a DPoP key. */
  boolean enabled() {
    return key != null;
  }

  /**
   * Sends a POST to {@code endpoint} with a proof when the client has a key; on 400
   * {@code use_dpop_nonce} that came with a (new) {@code DPoP-Nonce}, sends it once more with a
   * proof carrying that nonce. Without a key, sends it as it is.
   */
  CompletableFuture<Map<String, Object>> post(URI endpoint, Post post) {
    if (key == null) return post.send(Map.of(), r -> { });
    String sent = nonces.get(endpoint);
    return attempt(endpoint, sent, post).exceptionallyCompose(t -> {
      Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
      String fresh = nonces.get(endpoint);
      if (c instanceof IdentityServerException && asksForNonce((IdentityServerException) c)
          && fresh != null && !fresh.equals(sent)) {
        return attempt(endpoint, fresh, post);
      }
      return CompletableFuture.failedFuture(c);
    });
  }

  private CompletableFuture<Map<String, Object>> attempt(URI endpoint, String nonce, Post post) {
    var proof = key.proof("POST", endpoint).clock(clock);
    if (nonce != null) proof.nonce(nonce);
    return post.send(Map.of("DPoP", proof.build()), r -> nonces.remember(endpoint, r.headers.firstValue("DPoP-Nonce")));
  }

  private static boolean asksForNonce(IdentityServerException e) {
    return e.kind() == Kind.OAUTH_ERROR && e.error().orElse("").equals("use_dpop_nonce");
  }

  /**
   * Checks an answer's token type against the configuration: {@code DPoP} needs a key (a client
   * without one could not use the token); {@code Bearer} is accepted either way (a server may
   * decline to bind, RFC 9449 §5).
   */
  TokenResponse check(TokenResponse t) {
    if (t.isDpopBound() && key == null) {
      throw IdentityServerException.of(Kind.UNEXPECTED_DPOP_TOKEN, "token endpoint answer has token_type DPoP,"
          + " but this client has no DPoP key: configure IdentSphereClientBuilder.dpop(key)");
    }
    return t;
  }
}
