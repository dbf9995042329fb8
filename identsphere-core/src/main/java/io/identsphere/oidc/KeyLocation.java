package io.identsphere.oidc;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Where the identity server's JWK Set is: discovery's {@code jwks_uri} when the server publishes a
 * discovery document, else, when the discovery URL answers 404, IdentSphere's own
 * {@code {authority}/.well-known/jwks.json}. Any other discovery failure (unreachable, a 500, an
 * issuer mismatch, a malformed document) fails the lookup: only "there is no such document"
 * selects the fallback. Asked again before each key fetch, so a server that gains discovery is
 * followed.
 *
 * <p>Stateless and thread-safe.
 */
final class KeyLocation {
  /** IdentSphere's JWK Set path under the authority. */
  static final String WELL_KNOWN_JWKS = "/.well-known/jwks.json";

  private KeyLocation() {}

  /** The client's key source: the JWK Set at this location, with the client's HTTP client, clock and timeouts. */
  static RemoteJwkSet keySource(ClientSettings s, Discovery discovery) {
    RemoteJwkSet.Builder kb = s.keyOptions;
    kb.client = s.http;
    kb.clock = s.clock;
    kb.requestTimeout = s.requestTimeout;
    kb.allowInsecure = s.allowInsecure;
    return RemoteJwkSet.discovered(kb, of(discovery, s.authority));
  }

  static Supplier<CompletableFuture<URI>> of(Discovery discovery, String authority) {
    String base = authority.endsWith("/") ? authority.substring(0, authority.length() - 1) : authority;
    URI fallback = URI.create(base + WELL_KNOWN_JWKS);
    return () -> discovery.metadata().handle((md, t) -> {
      if (md != null) return md.jwksUri();
      Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
      if (c instanceof IdentityServerException && ((IdentityServerException) c).status().orElse(0) == 404) return fallback;
      throw c instanceof RuntimeException ? (RuntimeException) c : new CompletionException(c);
    });
  }
}
