package io.identsphere.oidc;

import io.identsphere.internal.http.Http;
import io.identsphere.internal.jose.Base64Url;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Authorization requests (OIDC Core §3.1.2.1): {@code response_type=code}, PKCE S256 (RFC 7636),
 * fresh {@code state} and {@code nonce}, the configured resource indicators (RFC 8707); pushed to
 * the server first (RFC 9126, {@link PushedRequests}) when the client opts in or discovery requires it.
 *
 * <p>Thread-safe.
 */
final class AuthorizationRequests {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ClientSettings settings;
  private final Discovery discovery;
  private final PushedRequests pushed;

  AuthorizationRequests(ClientSettings settings, Discovery discovery, ServerCalls calls) {
    this.settings = settings;
    this.discovery = discovery;
    this.pushed = new PushedRequests(settings, calls);
  }

  /** Builds the request to {@code redirect}; {@code extra} may not override a parameter set here. */
  CompletableFuture<AuthorizationRequest> create(URI redirect, Map<String, String> extra) {
    // The parameters are checked before any network call, so a bad extra fails at once.
    String verifier = random(32);
    String state = extra.containsKey("state") ? callerState(extra.get("state")) : random(16);
    String nonce = random(16);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("response_type", "code");
    p.put("client_id", settings.clientId);
    p.put("redirect_uri", redirect.toString());
    p.put("scope", String.join(" ", settings.scopes));
    p.put("state", state);
    p.put("nonce", nonce);
    p.put("code_challenge", codeChallenge(verifier));
    p.put("code_challenge_method", "S256");
    Resources.put(p, settings.resources);
    for (Map.Entry<String, String> e : extra.entrySet()) {
      if (e.getKey().equals("state")) continue; // the caller's own state, checked above
      if (p.containsKey(e.getKey()) || e.getKey().equals("request_uri")) {
        throw new IllegalArgumentException("parameter " + e.getKey() + " is set by the client");
      }
      p.put(e.getKey(), e.getValue());
    }
    return discovery.metadata().thenCompose(md -> {
      if (!settings.pushAuthorizationRequests && !md.requirePushedAuthorizationRequests()) {
        URI u = Http.withQuery(md.authorizationEndpoint(), p);
        return CompletableFuture.completedFuture(new AuthorizationRequest(u, state, nonce, verifier, redirect));
      }
      URI par = md.pushedAuthorizationRequestEndpoint().orElseThrow(() -> IdentityServerException.of(
          Kind.MALFORMED_RESPONSE, md.requirePushedAuthorizationRequests()
              ? "discovery requires pushed authorization requests but names no pushed_authorization_request_endpoint"
              : "pushed authorization requests are enabled but discovery names no pushed_authorization_request_endpoint"));
      return pushed.push(par, p).thenApply(ref -> {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", settings.clientId);
        q.put("request_uri", ref.requestUri);
        return new AuthorizationRequest(Http.withQuery(md.authorizationEndpoint(), q), state, nonce, verifier, redirect,
            Optional.of(ref.expiresAt));
      });
    });
  }

  /** A caller-supplied {@code state}: 1 to 1024 printable ASCII characters (RFC 6749 Appendix A.5, VSCHAR). */
  static String callerState(String state) {
    if (state == null || state.isEmpty() || state.length() > 1024) {
      throw new IllegalArgumentException("state must be 1 to 1024 characters");
    }
    for (int i = 0; i < state.length(); i++) {
      char c = state.charAt(i);
      if (c < 0x20 || c > 0x7e) throw new IllegalArgumentException("state must be printable ASCII (RFC 6749 VSCHAR)");
    }
    return state;
  }

  /** {@code BASE64URL(SHA256(ASCII(codeVerifier)))} (RFC 7636 §4.2). */
  static String codeChallenge(String codeVerifier) {
    try {
      return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(codeVerifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64Url.encode(b);
  }
}
