package io.identsphere.oidc;

import io.identsphere.internal.text.Untrusted;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches, checks and caches the discovery document (OIDC Discovery §4): fetched on first use,
 * reused until {@code ttl} after the fetch completed (by the client's clock), then fetched again;
 * concurrent callers share one fetch. A failed fetch is not cached. The document's {@code issuer}
 * must equal the authority exactly, and its endpoints pass {@link EndpointUrls}.
 *
 * <p>Thread-safe.
 */
final class Discovery {
  private final String authority;
  private final URI uri;
  private final ServerCalls calls;
  private final Clock clock;
  private final Duration ttl;
  private final boolean allowInsecure;

  private final AtomicReference<CompletableFuture<ProviderMetadata>> running = new AtomicReference<>();
  private volatile ProviderMetadata metadata;
  private volatile Instant expires = Instant.MIN;

  Discovery(String authority, ServerCalls calls, Clock clock, Duration ttl, boolean allowInsecure) {
    this.authority = authority;
    String base = authority.endsWith("/") ? authority.substring(0, authority.length() - 1) : authority;
    this.uri = URI.create(base + "/.well-known/openid-configuration");
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
      fetch().whenComplete((md, t) -> {
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

  private CompletableFuture<ProviderMetadata> fetch() {
    return calls.get(uri, null, null, "discovery").thenApply(doc -> {
      ProviderMetadata md = ProviderMetadata.from(doc, "discovery document", allowInsecure);
      if (!md.issuer().equals(authority)) {
        throw IdentityServerException.of(Kind.ISSUER_MISMATCH, "discovery document issuer " + Untrusted.quote(md.issuer())
            + " does not equal the configured authority " + Untrusted.quote(authority) + " (OIDC Discovery 4.3)");
      }
      return md;
    });
  }
}
