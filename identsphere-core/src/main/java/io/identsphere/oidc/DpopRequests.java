package io.identsphere.oidc;

import io.identsphere.dpop.DpopKey;
import io.identsphere.internal.http.Http;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
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
  static final int MAX_NONCE_LENGTH = 512;

  /** One form post with the given extra headers, reporting each raw answer to {@code answered}. */
  interface Post {
    CompletableFuture<Map<String, Object>> send(Map<String, String> headers, Consumer<Http.Result> answered);
  }

  /** The client's key, or null when the client does not use DPoP. */
  private final DpopKey key;
  private final Clock clock;
  /** The last nonce each origin ({@code scheme://authority}, lower case) sent. */
  private final Map<String, String> nonces = new ConcurrentHashMap<>();

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
    String origin = origin(endpoint);
    String sent = nonces.get(origin);
    return attempt(endpoint, origin, sent, post).exceptionallyCompose(t -> {
      Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
      String fresh = nonces.get(origin);
      if (c instanceof IdentityServerException && asksForNonce((IdentityServerException) c)
          && fresh != null && !fresh.equals(sent)) {
        return attempt(endpoint, origin, fresh, post);
      }
      return CompletableFuture.failedFuture(c);
    });
  }

  private CompletableFuture<Map<String, Object>> attempt(URI endpoint, String origin, String nonce, Post post) {
    var proof = key.proof("POST", endpoint).clock(clock);
    if (nonce != null) proof.nonce(nonce);
    return post.send(Map.of("DPoP", proof.build()), r -> remember(origin, r));
  }

  private static boolean asksForNonce(IdentityServerException e) {
    return e.kind() == Kind.OAUTH_ERROR && e.error().orElse("").equals("use_dpop_nonce");
  }

  /** Keeps the answer's {@code DPoP-Nonce} (any status, RFC 9449 §8.2) when it is a well-formed nonce. */
  private void remember(String origin, Http.Result r) {
    String n = r.headers.firstValue("DPoP-Nonce").orElse(null);
    if (n == null || !wellFormed(n)) return;
    if (nonces.size() >= MAX_ORIGINS && !nonces.containsKey(origin)) nonces.clear();
    nonces.put(origin, n);
  }

  /** RFC 9449 §8.1: {@code nonce = 1*NQCHAR}, NQCHAR = %x21 / %x23-5B / %x5D-7E. */
  static boolean wellFormed(String n) {
    if (n.isEmpty() || n.length() > MAX_NONCE_LENGTH) return false;
    for (int i = 0; i < n.length(); i++) {
      char ch = n.charAt(i);
      if (ch < 0x21 || ch > 0x7e || ch == '"' || ch == '\\') return false;
    }
    return true;
  }

  private static String origin(URI uri) {
    return (uri.getScheme() + "://" + uri.getRawAuthority()).toLowerCase(Locale.ROOT);
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
