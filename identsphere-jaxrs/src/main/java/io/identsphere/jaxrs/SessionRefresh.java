package io.identsphere.jaxrs;

import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.TokenResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refreshes browser sessions with the refresh cookie, one refresh per refresh token: the requests
 * a page fires at once all carry the same expired cookie, and with refresh-token rotation a second
 * refresh with the same token would be reuse (the identity server then revokes the whole session).
 * So the first request refreshes, the others wait for its answer, and requests that still carry
 * the old cookie for {@link #GRACE} afterwards get the same new tokens. Entries are keyed by a
 * SHA-256 of the token (the token itself is not kept as a key) and bounded in number. Failures are
 * shared with the requests waiting at that moment, never kept. Thread-safe.
 */
final class SessionRefresh {
  /** How long a refresh's result answers later requests that carry the same, now rotated, refresh token. */
  static final Duration GRACE = Duration.ofSeconds(10);
  /** The most refresh results kept at once; beyond it, requests refresh on their own. */
  static final int MAX_ENTRIES = 10_000;

  private static final class Entry {
    final CompletableFuture<TokenResponse> result = new CompletableFuture<>();
    volatile Instant until; // set once the refresh succeeded

    boolean expired(Instant now) {
      Instant u = until;
      return u != null && !now.isBefore(u);
    }
  }

  private final IdentSphereClient client;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> recent = new ConcurrentHashMap<>();

  SessionRefresh(IdentSphereClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Returns fresh tokens for a refresh token, refreshing at most once per token at a time.
   *
   * @param refreshToken the browser's refresh token
   * @return the new tokens
   * @throws io.identsphere.IdentSphereException when the refresh fails (shared by the requests that waited for it)
   */
  TokenResponse refresh(String refreshToken) {
    String key = hash(refreshToken);
    Instant now = clock.instant();
    if (recent.size() >= MAX_ENTRIES) recent.values().removeIf(e -> e.expired(now));
    Entry mine = new Entry();
    Entry found = recent.compute(key, (k, e) -> e == null || e.expired(now) ? (recent.size() >= MAX_ENTRIES ? null : mine) : e);
    if (found == null || found == mine) {
      try {
        TokenResponse fresh = client.refresh(refreshToken);
        mine.until = clock.instant().plus(GRACE);
        mine.result.complete(fresh);
        return fresh;
      } catch (RuntimeException e) {
        recent.remove(key, mine);
        mine.result.completeExceptionally(e);
        throw e;
      }
    }
    try {
      return found.result.join(); // bounded: the owner's refresh is bounded by the client's timeouts
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
    }
  }

  private static String hash(String token) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
