package io.identsphere.dpop;

import io.identsphere.internal.dpop.NonceMemory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Calls to resource servers with a DPoP-bound access token (RFC 9449 §7), with the servers'
 * nonces remembered (RFC 9449 §9).
 *
 * <pre>{@code
 * DpopResourceCalls api = DpopResourceCalls.of(key, HttpClient.newHttpClient());
 * HttpResponse<String> r = api.send(HttpRequest.newBuilder(uri).GET(), tokens.accessToken(), BodyHandlers.ofString());
 * }</pre>
 *
 * <p>Each request gets {@code Authorization: DPoP <token>} and a fresh proof for its method and
 * URI (with {@code ath}), as {@link DpopKey#authorize} adds them. A {@code DPoP-Nonce} header on
 * any answer is remembered for the answer's origin (scheme, host and port) and put into later
 * proofs to that origin. A 401 whose {@code WWW-Authenticate: DPoP} challenge carries
 * {@code error="use_dpop_nonce"} and that came with a new nonce is sent once more, with a proof
 * carrying it; the first answer's body is then discarded. Nonces that are not RFC 9449 §8.1
 * {@code NQCHAR}s, or longer than {@value #MAX_NONCE_LENGTH} characters, are ignored; at most
 * {@value #MAX_ORIGINS} origins are remembered (past that, the memory starts over).
 *
 * <p>Thread-safe; share one instance per key.
 */
public final class DpopResourceCalls {
  /** The longest nonce remembered. */
  public static final int MAX_NONCE_LENGTH = NonceMemory.MAX_NONCE_LENGTH;
  /** How many origins' nonces are remembered. */
  public static final int MAX_ORIGINS = 256;

  private final DpopKey key;
  private final HttpClient http;
  private final Clock clock;
  private final NonceMemory nonces = new NonceMemory(MAX_ORIGINS);

  private DpopResourceCalls(DpopKey key, HttpClient http, Clock clock) {
    this.key = Objects.requireNonNull(key, "key == null");
    this.http = Objects.requireNonNull(http, "http == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Creates calls that sign proofs with {@code key} and the system clock.
   *
   * @param key the key the access tokens are bound to
   * @param http the client that sends the requests
   * @return the calls
   */
  public static DpopResourceCalls of(DpopKey key, HttpClient http) {
    return new DpopResourceCalls(key, http, Clock.systemUTC());
  }

  /**
   * Creates calls that sign proofs with {@code key} and {@code clock} (for proofs' {@code iat}).
   *
   * @param key the key the access tokens are bound to
   * @param http the client that sends the requests
   * @param clock the clock for {@code iat}
   * @return the calls
   */
  public static DpopResourceCalls of(DpopKey key, HttpClient http, Clock clock) {
    return new DpopResourceCalls(key, http, clock);
  }

  /**
   * Sends a request with the token and a proof, and once more with the server's new nonce when
   * the server asks for one (class comment).
   *
   * @param request the request, with its method and URI set; it is copied, not changed
   * @param accessToken the DPoP-bound access token
   * @param handler the body handler
   * @param <T> the body type
   * @return the answer (the retry's, when there was one)
   * @throws IOException if sending fails
   * @throws InterruptedException if interrupted while waiting
   */
  public <T> HttpResponse<T> send(HttpRequest.Builder request, String accessToken, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Objects.requireNonNull(handler, "handler == null");
    URI uri = Objects.requireNonNull(request, "request == null").copy().build().uri();
    String sent = nonces.get(uri);
    HttpResponse<T> r = http.send(sign(request, accessToken, sent), handler);
    String fresh = remember(uri, r);
    if (!asksForNonce(r) || fresh == null || fresh.equals(sent)) return r;
    HttpResponse<T> retried = http.send(sign(request, accessToken, fresh), handler);
    remember(uri, retried);
    return retried;
  }

  /**
   * Sends a request as {@link #send} does, asynchronously.
   *
   * @param request the request, with its method and URI set; it is copied, not changed
   * @param accessToken the DPoP-bound access token
   * @param handler the body handler
   * @param <T> the body type
   * @return the answer (the retry's, when there was one), asynchronously
   */
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest.Builder request, String accessToken,
      HttpResponse.BodyHandler<T> handler) {
    Objects.requireNonNull(handler, "handler == null");
    URI uri = Objects.requireNonNull(request, "request == null").copy().build().uri();
    String sent = nonces.get(uri);
    return http.sendAsync(sign(request, accessToken, sent), handler).thenCompose(r -> {
      String fresh = remember(uri, r);
      if (!asksForNonce(r) || fresh == null || fresh.equals(sent)) return CompletableFuture.completedFuture(r);
      return http.sendAsync(sign(request, accessToken, fresh), handler).thenApply(again -> {
        remember(uri, again);
        return again;
      });
    });
  }

  /**
   * The nonce last remembered for an origin.
   *
   * @param uri any URI of the server; only its scheme, host and port count
   * @return the nonce the next proof to that server will carry, if any
   */
  public Optional<String> nonce(URI uri) {
    return Optional.ofNullable(nonces.get(uri));
  }

  private HttpRequest sign(HttpRequest.Builder request, String accessToken, String nonce) {
    Objects.requireNonNull(request, "request == null");
    Objects.requireNonNull(accessToken, "accessToken == null");
    HttpRequest plain = request.copy().build();
    DpopProof.Builder proof = key.proof(plain.method(), plain.uri()).clock(clock).accessToken(accessToken);
    if (nonce != null) proof.nonce(nonce);
    return request.copy().setHeader("Authorization", "DPoP " + accessToken).setHeader("DPoP", proof.build()).build();
  }

  /** Remembers the answer's well-formed {@code DPoP-Nonce}; returns it, or null when it had none. */
  private String remember(URI uri, HttpResponse<?> r) {
    return nonces.remember(uri, r.headers().firstValue("DPoP-Nonce"));
  }

  /** A 401 with a {@code DPoP} challenge whose {@code error} is {@code use_dpop_nonce}. */
  private static boolean asksForNonce(HttpResponse<?> r) {
    if (r.statusCode() != 401) return false;
    for (String challenge : r.headers().allValues("WWW-Authenticate")) {
      String c = challenge.trim();
      if (c.regionMatches(true, 0, "DPoP", 0, 4) && (c.length() == 4 || c.charAt(4) == ' ')
          && c.replace(" ", "").contains("error=\"use_dpop_nonce\"")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "DpopResourceCalls{" + key + "}";
  }
}
