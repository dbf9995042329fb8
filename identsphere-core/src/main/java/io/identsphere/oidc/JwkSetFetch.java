package io.identsphere.oidc;

import io.identsphere.internal.http.Http;
import io.identsphere.internal.watch.Watch;
import io.identsphere.jose.JwkSet;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One HTTP exchange of a {@link RemoteJwkSet}: resolves the JWK Set URL, refuses it unless it is
 * HTTPS (or loopback HTTP, or insecure HTTP was allowed), bounds the whole exchange, body included,
 * by the request timeout and the body by the size limit, parses the keys with
 * {@link JwkSet#parsePublished} and takes their lifetime from {@code Cache-Control}. When to fetch
 * is {@link RemoteJwkSet}'s decision, through {@link SharedFetch}.
 *
 * <p>Immutable and thread-safe.
 */
final class JwkSetFetch {
  private final Supplier<CompletableFuture<URI>> uri;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final CacheLifetime lifetime;
  private final int maxBytes;
  private final Clock clock;
  private final boolean allowInsecure;

  /**
   * Sets up the fetch; nothing is fetched until asked.
   *
   * @param uri supplies the JWK Set URL (fixed, or from discovery) at each fetch
   * @param client the JDK client
   * @param requestTimeout the bound of each whole exchange, body included
   * @param lifetime how long the fetched keys are cached
   * @param maxBytes the largest accepted JWK Set
   * @param clock the time source of the fetch instant
   * @param allowInsecure whether plain HTTP to hosts other than loopback is allowed
   */
  JwkSetFetch(Supplier<CompletableFuture<URI>> uri, HttpClient client, Duration requestTimeout, CacheLifetime lifetime,
      int maxBytes, Clock clock, boolean allowInsecure) {
    this.uri = uri;
    this.client = client;
    this.requestTimeout = requestTimeout;
    this.lifetime = lifetime;
    this.maxBytes = maxBytes;
    this.clock = clock;
    this.allowInsecure = allowInsecure;
  }

  /**
   * Starts one fetch, timed as a Flight Recorder event.
   *
   * @return the future keys; it fails with an {@link IdentityServerException} (or the URL
   *     supplier's failure)
   */
  CompletableFuture<JwkSetSnapshot> fetch() {
    Watch.Fetch timing = Watch.fetchStarted();
    CompletableFuture<URI> target;
    try {
      target = uri.get();
    } catch (RuntimeException e) {
      timing.failed(null, String.valueOf(e.getMessage()));
      return CompletableFuture.failedFuture(e);
    }
    String[] url = new String[1]; // written by the stage that resolves it, read by the last (stages order memory)
    return exchange(target, url).whenComplete((s, t) -> {
      if (s != null) {
        timing.succeeded(url[0], s.keys.keys().size());
      } else {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        timing.failed(url[0], String.valueOf(c.getMessage()));
      }
    });
  }

  private CompletableFuture<JwkSetSnapshot> exchange(CompletableFuture<URI> target, String[] url) {
    return target.thenCompose(u -> {
      url[0] = Http.safe(u);
      if (!Http.acceptable(u, allowInsecure)) {
        throw IdentityServerException.of(Kind.INSECURE_URL, "JWK Set URL " + Http.safe(u) + " is not HTTPS");
      }
      // The whole exchange, body included, is bounded, so a hanging server cannot hold the single flight.
      return Calls.send(client, Http.request(u, requestTimeout).GET().build(), maxBytes, "JWK Set")
          .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .exceptionally(t -> {
            throw timeoutOr(t, u);
          })
          .thenApply(r -> {
            Calls.json(r, "JWK Set", u, maxBytes);
            JwkSet set;
            try {
              set = JwkSet.parsePublished(r.body, maxBytes, Http.safe(u));
            } catch (IllegalArgumentException e) {
              throw new IdentityServerException(Kind.MALFORMED_RESPONSE, "JWK Set at " + Http.safe(u) + ": "
                  + e.getMessage(), r.status, null, null, e);
            }
            return new JwkSetSnapshot(set, clock.instant(), lifetime.of(r.headers.firstValue("Cache-Control").orElse(null)));
          });
    });
  }

  private RuntimeException timeoutOr(Throwable t, URI u) {
    Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (c instanceof TimeoutException) {
      return new IdentityServerException(Kind.TIMEOUT, "JWK Set at " + Http.safe(u) + ": no complete answer within "
          + requestTimeout.toMillis() + " ms", 0, null, null, c);
    }
    return c instanceof RuntimeException ? (RuntimeException) c : new CompletionException(c);
  }
}
