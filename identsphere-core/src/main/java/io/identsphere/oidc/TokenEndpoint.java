package io.identsphere.oidc;

import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The token endpoint (RFC 6749 §3.2) and its grants: the authorization code with PKCE, with the
 * callback checks around it; refresh; client credentials. Every grant carries the configured
 * resource indicators (RFC 8707 §2.2) as repeated {@code resource} parameters. With a DPoP key,
 * each request carries a proof ({@link DpopRequests}).
 *
 * <p>Thread-safe.
 */
final class TokenEndpoint {
  private final ClientSettings settings;
  private final Discovery discovery;
  private final ServerCalls calls;
  private final TokenChecks checks;
  private final DpopRequests dpop;

  TokenEndpoint(ClientSettings settings, Discovery discovery, ServerCalls calls, TokenChecks checks) {
    this.settings = settings;
    this.dpop = settings.dpop;
    this.discovery = discovery;
    this.calls = calls;
    this.checks = checks;
  }

  /** Checks the callback ({@code state}, {@code iss}, {@code error}), exchanges the code, checks the ID token. */
  CompletableFuture<TokenResponse> handleCallback(AuthorizationRequest request, URI callback) {
    Map<String, String> q;
    try {
      q = Callbacks.parse(callback, request);
    } catch (IdentityServerException e) {
      return CompletableFuture.failedFuture(e);
    }
    return discovery.metadata().thenCompose(md -> {
      Callbacks.checkIssuer(q, md);
      Callbacks.checkError(q);
      return exchangeCode(Callbacks.code(q), request.codeVerifier(), request.redirectUri());
    }).thenApply(tokens -> {
      if (tokens.idToken().isPresent()) {
        checks.idToken(tokens.idToken().get(), request.nonce(), tokens.accessToken());
      } else if (settings.scopes.contains("openid")) {
        throw IdentityServerException.of(Kind.MALFORMED_RESPONSE, "token response has no id_token although openid was requested");
      }
      return tokens;
    });
  }

  /** The authorization code grant (RFC 6749 §4.1.3, RFC 7636 §4.5). */
  CompletableFuture<TokenResponse> exchangeCode(String code, String codeVerifier, URI redirect) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("grant_type", "authorization_code");
    p.put("code", Objects.requireNonNull(code, "code == null"));
    p.put("redirect_uri", redirect.toString());
    p.put("code_verifier", Objects.requireNonNull(codeVerifier, "codeVerifier == null"));
    Resources.put(p, settings.resources);
    return call(p);
  }

  /** The refresh grant (RFC 6749 §6); an answer without a refresh token carries the one passed in. */
  CompletableFuture<TokenResponse> refresh(String refreshToken) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("grant_type", "refresh_token");
    p.put("refresh_token", Objects.requireNonNull(refreshToken, "refreshToken == null"));
    Resources.put(p, settings.resources);
    return call(p).thenApply(t -> {
      if (t.refreshToken().isPresent()) return t;
      return t.withRefreshToken(refreshToken);
    });
  }

  /** The client credentials grant (RFC 6749 §4.4) for these resources (already checked; empty for none). */
  CompletableFuture<TokenResponse> clientCredentials(List<URI> resources, String... requestedScopes) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("grant_type", "client_credentials");
    if (requestedScopes.length > 0) p.put("scope", String.join(" ", requestedScopes));
    Resources.put(p, resources);
    return call(p);
  }

  /** The client credentials grant for the configured resources. */
  CompletableFuture<TokenResponse> clientCredentials(String... requestedScopes) {
    return clientCredentials(settings.resources, requestedScopes);
  }

  private CompletableFuture<TokenResponse> call(Map<String, Object> params) {
    return discovery.metadata().thenCompose(md -> dpop.post(md.tokenEndpoint(), (headers, answered) ->
            calls.postForm(md.tokenEndpoint(), params, "token endpoint", headers, answered)))
        .thenApply(body -> dpop.check(TokenResponse.from(body, settings.clock.instant())));
  }
}
