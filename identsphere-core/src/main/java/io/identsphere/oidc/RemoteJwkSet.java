package io.identsphere.oidc;

import io.identsphere.internal.http.Http;
import io.identsphere.internal.watch.OncePer;
import io.identsphere.internal.watch.Watch;
import io.identsphere.jose.Jwk;
import io.identsphere.jose.JwkSet;
import io.identsphere.jose.KeySource;
import io.identsphere.oidc.IdentityServerException.Kind;
import io.identsphere.token.ValidationListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 *       [{@code min}, {@code max}] ({@code fallback} when absent; {@code no-cache} and
 *       {@code no-store} mean {@code min}).</li>
 *   <li><b>While usable keys are cached, a validation never waits on the network.</b> Keys are
 *       usable while fresh, and after their lifetime up to {@code maxStale} after their fetch. From
 *       80% of the lifetime on, and after it, a refresh runs in the background (on the HTTP
 *       client's executor) while the cached keys keep serving. Consequence: a key the server has
 *       removed keeps validating until that background refresh completes, at most
 *       {@code maxStale} after the last successful fetch.</li>
 *   <li>Only a cold cache (nothing usable) waits for a fetch, bounded by the request timeout.</li>
 *   <li>Concurrent needs share one fetch (single flight), so a cold start under load makes one
 *       request.</li>
 *   <li>After a failed fetch, no fetch of any kind (refresh-ahead, expired cache, cold cache,
 *       unknown {@code kid}) starts before {@code backoff} has passed; failures are logged at
 *       {@code WARNING} through {@link System.Logger}, at most once a minute (DEBUG in between),
 *       and so is serving keys past their lifetime. The first good answer heals the cache.</li>
 *   <li>A refresh keeps the {@link Jwk} instances of keys that did not change, so a
 *       {@code TokenValidator}'s verified-token cache keeps their tokens and drops those of keys that
 *       left the set. Fetches are JDK Flight Recorder events ({@code io.identsphere.KeySetFetch}); a
 *       {@link ValidationListener} set with {@link Builder#listener} hears of fetches, failures,
 *       stale service, added and removed keys and unknown {@code kid}s.</li>
 *   <li>A token whose {@code kid} is not cached may start a fetch, at most one per
 *       {@code unknownKeyCooldown} shared by all {@code kid}s, whatever the flood of made-up
 *       {@code kid}s: only the token that starts it waits for it (bounded by the request timeout);
 *       others arriving within the cooldown are refused at once as an unknown key. A key newly
 *       published by the server therefore validates within {@code unknownKeyCooldown} of its first
 *       token.</li>
 *   <li>HMAC secrets and weak or invalid keys in the set are dropped, with one log line per fetch
 *       ({@link JwkSet#parsePublished}); bodies are bounded; redirects are not followed; every
 *       request has a timeout.</li>
 * </ul>
 *
 * <p>Thread-safe. Holds no threads of its own; the JDK {@link HttpClient} it uses is closed with
 * the JVM (or by its owner when supplied through the builder).
 */
public final class RemoteJwkSet implements KeySource {
  private static final System.Logger LOG = System.getLogger(RemoteJwkSet.class.getName());

  private final Duration unknownKidCooldown;
  private final Duration maxStale;
  private final Clock clock;
  private final ValidationListener listener; // null unless listener(...)
  private final OncePer staleWarnings;

  /** The fetched keys: single flight, failure back-off. */
  private final SharedFetch<JwkSetSnapshot> keys;
  /** The earliest instant an unknown {@code kid} may start the next fetch. */
  private final AtomicReference<Instant> nextUnknownKidFetch = new AtomicReference<>(Instant.MIN);

  private RemoteJwkSet(Builder b, Supplier<CompletableFuture<URI>> uri) {
    this.unknownKidCooldown = b.unknownKidCooldown;
    this.maxStale = b.maxStale;
    this.clock = b.clock;
    this.listener = b.listener;
    this.staleWarnings = new OncePer(Duration.ofMinutes(1), clock);
    JwkSetFetch fetch = new JwkSetFetch(uri, b.client != null ? b.client : Http.newClient(b.connectTimeout),
        b.requestTimeout, new CacheLifetime(b.minTtl, b.maxTtl, b.defaultTtl), b.maxBytes, clock, b.allowInsecure);
    this.keys = new SharedFetch<>(() -> fetch.fetch().thenApply(this::carryOver), clock, b.failureBackoff, LOG,
        "JWK Set", e -> Watch.keySetFetchFailed(listener, e));
  }

  /** The fresh fetch with the previous fetch's unchanged key instances; reports the differences. */
  private JwkSetSnapshot carryOver(JwkSetSnapshot fresh) {
    return JwkSetSnapshot.carryOver(keys.latest(), fresh, listener);
  }

  /**
   * Starts the options of a key source for one fixed JWK Set URL.
   *
   * @param jwksUri the JWK Set URL (HTTPS, or HTTP on loopback)
   * @return a builder
   * @throws NullPointerException if {@code jwksUri} is null
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

  /**
   * Returns the cached keys that may have signed a token with this {@code kid}, refreshing as the
   * class documentation describes. Waits on the network only with a cold cache, or for the one
   * token per {@code unknownKeyCooldown} whose unknown {@code kid} starts a fetch.
   *
   * @param keyId the token's {@code kid}, or empty
   * @return the candidate keys, possibly none
   * @throws IdentityServerException if no usable keys are cached and none can be fetched
   */
  @Override
  public List<Jwk> candidates(Optional<String> keyId) {
    Objects.requireNonNull(keyId, "keyId == null");
    Instant now = clock.instant();
    JwkSetSnapshot s = usable(now);
    if (keyId.isEmpty()) return s.keys.keys();
    Optional<Jwk> k = s.keys.find(keyId.get());
    if (k.isPresent()) return List.of(k.get());
    return unknownKey(keyId.get(), s, now);
  }

  /**
   * Fetches the keys now unless usable ones are cached: a warm-up. Blocks, bounded by the request
   * timeout, only when it fetches.
   *
   * @throws IdentityServerException if no usable keys are cached and none can be fetched
   */
  public void warmUp() {
    usable(clock.instant());
  }

  /**
   * Starts a refresh, or joins the one in progress. Within the failure back-off no request is
   * made: the future fails at once with the last failure.
   *
   * @return the future key set; it fails with an {@link IdentityServerException}
   */
  public CompletableFuture<JwkSet> refreshAsync() {
    JwkSetSnapshot seen = keys.latest();
    CompletableFuture<JwkSetSnapshot> f = keys.fetchOrJoin(seen);
    if (f == null) return CompletableFuture.failedFuture(backoffFailure(seen, clock.instant()));
    return f.thenApply(s -> s.keys);
  }

  /** Whether keys usable now are cached, so that a validation need not wait for a fetch. */
  boolean hasUsableKeys() {
    JwkSetSnapshot s = keys.latest();
    return s != null && s.usable(clock.instant(), maxStale);
  }

  /** The fetch in flight, or a completed future when none is: for tests that wait for the background. */
  CompletableFuture<?> pendingFetch() {
    return keys.pending();
  }

  /** The keys to use now; refreshes in the background when due, blocks only when nothing is usable. */
  private JwkSetSnapshot usable(Instant now) {
    JwkSetSnapshot s = keys.latest();
    if (s != null && s.usable(now, maxStale)) {
      if (!now.isBefore(s.refreshAt)) {
        keys.fetchOrJoin(s); // in the background, unless backing off
        if (!now.isBefore(s.expiresAt) && keys.lastFailure() != null) servedStale(s, now);
      }
      return s;
    }
    CompletableFuture<JwkSetSnapshot> f = keys.fetchOrJoin(s);
    if (f == null) throw backoffFailure(s, now);
    try {
      return SharedFetch.await(f);
    } catch (IdentityServerException e) {
      throw s == null ? e : tooStale(s, clock.instant(), e);
    }
  }

  /** Keys past their lifetime serve because refreshing fails: the listener each time, a WARNING once a minute. */
  private void servedStale(JwkSetSnapshot s, Instant now) {
    Duration age = Duration.between(s.fetchedAt, now);
    Watch.servedStale(listener, age);
    long suppressed = staleWarnings.tryAcquire();
    if (suppressed >= 0) {
      LOG.log(System.Logger.Level.WARNING, "JWK Set keys are " + age.getSeconds() + " s old, past their lifetime, and"
          + " refreshing fails: serving them until " + maxStale.getSeconds() + " s after their fetch"
          + (suppressed == 0 ? "" : " (" + suppressed + " uses since the last report)"));
    }
  }

  /** An unknown kid: at most one fetch per cooldown, waited for only by the token that starts it. */
  private List<Jwk> unknownKey(String keyId, JwkSetSnapshot s, Instant now) {
    Instant allowed = nextUnknownKidFetch.get();
    if (keys.backingOff(now) || now.isBefore(allowed)
        || !nextUnknownKidFetch.compareAndSet(allowed, now.plus(unknownKidCooldown))) {
      Watch.unknownKeyId(listener, keyId, false);
      return List.of();
    }
    CompletableFuture<JwkSetSnapshot> f = keys.fetchOrJoin(s);
    Watch.unknownKeyId(listener, keyId, f != null);
    if (f == null) return List.of();
    try {
      return SharedFetch.await(f).keys.candidates(Optional.of(keyId));
    } catch (IdentityServerException e) {
      return List.of(); // logged by the fetch; the token is refused as signed by an unknown key
    }
  }

  private IdentityServerException backoffFailure(JwkSetSnapshot s, Instant now) {
    IdentityServerException last = keys.lastFailure();
    if (s != null) return tooStale(s, now, last);
    return last != null ? last : IdentityServerException.of(Kind.UNREACHABLE, "JWK Set could not be fetched");
  }

  private IdentityServerException tooStale(JwkSetSnapshot s, Instant now, IdentityServerException failure) {
    Duration age = Duration.between(s.fetchedAt, now);
    return new IdentityServerException(failure == null ? Kind.UNREACHABLE : failure.kind(),
        "JWK Set could not be refreshed and the cached keys are " + age.getSeconds() + " s old, more than the "
            + maxStale.getSeconds() + " s allowed" + (failure == null ? "" : ": " + failure.getMessage()),
        failure == null ? 0 : failure.status().orElse(0), null, null, failure);
  }

  @Override
  public String toString() {
    JwkSetSnapshot s = keys.latest();
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
    Duration unknownKidCooldown = Duration.ofSeconds(5);
    Duration maxStale = Duration.ofHours(6);
    Duration failureBackoff = Duration.ofSeconds(10);
    int maxBytes = 512 * 1024;
    Clock clock = Clock.systemUTC();
    boolean allowInsecure;
    ValidationListener listener;

    Builder() {}

    /**
     * Reports fetches, refreshes, failures, stale service, added and removed keys and unknown
     * {@code kid}s to a listener. A listener that throws is logged and ignored.
     *
     * @param listener the listener (replaces any earlier one)
     * @return this builder
     */
    public Builder listener(ValidationListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Uses this JDK client instead of a new one.
     *
     * @param client the JDK client to use (never closed by this library); it should not follow
     *     redirects (redirect answers are refused either way)
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /**
     * Bounds the network. The request timeout covers each whole JWK Set exchange, body included,
     * and so bounds the wait of a validation with a cold cache.
     *
     * @param connect connect timeout for the built-in client (default 3 s)
     * @param request timeout of each request (default 5 s)
     * @return this builder
     * @throws IllegalArgumentException if a duration is not positive
     */
    public Builder timeouts(Duration connect, Duration request) {
      this.connectTimeout = Calls.positive(connect, "connect");
      this.requestTimeout = Calls.positive(request, "request");
      return this;
    }

    /**
     * Sets how long fetched keys are cached: {@code Cache-Control: max-age}, clamped to
     * [{@code min}, {@code max}]. A background refresh starts at 80% of the lifetime.
     *
     * @param min lower clamp of the cache lifetime (default 1 min)
     * @param max upper clamp (default 24 h; at most 30 days)
     * @param fallback lifetime without {@code Cache-Control: max-age} (default 10 min), clamped too
     * @return this builder
     * @throws IllegalArgumentException if a duration is not positive, {@code max < min}, or
     *     {@code max} exceeds 30 days
     */
    public Builder cacheLifetime(Duration min, Duration max, Duration fallback) {
      Calls.positive(min, "min");
      Calls.positive(max, "max");
      if (max.compareTo(min) < 0) throw new IllegalArgumentException("max < min");
      if (max.compareTo(CacheLifetime.LONGEST) > 0) throw new IllegalArgumentException("max > 30 days: " + max);
      this.minTtl = min;
      this.maxTtl = max;
      this.defaultTtl = Calls.positive(fallback, "fallback");
      return this;
    }

    /**
     * Sets the least time between fetches caused by tokens with a {@code kid} that is not cached,
     * shared by all {@code kid}s: under any flood of made-up {@code kid}s the server sees at most
     * one such fetch per cooldown, and a newly published key validates within the cooldown of its
     * first token.
     *
     * @param cooldown the least time between such fetches (default 5 s; at least 1 s)
     * @return this builder
     * @throws IllegalArgumentException if {@code cooldown} is shorter than 1 s
     */
    public Builder unknownKeyCooldown(Duration cooldown) {
      Objects.requireNonNull(cooldown, "cooldown == null");
      if (cooldown.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("unknownKeyCooldown must be at least 1 s: " + cooldown);
      }
      this.unknownKidCooldown = cooldown;
      return this;
    }

    /**
     * Sets what happens while the server fails: cached keys keep serving, without waiting, until
     * {@code maxStale} after their fetch, and after a failed fetch no fetch of any kind starts
     * before {@code backoff} has passed.
     *
     * @param maxStale how long after their fetch cached keys may be used (default 6 h; zero: not
     *     past their lifetime)
     * @param backoff the least wait after a failed fetch (default 10 s)
     * @return this builder
     * @throws IllegalArgumentException if {@code maxStale} is negative or above 30 days, or
     *     {@code backoff} is not positive
     */
    public Builder outagePolicy(Duration maxStale, Duration backoff) {
      Objects.requireNonNull(maxStale, "maxStale == null");
      if (maxStale.isNegative() || maxStale.compareTo(CacheLifetime.LONGEST) > 0) {
        throw new IllegalArgumentException("maxStale must be in [0, 30 days]: " + maxStale);
      }
      this.maxStale = maxStale;
      this.failureBackoff = Calls.positive(backoff, "backoff");
      return this;
    }

    /**
     * Bounds the JWK Set document.
     *
     * @param bytes largest accepted JWK Set (default 512 KiB)
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is below 1024
     */
    public Builder maxResponseBytes(int bytes) {
      if (bytes < 1024) throw new IllegalArgumentException("maxResponseBytes < 1024: " + bytes);
      this.maxBytes = bytes;
      return this;
    }

    /**
     * Sets the time source of cache lifetimes, back-off and cooldown.
     *
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
     * Builds the key source; nothing is fetched until it is first used or warmed up.
     *
     * @return the key source
     * @throws IllegalStateException if there is no URL
     * @throws IllegalArgumentException if the URL is not HTTPS (or loopback HTTP) and insecure HTTP
     *     was not allowed
     */
    public RemoteJwkSet build() {
      if (fixedUri == null) throw new IllegalStateException("no JWK Set URL");
      if (!Http.acceptable(fixedUri, allowInsecure)) {
        throw new IllegalArgumentException("JWK Set URL " + Http.safe(fixedUri) + " must be HTTPS (HTTP only on loopback);"
            + " for a sidecar on a private network call allowInsecureHttp()");
      }
      URI u = fixedUri;
      return new RemoteJwkSet(this, () -> CompletableFuture.completedFuture(u));
    }
  }
}
