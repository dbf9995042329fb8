package io.identsphere.oidc;

import io.identsphere.IdentSphereException;
import io.identsphere.internal.watch.Watch;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Token introspection (RFC 7662) at the endpoint discovery names, the answer checked by
 * {@link Answers#introspection}.
 *
 * <p>Thread-safe.
 */
final class Introspection {
  private final ClientSettings settings;
  private final Discovery discovery;
  private final ServerCalls calls;

  Introspection(ClientSettings settings, Discovery discovery, ServerCalls calls) {
    this.settings = settings;
    this.discovery = discovery;
    this.calls = calls;
  }

  /** Asks whether a token is active. */
  CompletableFuture<IntrospectionResult> introspect(String token) {
    Objects.requireNonNull(token, "token == null");
    return discovery.metadata().thenCompose(md -> {
      URI u = md.introspectionEndpoint().orElseThrow(() ->
          IdentityServerException.of(Kind.MALFORMED_RESPONSE, "discovery names no introspection_endpoint"));
      Map<String, String> p = new LinkedHashMap<>();
      p.put("token", token);
      long start = System.nanoTime();
      return calls.postForm(u, p, "introspection")
          .thenApply(body -> Answers.introspection(body, md.issuer(), settings.clock.instant(), settings.mapping))
          .whenComplete((r, x) -> {
            Throwable c = x instanceof java.util.concurrent.CompletionException && x.getCause() != null ? x.getCause() : x;
            if (c == null || c instanceof IdentSphereException) {
              Watch.introspection(settings.listener, r != null && r.active(), (IdentSphereException) c,
                  Duration.ofNanos(System.nanoTime() - start));
            }
          });
    });
  }
}
