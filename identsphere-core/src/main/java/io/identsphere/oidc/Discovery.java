package io.identsphere.oidc;

import io.identsphere.internal.text.Untrusted;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches, checks and caches the discovery document: fetched on first use, reused until
 * {@code ttl} after the fetch completed (by the client's clock), then fetched again; concurrent
 * callers share one fetch. A failed fetch is not cached. The document's {@code issuer} must equal
 * the expected issuer exactly, and its endpoints pass {@link EndpointUrls}.
 *
 * <p>Where the document is looked for is decided by {@link WellKnown}: the OIDC Discovery §4 form
 * first, the RFC 8414 §3 forms only after a 404.
 *
 * <p>Thread-safe.
 */
final class Discovery {
  private final String issuer;
  private final List<URI> locations;
  private final ServerCalls calls;
  private final Clock clock;
  private final Duration ttl;
  private final boolean allowInsecure;

  private final AtomicReference<CompletableFuture<ProviderMetadata>> running = new AtomicReference<>();
  private volatile ProviderMetadata metadata;
  private volatile Instant expires = Instant.MIN;

  /**
   * Creates the discovery of a server.
   *
   * @param authority where the server is; the well-known URLs are derived from it
   * @param issuer the {@code issuer} the document must name (usually the authority)
   */
  Discovery(String authority, String issuer, ServerCalls calls, Clock clock, Duration ttl, boolean allowInsecure) {
    this.issuer = issuer;
    this.locations = WellKnown.locations(authority);
    this.calls = calls;
    this.clock = clock;
    this.ttl = ttl;
    this.allowInsecure = allowInsecure;
  }

  CompletableFuture<ProviderMetadata> metadata() {
    ProviderMetadata m = fresh();
    if (m != null) return CompletableFuture.completedFuture(m);
    while (true) {
      CompletableFuture<ProviderMetadata> other = running.get();
      if (other != null) return other;
      CompletableFuture<ProviderMetadata> mine = new CompletableFuture<>();
      if (!running.compareAndSet(null, mine)) continue;
      m = fresh();
      if (m != null) {
        running.set(null);
        mine.complete(m);
        return mine;
      }
      fetch(0).whenComplete((md, t) -> {
        if (md != null) {
          metadata = md;
          expires = plus(clock.instant(), ttl);
        }
        running.set(null);
        if (md != null) mine.complete(md); else mine.completeExceptionally(Calls.translate(t, "discovery"));
      });
      return mine;
    }
  }

  private ProviderMetadata fresh() {
    ProviderMetadata m = metadata;
    return m != null && clock.instant().isBefore(expires) ? m : null;
  }

  /** {@code at + d}, saturating at {@link Instant#MAX} instead of throwing for a huge TTL. */
  static Instant plus(Instant at, Duration d) {
    Duration room = Duration.between(at, Instant.MAX);
    return d.compareTo(room) >= 0 ? Instant.MAX : at.plus(d);
  }

  /** Fetches the document from location {@code i}; a 404 moves on to the next location, any other failure stops. */
  private CompletableFuture<ProviderMetadata> fetch(int i) {
    URI uri = locations.get(i);
    return calls.get(uri, null, null, "discovery").handle((doc, t) -> {
      if (t == null) return CompletableFuture.completedFuture(check(doc));
      RuntimeException e = Calls.translate(t, "discovery");
      if (i + 1 < locations.size() && notFound(e)) return fetch(i + 1);
      return CompletableFuture.<ProviderMetadata>failedFuture(e);
    }).thenCompose(f -> f);
  }

  private static boolean notFound(RuntimeException e) {
    return e instanceof IdentityServerException && ((IdentityServerException) e).status().orElse(0) == 404;
  }

  private ProviderMetadata check(java.util.Map<String, Object> doc) {
    ProviderMetadata md = ProviderMetadata.from(doc, "discovery document", allowInsecure);
    if (!md.issuer().equals(issuer)) {
      throw IdentityServerException.of(Kind.ISSUER_MISMATCH, "discovery document issuer " + Untrusted.quote(md.issuer())
          + " does not equal the expected issuer " + Untrusted.quote(issuer) + " (OIDC Discovery 4.3, RFC 8414 3.3)");
    }
    return md;
  }
}
