package io.identsphere.oidc;

import io.identsphere.internal.http.Http;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.KeySource;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * An identity server's published JWK Set (RFC 7517 §5), fetched over HTTP and cached: the key
 * source for validating its tokens.
 *
 * <p>Behaviour, safe by default:
 * <ul>
 *   <li>The cache lifetime is the response's {@code Cache-Control: max-age}, clamped to
 *       [{@code minTtl}, {@code maxTtl}] ({@code defaultTtl} when absent).</li>
 *   <li>After 80% of the lifetime one background refresh starts; requests keep using the current
 *       keys meanwhile.</li>
 *   <li>Concurrent misses share one fetch (single flight), so a cold start under load makes one
 *       request.</li>
 *   <li>A token with an unknown {@code kid} triggers at most one refresh per
 *       {@code unknownKidCooldown}; tokens with known keys never wait for it.</li>
 *   <li>If the server fails, the last good keys keep working up to {@code maxStale} after they were
 *       fetched (logged at {@code WARNING} through {@link System.Logger}); retries wait
 *       {@code failureBackoff}; the first good answer heals the cache.</li>
 *   <li>HMAC secrets and weak or invalid keys in the set are dropped; bodies are bounded; redirects
 *       are not followed; every request has a timeout.</li>
 * </ul>
 *
 * <p>Thread-safe. Holds no threads of its own; the JDK {@link HttpClient} it uses is closed with
 * the JVM (or by its owner when supplied through the builder).
 */
public final class RemoteJwkSet implements KeySource {
  private static final System.Logger LOG = System.getLogger(RemoteJwkSet.class.getName());

  private static final class Snapshot {
    final JwkSet keys;
    final Instant fetchedAt;
    final Instant refreshAt;
    final Instant expiresAt;

    Snapshot(JwkSet keys, Instant fetchedAt, Duration ttl) {
      this.keys = keys;
      this.fetchedAt = fetchedAt;
      this.refreshAt = fetchedAt.plus(ttl.multipliedBy(8).dividedBy(10));
      this.expiresAt = fetchedAt.plus(ttl);
    }
  }

  private final Supplier<CompletableFuture<URI>> uri;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final Duration minTtl;
  private final Duration maxTtl;
  private final Duration defaultTtl;
  private final Duration unknownKidCooldown;
  private final Duration maxStale;
  private final Duration failureBackoff;
  private final int maxBytes;
  private final Clock clock;
  private final boolean allowInsecure;

  private volatile Snapshot snapshot;
  private final AtomicReference<CompletableFuture<Snapshot>> inflight = new AtomicReference<>();
  private final AtomicReference<Instant> lastUnknownKidRefresh = new AtomicReference<>(Instant.MIN);
  private volatile Instant nextAttempt = Instant.MIN;
  private volatile IdentityServerException lastFailure;

  private RemoteJwkSet(Builder b, Supplier<CompletableFuture<URI>> uri) {
    this.uri = uri;
    this.client = b.client != null ? b.client : Http.newClient(b.connectTimeout);
    this.requestTimeout = b.requestTimeout;
    this.minTtl = b.minTtl;
    this.maxTtl = b.maxTtl;
    this.defaultTtl = b.defaultTtl;
    this.unknownKidCooldown = b.unknownKidCooldown;
    this.maxStale = b.maxStale;
    this.failureBackoff = b.failureBackoff;
    this.maxBytes = b.maxBytes;
    this.clock = b.clock;
    this.allowInsecure = b.allowInsecure;
  }

  /**
   * @param jwksUri the JWK Set URL (HTTPS, or HTTP on loopback)
   * @return a builder
   */
  public static Builder newBuilder(URI jwksUri) {
    Objects.requireNonNull(jwksUri, "jwksUri == null");
    Builder b = new Builder();
    b.fixedUri = jwksUri;
    return b;
  }

  static RemoteJwkSet discovered(Builder b, Supplier<CompletableFuture<URI>> uri) {
    return new RemoteJwkSet(b, uri);
  }

  static Builder builderForClient() {
    return new Builder();
  }

  @Override
  public List<Jwk> candidates(Optional<String> keyId) {
    Instant now = clock.instant();
    Snapshot s = current(now);
    if (keyId.isEmpty()) return s.keys.keys();
    Optional<Jwk> k = s.keys.find(keyId.get());
    if (k.isPresent()) return List.of(k.get());
    Instant last = lastUnknownKidRefresh.get();
    if (now.isBefore(last.plus(unknownKidCooldown)) || !lastUnknownKidRefresh.compareAndSet(last, now)) {
      return List.of();
    }
    try {
      return Http.join(refresh(true)).keys.candidates(keyId);
    } catch (IdentityServerException e) {
      return List.of();
    }
  }

  /** Fetches now if nothing is cached yet: a warm-up. Blocks until the keys are known. */
  public void warmUp() {
    current(clock.instant());
  }

  /**
   * Forces a refresh (shared with any refresh in progress).
   *
   * @return the future key set
   */
  public CompletableFuture<JwkSet> refreshAsync() {
    return refresh(true).thenApply(s -> s.keys);
  }

  private Snapshot current(Instant now) {
    Snapshot s = snapshot;
    if (s == null) {
      if (now.isBefore(nextAttempt) && lastFailure != null) throw lastFailure;
      return Http.join(refresh(false));
    }
    if (!now.isBefore(s.expiresAt)) {
      if (now.isBefore(nextAttempt)) return stale(s, now, lastFailure);
      try {
        return Http.join(refresh(false));
      } catch (IdentityServerException e) {
        return stale(s, now, e);
      }
    }
    if (!now.isBefore(s.refreshAt)) refresh(false); // in the background
    return s;
  }

  private Snapshot stale(Snapshot s, Instant now, IdentityServerException failure) {
    Duration age = Duration.between(s.fetchedAt, now);
    if (age.compareTo(maxStale) > 0) {
      throw new IdentityServerException(failure == null ? Kind.UNREACHABLE : failure.kind(),
          "JWK Set could not be refreshed and the cached keys are " + age.getSeconds() + " s old, more than the "
              + maxStale.getSeconds() + " s allowed" + (failure == null ? "" : ": " + failure.getMessage()),
          0, null, null, failure);
    }
    return s;
  }

  private CompletableFuture<Snapshot> refresh(boolean force) {
    while (true) {
      CompletableFuture<Snapshot> running = inflight.get();
      if (running != null) return running;
      CompletableFuture<Snapshot> mine = new CompletableFuture<>();
      if (!inflight.compareAndSet(null, mine)) continue;
      Snapshot cur = snapshot;
      if (!force && cur != null && clock.instant().isBefore(cur.refreshAt)) {
        inflight.set(null);
        mine.complete(cur);
        return mine;
      }
      fetch().whenComplete((s, t) -> {
        if (s != null) {
          snapshot = s;
          lastFailure = null;
          nextAttempt = Instant.MIN;
        } else {
          IdentityServerException e = t instanceof IdentityServerException ? (IdentityServerException) t
              : (IdentityServerException) Calls.translate(t, "JWK Set");
          lastFailure = e;
          nextAttempt = clock.instant().plus(failureBackoff);
          LOG.log(Level.WARNING, "JWK Set refresh failed; {0}: {1}",
              snapshot == null ? "no keys cached" : "using cached keys", e.getMessage());
        }
        inflight.set(null);
        if (s != null) mine.complete(s); else mine.completeExceptionally(lastFailure);
      });
      return mine;
    }
  }

  private CompletableFuture<Snapshot> fetch() {
    CompletableFuture<URI> target;
    try {
      target = uri.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return target.thenCompose(u -> {
      if (!Http.acceptable(u, allowInsecure)) {
        throw IdentityServerException.of(Kind.INSECURE_URL, "JWK Set URL " + Http.safe(u) + " is not HTTPS");
      }
      return Calls.send(client, Http.request(u, requestTimeout).GET().build(), maxBytes, "JWK Set")
          .thenApply(r -> {
            Calls.json(r, "JWK Set", u, maxBytes);
            JwkSet keys;
            try {
              keys = JwkSet.parsePublished(r.body, maxBytes);
            } catch (IllegalArgumentException e) {
              throw new IdentityServerException(Kind.MALFORMED_RESPONSE, "JWK Set at " + Http.safe(u) + ": "
                  + e.getMessage(), r.status, null, null, e);
            }
            return new Snapshot(keys, clock.instant(), ttl(r.headers.firstValue("Cache-Control").orElse(null)));
          });
    });
  }

  private Duration ttl(String cacheControl) {
    Duration ttl = defaultTtl;
    if (cacheControl != null) {
      for (String part : cacheControl.toLowerCase(Locale.ROOT).split(",")) {
        String p = part.trim();
        if (p.equals("no-store") || p.equals("no-cache")) ttl = minTtl;
        if (p.startsWith("max-age=")) {
          try {
            ttl = Duration.ofSeconds(Long.parseLong(p.substring(8).trim()));
          } catch (NumberFormatException e) {
            // keep the default
          }
        }
      }
    }
    if (ttl.compareTo(minTtl) < 0) return minTtl;
    if (ttl.compareTo(maxTtl) > 0) return maxTtl;
    return ttl;
  }

  @Override
  public String toString() {
    Snapshot s = snapshot;
    return "RemoteJwkSet{" + (s == null ? "not fetched" : s.keys.keys().size() + " keys, fetched " + s.fetchedAt) + "}";
  }

  /** Options for a {@link RemoteJwkSet}. Not thread-safe. */
  public static final class Builder {
    private URI fixedUri;
    HttpClient client;
    Duration connectTimeout = Duration.ofSeconds(3);
    Duration requestTimeout = Duration.ofSeconds(5);
    Duration minTtl = Duration.ofMinutes(1);
    Duration maxTtl = Duration.ofHours(24);
    Duration defaultTtl = Duration.ofMinutes(10);
    Duration unknownKidCooldown = Duration.ofSeconds(30);
    Duration maxStale = Duration.ofHours(6);
    Duration failureBackoff = Duration.ofSeconds(10);
    int maxBytes = 512 * 1024;
    Clock clock = Clock.systemUTC();
    boolean allowInsecure;

    Builder() {}

    /**
     * @param client the JDK client to use (never closed by this library); it should not follow
     *     redirects (redirect answers are refused either way)
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /**
     * @param connect connect timeout for the built-in client (default 3 s)
     * @param request timeout of each request (default 5 s)
     * @return this builder
     */
    public Builder timeouts(Duration connect, Duration request) {
      this.connectTimeout = Calls.positive(connect, "connect");
      this.requestTimeout = Calls.positive(request, "request");
      return this;
    }

    /**
     * @param min lower clamp of the cache lifetime (default 1 min)
     * @param max upper clamp (default 24 h)
     * @param fallback lifetime without {@code Cache-Control: max-age} (default 10 min)
     * @return this builder
     */
    public Builder cacheLifetime(Duration min, Duration max, Duration fallback) {
      Calls.positive(min, "min");
      if (max.compareTo(min) < 0) throw new IllegalArgumentException("max < min");
      this.minTtl = min;
      this.maxTtl = max;
      this.defaultTtl = Calls.positive(fallback, "fallback");
      return this;
    }

    /**
     * @param cooldown least time between refreshes caused by unknown {@code kid}s (default 30 s)
     * @return this builder
     */
    public Builder unknownKeyCooldown(Duration cooldown) {
      this.unknownKidCooldown = Objects.requireNonNull(cooldown, "cooldown == null");
      return this;
    }

    /**
     * @param maxStale how long after their fetch cached keys may be used while the server fails
     *     (default 6 h)
     * @param backoff wait between failed refresh attempts (default 10 s)
     * @return this builder
     */
    public Builder outagePolicy(Duration maxStale, Duration backoff) {
      this.maxStale = Objects.requireNonNull(maxStale, "maxStale == null");
      this.failureBackoff = Objects.requireNonNull(backoff, "backoff == null");
      return this;
    }

    /**
     * @param bytes largest accepted JWK Set (default 512 KiB)
     * @return this builder
     */
    public Builder maxResponseBytes(int bytes) {
      if (bytes < 1024) throw new IllegalArgumentException("maxResponseBytes < 1024: " + bytes);
      this.maxBytes = bytes;
      return this;
    }

    /**
     * @param clock the time source (default system UTC)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Allows plain HTTP to hosts other than loopback. <b>Security:</b> keys fetched over HTTP can
     * be replaced by anyone on the network path.
     *
     * @return this builder
     */
    public Builder allowInsecureHttp() {
      this.allowInsecure = true;
      return this;
    }

    /**
     * @return the key source
     * @throws IllegalArgumentException if the URL is not HTTPS (or loopback HTTP) and insecure HTTP
     *     was not allowed
     */
    public RemoteJwkSet build() {
      if (fixedUri == null) throw new IllegalStateException("no JWK Set URL");
      if (!Http.acceptable(fixedUri, allowInsecure)) {
        throw new IllegalArgumentException("JWK Set URL must be HTTPS (or HTTP on loopback): " + Http.safe(fixedUri));
      }
      URI u = fixedUri;
      return new RemoteJwkSet(this, () -> CompletableFuture.completedFuture(u));
    }
  }
}
