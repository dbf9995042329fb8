package io.identsphere.oidc;

import io.identsphere.IdentSphereUser;
import io.identsphere.oidc.IdentityServerException.Kind;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The userinfo endpoint (OIDC Core §5.3), its answer checked by {@link Answers#userinfo}.
 *
 * <p>Thread-safe.
 */
final class UserInfo {
  private final ClientSettings settings;
  private final Discovery discovery;
  private final ServerCalls calls;

  UserInfo(ClientSettings settings, Discovery discovery, ServerCalls calls) {
    this.settings = settings;
    this.discovery = discovery;
    this.calls = calls;
  }

  /** Asks who the access token's user is; {@code expectedSubject} may be null. */
  CompletableFuture<IdentSphereUser> fetch(String accessToken, String expectedSubject) {
    Objects.requireNonNull(accessToken, "accessToken == null");
    return discovery.metadata().thenCompose(md -> {
      URI u = md.userinfoEndpoint().orElseThrow(() ->
          IdentityServerException.of(Kind.MALFORMED_RESPONSE, "discovery names no userinfo_endpoint"));
      return calls.get(u, accessToken, null, "userinfo")
          .thenApply(body -> Answers.userinfo(body, md.issuer(), expectedSubject, settings.mapping, Answers.USERINFO));
    });
  }
}
