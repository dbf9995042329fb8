package io.identsphere.jaxrs;

import io.identsphere.internal.json.Json;
import io.identsphere.internal.json.JsonException;
import io.identsphere.internal.json.JsonLimits;
import io.identsphere.oidc.IdentSphereClient;
import io.identsphere.oidc.IdentityServerException;
import jakarta.ws.rs.core.Cookie;
import java.util.List;
import java.util.Map;
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
 * shared with the requests waiting at that moment, never kept.
 *
 * <p>The session's subject goes with the refresh, so a new ID token in the answer must name the
 * same user (OIDC Core §12.2). It is read, without verification, from the session's ID-token
 * cookie ({@code identsphere_idt}) or else from its (expired) access cookie: it is only what the
 * verified new ID token must repeat, so a forged cookie can end a session but never open one.
 * Thread-safe.
 */
final class SessionRefresh {
  /** How long a refresh's result answers later requests that carry the same, now rotated, refresh token. */
  static final Duration GRACE = Duration.ofSeconds(10);
  /** The most refresh results kept at once; beyond it, requests refresh on their own. */
  static final int MAX_ENTRIES = 10_000;
  private static final JsonLimits LIMITS = new JsonLimits(16 * 1024, 16, 4 * 1024);

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
  TokenResponse refresh(String refreshToken, String expectedSubject) {
    String key = hash(refreshToken);
    Instant now = clock.instant();
    if (recent.size() >= MAX_ENTRIES) recent.values().removeIf(e -> e.expired(now));
    Entry mine = new Entry();
    Entry found = recent.compute(key, (k, e) -> e == null || e.expired(now) ? (recent.size() >= MAX_ENTRIES ? null : mine) : e);
    if (found == null || found == mine) {
      try {
        TokenResponse fresh = expectedSubject == null ? client.refresh(refreshToken)
            : client.refresh(refreshToken, expectedSubject);
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

  /**
   * The session's {@code sub}, from the ID-token cookie or else the access cookie; null when
   * neither holds a readable JWT with a string {@code sub}.
   */
  static String subjectOf(Map<String, Cookie> cookies, String accessCookieName) {
    for (String name : List.of("identsphere_idt", accessCookieName)) {
      Cookie c = cookies.get(name);
      String sub = c == null ? null : unverifiedSubject(c.getValue());
      if (sub != null) return sub;
    }
    return null;
  }

  private static String unverifiedSubject(String jwt) {
    int first = jwt.indexOf('.');
    int second = first < 0 ? -1 : jwt.indexOf('.', first + 1);
    if (second < 0 || jwt.length() > 16 * 1024) return null;
    try {
      byte[] payload = Base64.getUrlDecoder().decode(jwt.substring(first + 1, second));
      Object sub = Json.parseObject(payload, LIMITS).get("sub");
      return sub instanceof String && !((String) sub).isEmpty() ? (String) sub : null;
    } catch (IllegalArgumentException | JsonException e) {
      return null;
    }
  }

  /** Whether a failed refresh means the answer was refused for the session's user, which ends the session. */
  static boolean endsSession(IdentityServerException e) {
    switch (e.kind()) {
      case OAUTH_ERROR:
      case SUBJECT_MISMATCH:
      case ISSUER_MISMATCH:
      case ID_TOKEN_REJECTED:
        return true;
      default:
        return false;
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
